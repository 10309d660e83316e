package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.List;
import java.util.Objects;

/**
 * UNSUBACK (MQTT 5.0 §3.11): one reason code per Topic Filter. MQTT 3.1.1's UNSUBACK carries only
 * the Packet Identifier, so decoded 3.1.1 packets have no reason codes and the encoder drops them.
 */
public record Unsuback(int packetId, List<ReasonCode> reasonCodes, MqttProperties properties) implements MqttPacket {
    public Unsuback {
        PacketIds.require(packetId);
        reasonCodes = List.copyOf(reasonCodes);
        Objects.requireNonNull(properties, "properties");
        for (ReasonCode rc : reasonCodes) {
            if (!rc.isValidIn(ControlPacketType.UNSUBACK)) {
                throw new IllegalArgumentException(rc + " is not an UNSUBACK reason code (§3.11.3)");
            }
        }
        properties.requireAllowedIn(PropertyContext.UNSUBACK);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.UNSUBACK;
    }
}
