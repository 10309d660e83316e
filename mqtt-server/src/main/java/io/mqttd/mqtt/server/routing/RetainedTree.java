package io.mqttd.mqtt.server.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Retained messages by topic name, in a tree of topic levels, so that a new subscription finds the
 * retained messages its filter matches (MQTT 5.0 §3.3.1.3, §3.8.4) by walking the filter rather
 * than testing every retained topic: the inverse of {@link SubscriptionTrie}. {@code +} visits
 * every child of a level, {@code #} a whole subtree including its parent level (§4.7.1.2), and
 * neither matches a first level starting with {@code $} (MQTT-4.7.2-1).
 *
 * <p>Thread-safe (read-write lock).
 */
public final class RetainedTree<V> {
    private static final class Node<V> {
        final String level;
        final Node<V> parent;
        Map<String, Node<V>> children;
        V value;

        Node(String level, Node<V> parent) {
            this.level = level;
            this.parent = parent;
        }
    }

    private final Node<V> root = new Node<>("", null);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private int size;

    /** Sets the value of a topic name; returns the value it replaced, or null. */
    public V put(String topic, V value) {
        lock.writeLock().lock();
        try {
            Node<V> n = root;
            int from = 0;
            while (from <= topic.length()) {
                int end = topic.indexOf('/', from);
                if (end < 0) {
                    end = topic.length();
                }
                if (n.children == null) {
                    n.children = new HashMap<>(4);
                }
                Node<V> parent = n;
                n = n.children.computeIfAbsent(topic.substring(from, end), l -> new Node<>(l, parent));
                from = end + 1;
            }
            V old = n.value;
            n.value = value;
            if (old == null) {
                size++;
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the value of a topic name; returns it, or null. Empty branches are pruned. */
    public V remove(String topic) {
        lock.writeLock().lock();
        try {
            Node<V> n = find(topic);
            if (n == null || n.value == null) {
                return null;
            }
            V old = n.value;
            n.value = null;
            size--;
            while (n.parent != null && n.value == null && (n.children == null || n.children.isEmpty())) {
                n.parent.children.remove(n.level);
                n = n.parent;
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public V get(String topic) {
        lock.readLock().lock();
        try {
            Node<V> n = find(topic);
            return n == null ? null : n.value;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Calls {@code action} with every value whose topic name {@code filter} (a valid, non-shared Topic Filter) matches. */
    public void forEachMatching(String filter, Consumer<V> action) {
        lock.readLock().lock();
        try {
            walk(root, filter.split("/", -1), 0, action);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Node<V> find(String topic) {
        Node<V> n = root;
        int from = 0;
        while (from <= topic.length()) {
            int end = topic.indexOf('/', from);
            if (end < 0) {
                end = topic.length();
            }
            n = n.children == null ? null : n.children.get(topic.substring(from, end));
            if (n == null) {
                return null;
            }
            from = end + 1;
        }
        return n;
    }

    private void walk(Node<V> node, String[] levels, int i, Consumer<V> action) {
        if (i == levels.length) {
            if (node.value != null) {
                action.accept(node.value);
            }
            return;
        }
        String level = levels[i];
        if (level.equals("#")) {
            if (node != root && node.value != null) {
                action.accept(node.value); // "a/#" matches "a" (§4.7.1.2)
            }
            forEachChild(node, i == 0, child -> subtree(child, action));
        } else if (level.equals("+")) {
            forEachChild(node, i == 0, child -> walk(child, levels, i + 1, action));
        } else if (node.children != null) {
            Node<V> child = node.children.get(level);
            if (child != null) {
                walk(child, levels, i + 1, action);
            }
        }
    }

    private void forEachChild(Node<V> node, boolean firstLevel, Consumer<Node<V>> action) {
        if (node.children == null) {
            return;
        }
        for (Node<V> child : node.children.values()) {
            if (firstLevel && child.level.startsWith("$")) {
                continue; // MQTT-4.7.2-1
            }
            action.accept(child);
        }
    }

    private void subtree(Node<V> node, Consumer<V> action) {
        if (node.value != null) {
            action.accept(node.value);
        }
        if (node.children != null) {
            for (Node<V> child : node.children.values()) {
                subtree(child, action);
            }
        }
    }
}
