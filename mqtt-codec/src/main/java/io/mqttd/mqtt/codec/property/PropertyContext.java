package io.mqttd.mqtt.codec.property;

/**
 * Where a property list appears: one per packet type that has properties, plus the Will Properties
 * inside CONNECT's payload (MQTT 5.0 §3.1.3.2), which admit a different set.
 */
public enum PropertyContext {
    CONNECT,
    CONNACK,
    PUBLISH,
    WILL,
    PUBACK,
    PUBREC,
    PUBREL,
    PUBCOMP,
    SUBSCRIBE,
    SUBACK,
    UNSUBSCRIBE,
    UNSUBACK,
    DISCONNECT,
    AUTH
}
