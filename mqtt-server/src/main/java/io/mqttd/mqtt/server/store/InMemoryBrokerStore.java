package io.mqttd.mqtt.server.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The store without persistence, for tests, benchmarks and brokers that keep nothing across
 * restarts. It shares the commit logic with {@link RocksDbBrokerStore} and behaves the same for
 * every operation; commits complete at once whatever the {@link Durability}, and the data
 * directory is not used.
 */
public final class InMemoryBrokerStore extends AbstractBrokerStore {
    private final Map<String, SessionState> sessions = new HashMap<>();
    private final Map<String, TreeMap<Long, StoredMessage>> queues = new HashMap<>();
    private final Map<String, TreeSet<Integer>> inbound = new HashMap<>();
    /** Ordered by the UTF-8 bytes of the topic, as RocksDB orders its keys. */
    private final TreeMap<String, StoredMessage> retained =
            new TreeMap<>((a, b) -> Arrays.compareUnsigned(StoreKeys.utf8(a), StoreKeys.utf8(b)));

    public InMemoryBrokerStore(StoreConfig config) {
        super(config);
    }

    /** An in-memory store with {@link StoreConfig#defaults()}. */
    public InMemoryBrokerStore() {
        this(StoreConfig.defaults());
    }

    @Override
    protected WriteSink newSink() {
        return new Sink();
    }

    @Override
    protected CompletableFuture<CommitResult> afterWrite(CommitResult result) {
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public Optional<SessionState> session(String clientId) {
        writeLock.lock();
        try {
            return Optional.ofNullable(sessions.get(clientId));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<SessionState> sessions() {
        writeLock.lock();
        try {
            return List.copyOf(sessions.values());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<OutboundEntry> queue(String clientId, long afterSequence, int maxEntries) {
        writeLock.lock();
        try {
            TreeMap<Long, StoredMessage> messages = queues.get(clientId);
            QueueIndex.ClientQueue states = index.get(clientId);
            List<OutboundEntry> out = new ArrayList<>();
            if (messages == null || states == null) {
                return out;
            }
            for (Map.Entry<Long, StoredMessage> e : messages.tailMap(afterSequence, false).entrySet()) {
                if (out.size() >= maxEntries) {
                    break;
                }
                int packed = states.packed(e.getKey());
                out.add(new OutboundEntry(e.getKey(), QueueIndex.stateOf(packed), QueueIndex.packetIdOf(packed),
                        e.getValue()));
            }
            return out;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<Integer> inboundQos2PacketIds(String clientId) {
        writeLock.lock();
        try {
            TreeSet<Integer> ids = inbound.get(clientId);
            return ids == null ? List.of() : List.copyOf(ids);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<StoredMessage> retained(String topic) {
        writeLock.lock();
        try {
            return Optional.ofNullable(retained.get(topic));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<StoredMessage> retainedMessages() {
        writeLock.lock();
        try {
            return List.copyOf(retained.values());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        markClosed();
    }

    /** Applies each change directly: the write lock makes the whole commit atomic to readers. */
    private final class Sink implements WriteSink {
        @Override
        public void putSession(SessionState session) {
            sessions.put(session.clientId(), session);
        }

        @Override
        public void removeClient(String clientId) {
            sessions.remove(clientId);
            queues.remove(clientId);
            inbound.remove(clientId);
        }

        @Override
        public void putEntry(String clientId, long sequence, StoredMessage message) {
            queues.computeIfAbsent(clientId, id -> new TreeMap<>()).put(sequence, message);
        }

        @Override
        public void putState(String clientId, long sequence, DeliveryState state, int packetId) {
            // The index holds delivery states; nothing else to keep.
        }

        @Override
        public void removeEntry(String clientId, long sequence, boolean inFlight) {
            TreeMap<Long, StoredMessage> messages = queues.get(clientId);
            if (messages != null) {
                messages.remove(sequence);
                if (messages.isEmpty()) {
                    queues.remove(clientId);
                }
            }
        }

        @Override
        public void putInbound(String clientId, int packetId) {
            inbound.computeIfAbsent(clientId, id -> new TreeSet<>()).add(packetId);
        }

        @Override
        public void removeInbound(String clientId, int packetId) {
            TreeSet<Integer> ids = inbound.get(clientId);
            if (ids != null) {
                ids.remove(packetId);
                if (ids.isEmpty()) {
                    inbound.remove(clientId);
                }
            }
        }

        @Override
        public void putRetained(StoredMessage message) {
            retained.put(message.topic(), message);
        }

        @Override
        public void removeRetained(String topic) {
            retained.remove(topic);
        }

        @Override
        public void write() {
            // Already applied under the write lock.
        }
    }
}
