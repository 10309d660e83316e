package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import io.mqttd.mqtt.codec.wire.Topics;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Will Message of a CONNECT (MQTT 5.0 §3.1.2.5, §3.1.3.2..5): published by the Server when the
 * connection ends without a normal DISCONNECT.
 *
 * @param properties Will Properties (§3.1.3.2); empty for MQTT 3.1.1
 */
public record Will(Qos qos, boolean retain, String topic, ByteBuffer payload, MqttProperties properties) {
    public Will {
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(properties, "properties");
        String violated = Topics.checkTopicName(topic);
        if (violated != null) {
            throw new IllegalArgumentException("invalid Will Topic (" + violated + "): " + topic);
        }
        MqttUtf8.encodedLength(topic, "Will Topic");
        payload = Binary.readOnlyBinaryData(Objects.requireNonNull(payload, "payload"), "Will Payload");
        properties.requireAllowedIn(PropertyContext.WILL);
    }

    public Will(Qos qos, boolean retain, String topic, byte[] payload) {
        this(qos, retain, topic, ByteBuffer.wrap(payload.clone()), MqttProperties.EMPTY);
    }

    /** A read-only view of the payload starting at index 0; each call returns an independent view. */
    @Override
    public ByteBuffer payload() {
        return payload.slice();
    }
}
