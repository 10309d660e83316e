package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import io.mqttd.mqtt.codec.wire.Topics;
import java.util.Objects;

/**
 * One Topic Filter and its options in a SUBSCRIBE (MQTT 5.0 §3.8.3). The filter obeys the wildcard
 * rules (MQTT-4.7.1-1, MQTT-4.7.1-2); a {@code $share/} filter must also be a valid Shared
 * Subscription (MQTT-4.8.2-1, MQTT-4.8.2-2) and must not set No Local (MQTT-3.8.3-4) when sent
 * with MQTT 5.0, which the encoder checks since 3.1.1 has no shared subscriptions.
 */
public record Subscription(String topicFilter, SubscriptionOptions options) {
    public Subscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(options, "options");
        String violated = Topics.checkTopicFilter(topicFilter, false);
        if (violated != null) {
            throw new IllegalArgumentException("invalid Topic Filter (" + violated + "): " + topicFilter);
        }
        MqttUtf8.encodedLength(topicFilter, "Topic Filter");
    }

    public static Subscription of(String topicFilter, Qos maxQos) {
        return new Subscription(topicFilter, SubscriptionOptions.of(maxQos));
    }
}
