package io.mqttd.mqtt.codec.property;

import io.mqttd.mqtt.codec.wire.MqttUtf8;
import java.util.Objects;

/** A User Property: a UTF-8 String Pair (MQTT 5.0 §1.5.7, §3.1.2.11.8). Names may repeat. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        MqttUtf8.encodedLength(name, "user property name");
        MqttUtf8.encodedLength(value, "user property value");
    }
}
