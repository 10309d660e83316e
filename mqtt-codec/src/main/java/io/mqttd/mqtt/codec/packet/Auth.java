package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.Objects;

/** AUTH (MQTT 5.0 §3.15): extended authentication exchange; MQTT 5.0 only. */
public record Auth(ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    public Auth {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidIn(ControlPacketType.AUTH)) {
            throw new IllegalArgumentException(reasonCode + " is not an AUTH reason code (§3.15.2.1)");
        }
        properties.requireAllowedIn(PropertyContext.AUTH);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.AUTH;
    }
}
