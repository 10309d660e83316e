package io.mqttd.mqtt.server.store;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory index of every client's outbound queue: which sequence numbers exist and in which
 * {@link DeliveryState}, so that commits can enforce the queue bound and the overflow policy, and
 * the broker can ask for a queue's depth, without reading the queue itself. Both stores keep one;
 * the RocksDB store rebuilds it from its keys on open.
 *
 * <p>Changes happen only under the store's write lock; {@link #depth} may be read without it.
 */
final class QueueIndex {
    private final ConcurrentHashMap<String, ClientQueue> clients = new ConcurrentHashMap<>();
    private long lastSequence;

    /** A state and a packet id in one int: the state in the high half, the packet id in the low. */
    static int pack(DeliveryState state, int packetId) {
        return state.ordinal() << 16 | packetId;
    }

    static DeliveryState stateOf(int packed) {
        return DeliveryState.of(packed >>> 16);
    }

    static int packetIdOf(int packed) {
        return packed & 0xFFFF;
    }

    /** The entries of one client, by sequence. */
    static final class ClientQueue {
        final TreeMap<Long, Integer> entries = new TreeMap<>();
        private volatile int depth;

        int depth() {
            return depth;
        }

        boolean contains(long sequence) {
            return entries.containsKey(sequence);
        }

        /** The packed state of an entry, or -1 if there is none. */
        int packed(long sequence) {
            Integer packed = entries.get(sequence);
            return packed == null ? -1 : packed;
        }

        void put(long sequence, int packed) {
            entries.put(sequence, packed);
            depth = entries.size();
        }

        boolean remove(long sequence) {
            boolean removed = entries.remove(sequence) != null;
            depth = entries.size();
            return removed;
        }

        /**
         * The oldest entry not yet sent, or -1. In-flight entries sit at the head of the queue and
         * number at most the client's Receive Maximum (MQTT 5.0 §3.3.4), so the walk is short.
         */
        long oldestQueued() {
            for (Map.Entry<Long, Integer> e : entries.entrySet()) {
                if (stateOf(e.getValue()) == DeliveryState.QUEUED) {
                    return e.getKey();
                }
            }
            return -1;
        }

        Iterator<Map.Entry<Long, Integer>> iterator() {
            return entries.entrySet().iterator();
        }
    }

    ClientQueue get(String clientId) {
        return clients.get(clientId);
    }

    ClientQueue getOrCreate(String clientId) {
        return clients.computeIfAbsent(clientId, id -> new ClientQueue());
    }

    void remove(String clientId) {
        clients.remove(clientId);
    }

    int depth(String clientId) {
        ClientQueue queue = clients.get(clientId);
        return queue == null ? 0 : queue.depth();
    }

    /** The next sequence number; sequences increase across all clients and are never reused while open. */
    long nextSequence() {
        return ++lastSequence;
    }

    /** On open: make new sequences continue after the highest stored one. */
    void observeSequence(long sequence) {
        if (Long.compareUnsigned(sequence, lastSequence) > 0) {
            lastSequence = sequence;
        }
    }

    long lastSequence() {
        return lastSequence;
    }
}
