package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.Objects;

/**
 * PUBREC (MQTT 5.0 §3.5). In MQTT 3.1.1 only the Packet Identifier travels, so the reason code is
 * {@code SUCCESS} and the properties are empty there.
 */
public record Pubrec(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    public Pubrec {
        PacketIds.require(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidIn(ControlPacketType.PUBREC)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBREC reason code (§3.5.2.1)");
        }
        properties.requireAllowedIn(PropertyContext.PUBREC);
    }

    /** A successful PUBREC without properties. */
    public static Pubrec of(int packetId) {
        return new Pubrec(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.PUBREC;
    }
}
