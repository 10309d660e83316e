package io.mqttd.mqtt.server.routing;

import java.util.Map;

/**
 * One topic level of the {@link SubscriptionTrie}. Exact-level children sit in an open-addressing
 * table that is probed with a region of the topic string, so that matching never cuts the topic
 * into substrings. Guarded by the trie's lock.
 */
final class TrieNode<S, V> {
    final String level;
    final TrieNode<S, V> parent;
    private TrieNode<S, V>[] table;
    private int childCount;
    TrieNode<S, V> plus;
    TrieNode<S, V> hash;
    /** Non-shared subscriptions whose filter ends at this node; null while there are none. */
    SubscriberList<S, V> subscribers;
    /** Shared Subscription groups by ShareName whose filter ends at this node; null while none. */
    Map<String, SharedGroup<S, V>> shared;
    /** The values of {@link #shared} as an array, rebuilt when a group comes or goes, for matching without an iterator. */
    SharedGroup<S, V>[] sharedGroups;

    TrieNode(String level, TrieNode<S, V> parent) {
        this.level = level;
        this.parent = parent;
    }

    /** The child for topic characters {@code [from, to)}, or null. */
    TrieNode<S, V> child(String topic, int from, int to) {
        TrieNode<S, V>[] t = table;
        if (t == null) {
            return null;
        }
        int len = to - from;
        int mask = t.length - 1;
        for (int i = hash(topic, from, to) & mask; ; i = (i + 1) & mask) {
            TrieNode<S, V> n = t[i];
            if (n == null) {
                return null;
            }
            if (n.level.length() == len && topic.regionMatches(from, n.level, 0, len)) {
                return n;
            }
        }
    }

    TrieNode<S, V> childOrCreate(String level) {
        TrieNode<S, V> existing = child(level, 0, level.length());
        if (existing != null) {
            return existing;
        }
        TrieNode<S, V> n = new TrieNode<>(level, this);
        if (table == null) {
            table = newTable(4);
        } else if ((childCount + 1) * 2 > table.length) {
            TrieNode<S, V>[] old = table;
            table = newTable(old.length * 2);
            for (TrieNode<S, V> o : old) {
                if (o != null) {
                    insert(o);
                }
            }
        }
        insert(n);
        childCount++;
        return n;
    }

    void removeChild(TrieNode<S, V> child) {
        TrieNode<S, V>[] old = table;
        table = null;
        childCount = 0;
        for (TrieNode<S, V> o : old) {
            if (o != null && o != child) {
                if (table == null) {
                    table = newTable(old.length);
                }
                insert(o);
                childCount++;
            }
        }
    }

    boolean isEmpty() {
        return childCount == 0 && plus == null && hash == null
                && (subscribers == null || subscribers.size() == 0) && (shared == null || shared.isEmpty());
    }

    void forEachChild(java.util.function.Consumer<TrieNode<S, V>> action) {
        if (table != null) {
            for (TrieNode<S, V> n : table) {
                if (n != null) {
                    action.accept(n);
                }
            }
        }
        if (plus != null) {
            action.accept(plus);
        }
        if (hash != null) {
            action.accept(hash);
        }
    }

    SubscriberList<S, V> subscribersOrCreate() {
        if (subscribers == null) {
            subscribers = new SubscriberList<>();
        }
        return subscribers;
    }

    @SuppressWarnings("unchecked")
    void sharedChanged() {
        sharedGroups = shared == null || shared.isEmpty() ? null : shared.values().toArray(new SharedGroup[0]);
    }

    private void insert(TrieNode<S, V> n) {
        int mask = table.length - 1;
        int i = hash(n.level, 0, n.level.length()) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = n;
    }

    /** String.hashCode over a region, spread so that the low bits index the table. */
    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    @SuppressWarnings("unchecked")
    private static <S, V> TrieNode<S, V>[] newTable(int size) {
        return (TrieNode<S, V>[]) new TrieNode[size];
    }
}
