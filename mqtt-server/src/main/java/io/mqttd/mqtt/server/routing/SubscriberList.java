package io.mqttd.mqtt.server.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The non-shared subscriptions whose filter ends at one trie node: arrays that matching walks by
 * index (no iterator, so no allocation per match), plus an index for subscribe and unsubscribe.
 * Changed only under the trie's write lock; removal swaps the last entry into the hole.
 */
final class SubscriberList<S, V> {
    private final Map<S, Integer> index = new HashMap<>(4);
    private Object[] subscribers = new Object[2];
    private Object[] values = new Object[2];
    private int size;

    /** Adds or replaces; true if the subscriber was not in the list. */
    boolean put(S subscriber, V value) {
        Integer at = index.get(subscriber);
        if (at != null) {
            values[at] = value;
            return false;
        }
        if (size == subscribers.length) {
            subscribers = Arrays.copyOf(subscribers, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        subscribers[size] = subscriber;
        values[size] = value;
        index.put(subscriber, size);
        size++;
        return true;
    }

    boolean remove(S subscriber) {
        Integer at = index.remove(subscriber);
        if (at == null) {
            return false;
        }
        int last = --size;
        if (at != last) {
            subscribers[at] = subscribers[last];
            values[at] = values[last];
            @SuppressWarnings("unchecked")
            S moved = (S) subscribers[at];
            index.put(moved, at);
        }
        subscribers[last] = null;
        values[last] = null;
        return true;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    S subscriber(int i) {
        return (S) subscribers[i];
    }

    @SuppressWarnings("unchecked")
    V value(int i) {
        return (V) values[i];
    }

    void copyInto(Map<S, V> out) {
        for (int i = 0; i < size; i++) {
            out.put(subscriber(i), value(i));
        }
    }
}
