package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.Objects;

/**
 * PUBREL (MQTT 5.0 §3.6). In MQTT 3.1.1 only the Packet Identifier travels, so the reason code is
 * {@code SUCCESS} and the properties are empty there.
 */
public record Pubrel(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    public Pubrel {
        PacketIds.require(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidIn(ControlPacketType.PUBREL)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBREL reason code (§3.6.2.1)");
        }
        properties.requireAllowedIn(PropertyContext.PUBREL);
    }

    /** A successful PUBREL without properties. */
    public static Pubrel of(int packetId) {
        return new Pubrel(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.PUBREL;
    }
}
