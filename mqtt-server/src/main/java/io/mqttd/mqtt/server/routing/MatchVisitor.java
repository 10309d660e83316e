package io.mqttd.mqtt.server.routing;

/**
 * Receives the subscriptions that match a topic name, during {@link SubscriptionTrie#match}. Called
 * under the trie's read lock: it must not change the trie.
 *
 * @param <S> who subscribed (a session)
 * @param <V> what the subscription carries (its filter and options)
 */
public interface MatchVisitor<S, V> {

    /** A non-shared subscription of {@code subscriber} whose filter matches the topic. */
    void subscription(S subscriber, V value);

    /**
     * A Shared Subscription group whose filter matches the topic; the visitor delivers to one of
     * its members (MQTT 5.0 §4.8.2), usually {@link SharedGroup#next()}.
     */
    void sharedGroup(SharedGroup<S, V> group);
}
