package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.Objects;

/**
 * CONNACK (MQTT 5.0 §3.2). In 3.1.1 the reason code travels as a Connect Return Code 0..5
 * (3.1.1 §3.2.2.3), which maps onto Success, Unsupported Protocol Version, Client Identifier not
 * valid, Server unavailable, Bad User Name or Password and Not authorized.
 */
public record Connack(boolean sessionPresent, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    public Connack {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(properties, "properties");
        if (!reasonCode.isValidIn(ControlPacketType.CONNACK)) {
            throw new IllegalArgumentException(reasonCode + " is not a CONNACK reason code (§3.2.2.2)");
        }
        if (sessionPresent && reasonCode.isError()) {
            throw new IllegalArgumentException("Session Present must be 0 with an error reason code (MQTT-3.2.2-6)");
        }
        properties.requireAllowedIn(PropertyContext.CONNACK);
    }

    public static Connack of(boolean sessionPresent, ReasonCode reasonCode) {
        return new Connack(sessionPresent, reasonCode, MqttProperties.EMPTY);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.CONNACK;
    }
}
