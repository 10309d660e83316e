package io.mqttd.mqtt.server.routing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one Shared Subscription {@code $share/{ShareName}/{filter}} (MQTT 5.0 §4.8.2):
 * each matching message goes to one member only. Members are picked round-robin, which is what
 * Mosquitto, EMQX and HiveMQ do by default; the spec leaves the strategy open.
 *
 * <p>The member array is replaced, never changed in place (copy-on-write under the trie's write
 * lock), so {@link #next()} needs no lock beyond the trie's read lock.
 */
public final class SharedGroup<S, V> {
    private final String shareName;
    private final String filter;
    private Object[] subscribers = new Object[0];
    private Object[] values = new Object[0];
    private final AtomicInteger cursor = new AtomicInteger();

    SharedGroup(String shareName, String filter) {
        this.shareName = shareName;
        this.filter = filter;
    }

    public String shareName() {
        return shareName;
    }

    /** The Topic Filter after {@code $share/{ShareName}/}. */
    public String filter() {
        return filter;
    }

    public int size() {
        return subscribers.length;
    }

    /** The index of the member to deliver the next message to; -1 if the group is empty. */
    public int next() {
        int n = subscribers.length;
        return n == 0 ? -1 : Math.floorMod(cursor.getAndIncrement(), n);
    }

    @SuppressWarnings("unchecked")
    public S subscriber(int index) {
        return (S) subscribers[index];
    }

    @SuppressWarnings("unchecked")
    public V value(int index) {
        return (V) values[index];
    }

    /** Adds or replaces a member; true if it is new. */
    boolean put(S subscriber, V value) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i].equals(subscriber)) {
                Object[] v = values.clone();
                v[i] = value;
                values = v;
                return false;
            }
        }
        int n = subscribers.length;
        Object[] s = java.util.Arrays.copyOf(subscribers, n + 1);
        Object[] v = java.util.Arrays.copyOf(values, n + 1);
        s[n] = subscriber;
        v[n] = value;
        values = v;
        subscribers = s;
        return true;
    }

    boolean remove(S subscriber) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i].equals(subscriber)) {
                int n = subscribers.length;
                Object[] s = new Object[n - 1];
                Object[] v = new Object[n - 1];
                System.arraycopy(subscribers, 0, s, 0, i);
                System.arraycopy(subscribers, i + 1, s, i, n - i - 1);
                System.arraycopy(values, 0, v, 0, i);
                System.arraycopy(values, i + 1, v, i, n - i - 1);
                subscribers = s;
                values = v;
                return true;
            }
        }
        return false;
    }

    void copyInto(Map<S, V> out) {
        for (int i = 0; i < subscribers.length; i++) {
            out.put(subscriber(i), value(i));
        }
    }
}
