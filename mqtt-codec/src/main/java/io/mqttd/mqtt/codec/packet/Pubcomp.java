package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.Objects;

/**
 * PUBCOMP (MQTT 5.0 §3.7). In MQTT 3.1.1 only the Packet Identifier travels, so the reason code is
 * {@code SUCCESS} and the properties are empty there.
 */
public record Pubcomp(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    public Pubcomp {
        PacketIds.require(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidIn(ControlPacketType.PUBCOMP)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBCOMP reason code (§3.7.2.1)");
        }
        properties.requireAllowedIn(PropertyContext.PUBCOMP);
    }

    /** A successful PUBCOMP without properties. */
    public static Pubcomp of(int packetId) {
        return new Pubcomp(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.PUBCOMP;
    }
}
