package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import java.util.List;
import java.util.Objects;

/** SUBSCRIBE (MQTT 5.0 §3.8): at least one subscription (MQTT-3.8.3-3). */
public record Subscribe(int packetId, List<Subscription> subscriptions, MqttProperties properties)
        implements MqttPacket {

    public Subscribe {
        PacketIds.require(packetId);
        subscriptions = List.copyOf(subscriptions);
        Objects.requireNonNull(properties, "properties");
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("a SUBSCRIBE needs at least one Topic Filter (MQTT-3.8.3-3)");
        }
        properties.requireAllowedIn(PropertyContext.SUBSCRIBE);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.SUBSCRIBE;
    }
}
