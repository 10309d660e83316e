package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import java.util.Objects;

/**
 * One subscription of a session as the store keeps it: the Topic Filter (a {@code $share/} filter
 * included), its options (MQTT 5.0 §3.8.3.1, the codec's {@link SubscriptionOptions}) and its
 * Subscription Identifier (§3.8.2.1.2), {@link #NO_IDENTIFIER} when the SUBSCRIBE carried none.
 */
public record StoredSubscription(String topicFilter, SubscriptionOptions options, int subscriptionIdentifier) {

    /** The value of {@link #subscriptionIdentifier()} when there is none; valid ones are 1 to 268,435,455. */
    public static final int NO_IDENTIFIER = 0;

    /** MQTT 5.0 §3.8.2.1.2: a Variable Byte Integer from 1 to 268,435,455. */
    public static final int MAX_IDENTIFIER = 268_435_455;

    public StoredSubscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(options, "options");
        if (!StoreKeys.fitsU16(topicFilter)) {
            throw new IllegalArgumentException("topic filter longer than 65535 bytes");
        }
        if (subscriptionIdentifier < 0 || subscriptionIdentifier > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("subscription identifier out of range: " + subscriptionIdentifier);
        }
    }

    /** A subscription with default options and no identifier. */
    public static StoredSubscription of(String topicFilter, Qos maximumQos) {
        return new StoredSubscription(topicFilter, SubscriptionOptions.of(maximumQos), NO_IDENTIFIER);
    }
}
