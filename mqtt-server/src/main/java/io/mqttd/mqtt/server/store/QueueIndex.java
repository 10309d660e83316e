package io.mqttd.mqtt.server.store;

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

    /**
     * The entries of one client, by sequence, in two parallel arrays: 12 bytes per entry and no
     * allocation per operation, where a {@code TreeMap<Long, Integer>} costs about 70 bytes and
     * three objects. New sequences are always the highest, so entries only ever append; a removed
     * entry becomes a tombstone ({@link #REMOVED}) that keeps the sequence array sorted for binary
     * search, and the arrays are compacted once tombstones outnumber live entries. Acknowledgements
     * mostly remove from the head, which then just advances.
     */
    static final class ClientQueue {
        private static final int REMOVED = -1;

        private long[] sequences = new long[8];
        private int[] states = new int[8];
        private int head;
        private int tail;
        private volatile int depth;

        int depth() {
            return depth;
        }

        boolean contains(long sequence) {
            return find(sequence) >= 0;
        }

        /** The packed state of an entry, or -1 if there is none. */
        int packed(long sequence) {
            int i = find(sequence);
            return i < 0 ? -1 : states[i];
        }

        /** Adds an entry or changes the state of an existing one. */
        void put(long sequence, int packed) {
            if (tail > head && sequence <= sequences[tail - 1]) {
                int i = java.util.Arrays.binarySearch(sequences, head, tail, sequence);
                if (i >= 0) {
                    if (states[i] == REMOVED) {
                        depth = depth + 1;
                    }
                    states[i] = packed;
                    return;
                }
                insert(-i - 1, sequence, packed);
                return;
            }
            if (tail == sequences.length) {
                makeRoom();
            }
            sequences[tail] = sequence;
            states[tail] = packed;
            tail++;
            depth = depth + 1;
        }

        boolean remove(long sequence) {
            int i = find(sequence);
            if (i < 0) {
                return false;
            }
            states[i] = REMOVED;
            depth = depth - 1;
            while (head < tail && states[head] == REMOVED) {
                head++;
            }
            if (head == tail) {
                head = 0;
                tail = 0;
            } else if (tail - head > 16 && tail - head > 2 * depth) {
                compact(sequences.length);
            }
            return true;
        }

        /**
         * The oldest entry not yet sent, or -1. In-flight entries sit at the head of the queue and
         * number at most the client's Receive Maximum (MQTT 5.0 §3.3.4), so the walk is short.
         */
        long oldestQueued() {
            for (int i = head; i < tail; i++) {
                if (states[i] != REMOVED && stateOf(states[i]) == DeliveryState.QUEUED) {
                    return sequences[i];
                }
            }
            return -1;
        }

        private int find(long sequence) {
            int i = java.util.Arrays.binarySearch(sequences, head, tail, sequence);
            return i >= 0 && states[i] != REMOVED ? i : -1;
        }

        /** Appending needs room: drop tombstones if that frees enough, else grow. */
        private void makeRoom() {
            int live = depth;
            compact(live < sequences.length / 2 ? sequences.length : sequences.length * 2);
        }

        private void compact(int capacity) {
            long[] newSequences = capacity == sequences.length ? sequences : new long[capacity];
            int[] newStates = capacity == states.length ? states : new int[capacity];
            int n = 0;
            for (int i = head; i < tail; i++) {
                if (states[i] != REMOVED) {
                    newSequences[n] = sequences[i];
                    newStates[n] = states[i];
                    n++;
                }
            }
            sequences = newSequences;
            states = newStates;
            head = 0;
            tail = n;
        }

        /** Only for a sequence below the highest one, which the store never produces; kept correct anyway. */
        private void insert(int at, long sequence, int packed) {
            if (tail == sequences.length) {
                long[] grownSequences = java.util.Arrays.copyOf(sequences, sequences.length * 2);
                int[] grownStates = java.util.Arrays.copyOf(states, states.length * 2);
                sequences = grownSequences;
                states = grownStates;
            }
            System.arraycopy(sequences, at, sequences, at + 1, tail - at);
            System.arraycopy(states, at, states, at + 1, tail - at);
            sequences[at] = sequence;
            states[at] = packed;
            tail++;
            depth = depth + 1;
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
