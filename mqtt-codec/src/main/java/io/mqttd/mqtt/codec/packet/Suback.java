package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.List;
import java.util.Objects;

/**
 * SUBACK (MQTT 5.0 §3.9): one reason code per Topic Filter of the SUBSCRIBE. MQTT 3.1.1 return codes
 * 0x00, 0x01, 0x02 and 0x80 are the same bytes as Granted QoS 0..2 and Unspecified error; other
 * reason codes cannot be sent with 3.1.1.
 */
public record Suback(int packetId, List<ReasonCode> reasonCodes, MqttProperties properties) implements MqttPacket {
    public Suback {
        PacketIds.require(packetId);
        reasonCodes = List.copyOf(reasonCodes);
        Objects.requireNonNull(properties, "properties");
        if (reasonCodes.isEmpty()) {
            throw new IllegalArgumentException("a SUBACK answers at least one Topic Filter (§3.9.3)");
        }
        for (ReasonCode rc : reasonCodes) {
            if (!rc.isValidIn(ControlPacketType.SUBACK)) {
                throw new IllegalArgumentException(rc + " is not a SUBACK reason code (§3.9.3)");
            }
        }
        properties.requireAllowedIn(PropertyContext.SUBACK);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.SUBACK;
    }
}
