package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import io.mqttd.mqtt.codec.wire.Topics;
import java.util.List;
import java.util.Objects;

/** UNSUBSCRIBE (MQTT 5.0 §3.10): at least one Topic Filter (MQTT-3.10.3-2). */
public record Unsubscribe(int packetId, List<String> topicFilters, MqttProperties properties) implements MqttPacket {
    public Unsubscribe {
        PacketIds.require(packetId);
        topicFilters = List.copyOf(topicFilters);
        Objects.requireNonNull(properties, "properties");
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("an UNSUBSCRIBE needs at least one Topic Filter (MQTT-3.10.3-2)");
        }
        for (String f : topicFilters) {
            String violated = Topics.checkTopicFilter(f, false);
            if (violated != null) {
                throw new IllegalArgumentException("invalid Topic Filter (" + violated + "): " + f);
            }
            MqttUtf8.encodedLength(f, "Topic Filter");
        }
        properties.requireAllowedIn(PropertyContext.UNSUBSCRIBE);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.UNSUBSCRIBE;
    }
}
