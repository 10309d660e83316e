package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.Objects;

/**
 * PUBACK (MQTT 5.0 §3.4). In MQTT 3.1.1 only the Packet Identifier travels, so the reason code is
 * {@code SUCCESS} and the properties are empty there.
 */
public record Puback(int packetId, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    public Puback {
        PacketIds.require(packetId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidIn(ControlPacketType.PUBACK)) {
            throw new IllegalArgumentException(reasonCode + " is not a PUBACK reason code (§3.4.2.1)");
        }
        properties.requireAllowedIn(PropertyContext.PUBACK);
    }

    /** A successful PUBACK without properties. */
    public static Puback of(int packetId) {
        return new Puback(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.PUBACK;
    }
}
