package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.Objects;

/**
 * DISCONNECT (MQTT 5.0 §3.14), which either side may send in 5.0. MQTT 3.1.1's DISCONNECT has no
 * body: decoded it is Normal disconnection without properties.
 */
public record Disconnect(ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    /** Normal disconnection without properties. */
    public static final Disconnect NORMAL = new Disconnect(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY);

    public Disconnect {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidIn(ControlPacketType.DISCONNECT)) {
            throw new IllegalArgumentException(reasonCode + " is not a DISCONNECT reason code (§3.14.2.1)");
        }
        properties.requireAllowedIn(PropertyContext.DISCONNECT);
    }

    public static Disconnect of(ReasonCode reasonCode) {
        return new Disconnect(reasonCode, MqttProperties.EMPTY);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.DISCONNECT;
    }
}
