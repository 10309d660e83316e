package io.mqttd.mqtt.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One subscription of a session with its options (MQTT 5.0 §3.8.3.1) and its Subscription
 * Identifier (§3.8.2.1.2), {@link #NO_IDENTIFIER} when the SUBSCRIBE carried none.
 */
public record Subscription(
        String topicFilter,
        QoS maximumQos,
        boolean noLocal,
        boolean retainAsPublished,
        RetainHandling retainHandling,
        int subscriptionIdentifier) {

    /** The value of {@link #subscriptionIdentifier()} when there is none; valid ones are 1 to 268,435,455. */
    public static final int NO_IDENTIFIER = 0;

    /** MQTT 5.0 §3.8.2.1.2: a Variable Byte Integer from 1 to 268,435,455. */
    public static final int MAX_IDENTIFIER = 268_435_455;

    public Subscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(maximumQos, "maximumQos");
        Objects.requireNonNull(retainHandling, "retainHandling");
        if (topicFilter.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException("topic filter longer than 65535 bytes");
        }
        if (subscriptionIdentifier < 0 || subscriptionIdentifier > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("subscription identifier out of range: " + subscriptionIdentifier);
        }
    }

    /** A subscription with default options and no identifier. */
    public static Subscription of(String topicFilter, QoS maximumQos) {
        return new Subscription(topicFilter, maximumQos, false, false, RetainHandling.SEND_ON_SUBSCRIBE, NO_IDENTIFIER);
    }
}
