package io.mqttd.mqtt.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The broker's persistent state: sessions with their subscriptions and wills, each client's
 * bounded outbound queue of QoS 1/2 messages with their in-flight state, each client's QoS 2
 * inbound packet ids, and the retained messages. All changes go through a {@link StoreBatch},
 * which commits atomically and completes when durable per the configured {@link Durability};
 * reads see every committed change (also one whose durability is still pending).
 *
 * <p>Two implementations: {@link RocksDbBrokerStore} (crash-safe, on disk) and {@link
 * InMemoryBrokerStore} (tests, benchmarks, brokers that need no persistence). They behave the same
 * for every operation; a contract test runs against both.
 *
 * <p>Thread-safe. If a write fails (disk full, I/O error) the store stops accepting commits: every
 * later commit fails with a {@link StoreException} naming the first failure, because a store that
 * might have lost a write must not acknowledge more messages.
 */
public interface BrokerStore extends AutoCloseable {

    /** A new empty batch. */
    StoreBatch batch();

    /** The configuration the store was opened with. */
    StoreConfig config();

    /** The stored session of a client. */
    Optional<SessionState> session(String clientId);

    /** Every stored session, in no particular order. */
    List<SessionState> sessions();

    /**
     * The sessions that have expired at {@code nowMillis} (MQTT 5.0 §3.1.2.11.2, §4.1), for the
     * broker to remove on start and periodically. Sessions stored as connected never count as
     * expired here: after a crash the broker first marks them disconnected (see spec-notes).
     */
    default List<SessionState> expiredSessions(long nowMillis) {
        List<SessionState> expired = new ArrayList<>();
        for (SessionState s : sessions()) {
            if (s.isExpiredAt(nowMillis)) {
                expired.add(s);
            }
        }
        return expired;
    }

    /** How many entries (queued and in flight) the client's outbound queue holds; no scan. */
    int queueDepth(String clientId);

    /** The client's whole outbound queue in order, with each entry's delivery state. */
    default List<OutboundEntry> queue(String clientId) {
        return queue(clientId, 0, Integer.MAX_VALUE);
    }

    /**
     * Up to {@code maxEntries} entries of the client's queue with a sequence greater than
     * {@code afterSequence}, in order: resending a long queue page by page on reconnect.
     */
    List<OutboundEntry> queue(String clientId, long afterSequence, int maxEntries);

    /** The packet ids of the client's QoS 2 PUBLISH packets that got PUBREC and await PUBREL, ascending. */
    List<Integer> inboundQos2PacketIds(String clientId);

    /** The retained message of a topic name. */
    Optional<StoredMessage> retained(String topic);

    /** Every retained message, ordered by the UTF-8 bytes of its topic. */
    List<StoredMessage> retainedMessages();

    /**
     * Completes pending commits, makes everything durable and releases the store (and for RocksDB
     * its directory lock). Commits after close fail with {@link IllegalStateException}.
     */
    @Override
    void close();
}
