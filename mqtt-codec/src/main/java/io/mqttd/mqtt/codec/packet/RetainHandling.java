package io.mqttd.mqtt.codec.packet;

/** Retain Handling subscription option (MQTT 5.0 §3.8.3.1): when retained messages are sent. */
public enum RetainHandling {
    SEND_ON_SUBSCRIBE,
    SEND_IF_NEW_SUBSCRIPTION,
    DO_NOT_SEND;

    public int value() {
        return ordinal();
    }
}
