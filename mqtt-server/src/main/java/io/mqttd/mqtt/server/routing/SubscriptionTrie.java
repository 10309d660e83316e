package io.mqttd.mqtt.server.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The broker's subscriptions, keyed by topic level (MQTT 5.0 §4.7). Filters are stored split at
 * {@code /}; {@code +} and {@code #} levels have their own child slot, so matching a topic name
 * walks at most the levels of the topic times the wildcard branches, with no regular expression
 * and no allocation.
 *
 * <p>Matching rules: {@code +} matches exactly one level, {@code #} the parent level and any number
 * of levels below (§4.7.1.2), and a topic name starting with {@code $} is not matched by a filter
 * starting with a wildcard (MQTT-4.7.2-1). A filter {@code $share/{ShareName}/{filter}} is stored as
 * a member of the group {@code ShareName} under {@code filter} (§4.8.2).
 *
 * <p>Thread-safe: many connections match concurrently under a read lock; subscribe and
 * unsubscribe, far rarer, take the write lock.
 *
 * @param <S> the subscriber (equals/hashCode identify it: one subscription per filter and subscriber)
 * @param <V> what a subscription carries
 */
public final class SubscriptionTrie<S, V> {
    private static final String SHARE_PREFIX = "$share/";

    private final TrieNode<S, V> root = new TrieNode<>("", null);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private int size;

    /**
     * Adds or replaces the subscription of {@code subscriber} to {@code filter} (a valid Topic
     * Filter, possibly {@code $share/...}).
     *
     * @return true if the subscriber had no subscription to this filter (MQTT-3.8.4-3: a repeated
     *     SUBSCRIBE replaces the existing subscription)
     */
    public boolean subscribe(String filter, S subscriber, V value) {
        lock.writeLock().lock();
        try {
            String shareName = shareName(filter);
            TrieNode<S, V> node = nodeFor(shareName == null ? filter : sharedFilter(filter), true);
            boolean added;
            if (shareName == null) {
                added = node.subscribersOrCreate().put(subscriber, value);
            } else {
                if (node.shared == null) {
                    node.shared = new HashMap<>(2);
                }
                SharedGroup<S, V> group = node.shared.get(shareName);
                if (group == null) {
                    group = new SharedGroup<>(shareName, sharedFilter(filter));
                    node.shared.put(shareName, group);
                    node.sharedChanged();
                }
                added = group.put(subscriber, value);
            }
            if (added) {
                size++;
            }
            return added;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the subscription; true if there was one. Empty branches are pruned. */
    public boolean unsubscribe(String filter, S subscriber) {
        lock.writeLock().lock();
        try {
            String shareName = shareName(filter);
            TrieNode<S, V> node = nodeFor(shareName == null ? filter : sharedFilter(filter), false);
            if (node == null) {
                return false;
            }
            boolean removed;
            if (shareName == null) {
                removed = node.subscribers != null && node.subscribers.remove(subscriber);
            } else {
                SharedGroup<S, V> g = node.shared == null ? null : node.shared.get(shareName);
                removed = g != null && g.remove(subscriber);
                if (g != null && g.size() == 0) {
                    node.shared.remove(shareName);
                    node.sharedChanged();
                }
            }
            if (removed) {
                size--;
                prune(node);
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many subscriptions the trie holds (each shared member counts once). */
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Calls the visitor for every subscription whose filter matches {@code topic}, a valid Topic Name. */
    public void match(String topic, MatchVisitor<S, V> visitor) {
        lock.readLock().lock();
        try {
            // MQTT-4.7.2-1: wildcards at the first level never match a topic starting with '$'.
            boolean dollar = !topic.isEmpty() && topic.charAt(0) == '$';
            walk(root, topic, 0, dollar, visitor);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The subscriptions to one filter exactly as stored, for tests and diagnostics. */
    public Map<S, V> subscribers(String filter) {
        lock.readLock().lock();
        try {
            Map<S, V> out = new HashMap<>();
            String shareName = shareName(filter);
            TrieNode<S, V> node = nodeFor(shareName == null ? filter : sharedFilter(filter), false);
            if (node != null) {
                if (shareName == null) {
                    if (node.subscribers != null) {
                        node.subscribers.copyInto(out);
                    }
                } else if (node.shared != null && node.shared.containsKey(shareName)) {
                    node.shared.get(shareName).copyInto(out);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * {@code from} is where the next level starts, or {@code topic.length() + 1} when every level
     * has been consumed by the path to {@code node}.
     */
    private void walk(TrieNode<S, V> node, String topic, int from, boolean noWildcard, MatchVisitor<S, V> visitor) {
        int length = topic.length();
        if (from > length) {
            deliver(node, visitor);
            // §4.7.1.2: "sport/#" also matches "sport", the parent level.
            if (node.hash != null) {
                deliver(node.hash, visitor);
            }
            return;
        }
        if (!noWildcard) {
            if (node.hash != null) {
                deliver(node.hash, visitor);
            }
        }
        int end = topic.indexOf('/', from);
        if (end < 0) {
            end = length;
        }
        int next = end + 1;
        if (!noWildcard && node.plus != null) {
            walk(node.plus, topic, next, false, visitor);
        }
        TrieNode<S, V> exact = node.child(topic, from, end);
        if (exact != null) {
            walk(exact, topic, next, false, visitor);
        }
    }

    private static <S, V> void deliver(TrieNode<S, V> node, MatchVisitor<S, V> visitor) {
        SubscriberList<S, V> list = node.subscribers;
        if (list != null) {
            for (int i = 0, n = list.size(); i < n; i++) {
                visitor.subscription(list.subscriber(i), list.value(i));
            }
        }
        SharedGroup<S, V>[] groups = node.sharedGroups;
        if (groups != null) {
            for (SharedGroup<S, V> g : groups) {
                visitor.sharedGroup(g);
            }
        }
    }

    private TrieNode<S, V> nodeFor(String filter, boolean create) {
        TrieNode<S, V> node = root;
        int from = 0;
        int length = filter.length();
        while (from <= length) {
            int end = filter.indexOf('/', from);
            if (end < 0) {
                end = length;
            }
            TrieNode<S, V> next;
            if (end - from == 1 && filter.charAt(from) == '+') {
                if (node.plus == null && create) {
                    node.plus = new TrieNode<>("+", node);
                }
                next = node.plus;
            } else if (end - from == 1 && filter.charAt(from) == '#') {
                if (node.hash == null && create) {
                    node.hash = new TrieNode<>("#", node);
                }
                next = node.hash;
            } else {
                next = create ? node.childOrCreate(filter.substring(from, end)) : node.child(filter, from, end);
            }
            if (next == null) {
                return null;
            }
            node = next;
            from = end + 1;
        }
        return node;
    }

    private void prune(TrieNode<S, V> node) {
        while (node.parent != null && node.isEmpty()) {
            TrieNode<S, V> parent = node.parent;
            if (parent.plus == node) {
                parent.plus = null;
            } else if (parent.hash == node) {
                parent.hash = null;
            } else {
                parent.removeChild(node);
            }
            node = parent;
        }
    }

    /** The ShareName of a {@code $share/{ShareName}/{filter}} filter (§4.8.2), or null. */
    static String shareName(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return null;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return slash < 0 ? null : filter.substring(SHARE_PREFIX.length(), slash);
    }

    /** The filter part of a {@code $share/{ShareName}/{filter}} filter. */
    static String sharedFilter(String filter) {
        return filter.substring(filter.indexOf('/', SHARE_PREFIX.length()) + 1);
    }
}
