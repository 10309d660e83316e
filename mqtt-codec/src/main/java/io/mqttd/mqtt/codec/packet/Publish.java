package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.codec.property.PropertyContext;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import io.mqttd.mqtt.codec.wire.Topics;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * PUBLISH (MQTT 5.0 §3.3).
 *
 * <p>A decoded payload is a read-only slice of the bytes it arrived in when the whole packet was in
 * the caller's buffer: valid only as long as the caller leaves that buffer's content alone. Copy it
 * ({@link #withCopiedPayload()}) before reusing the buffer if the message must outlive it. Likewise
 * the constructor takes a view of the remaining bytes of the given buffer, not a copy.
 *
 * @param packetId   0 for QoS 0 (MQTT-2.2.1-2), 1..65535 otherwise (MQTT-2.2.1-3)
 * @param topicName  may be empty only in MQTT 5.0 with a Topic Alias (§3.3.2.3.4)
 */
public record Publish(boolean dup, Qos qos, boolean retain, String topicName, int packetId, ByteBuffer payload,
        MqttProperties properties) implements MqttPacket {

    public Publish {
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(topicName, "topicName");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(payload, "payload");
        if (qos == Qos.AT_MOST_ONCE) {
            if (packetId != 0) {
                throw new IllegalArgumentException("a QoS 0 PUBLISH has no Packet Identifier (MQTT-2.2.1-2)");
            }
            if (dup) {
                throw new IllegalArgumentException("DUP must be 0 for QoS 0 (MQTT-3.3.1-2)");
            }
        } else {
            PacketIds.require(packetId);
        }
        if (!(topicName.isEmpty() && properties.contains(MqttProperty.TOPIC_ALIAS))) {
            String violated = Topics.checkTopicName(topicName);
            if (violated != null) {
                throw new IllegalArgumentException("invalid Topic Name (" + violated + "): " + topicName);
            }
        }
        MqttUtf8.encodedLength(topicName, "Topic Name");
        payload = Binary.readOnly(payload);
        properties.requireAllowedIn(PropertyContext.PUBLISH);
    }

    /** A QoS 0 PUBLISH without properties. */
    public static Publish qos0(String topicName, byte[] payload) {
        return new Publish(false, Qos.AT_MOST_ONCE, false, topicName, 0, ByteBuffer.wrap(payload.clone()),
                MqttProperties.EMPTY);
    }

    /** A read-only view of the payload starting at index 0; each call returns an independent view. */
    @Override
    public ByteBuffer payload() {
        return payload.slice();
    }

    /** The payload bytes as a new array. */
    public byte[] payloadBytes() {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    /** The same packet holding its own copy of the payload, independent of the decoder's input. */
    public Publish withCopiedPayload() {
        return new Publish(dup, qos, retain, topicName, packetId, ByteBuffer.wrap(payloadBytes()), properties);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.PUBLISH;
    }
}
