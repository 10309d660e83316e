package io.mqttd.mqtt.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A set of changes that {@link #commit()} applies atomically: after a crash either all of them
 * are in the store or none. A publish that fans out to N offline sessions and replaces the
 * retained message of its topic is one batch, and the PUBACK/PUBREC goes out when its commit
 * completes.
 *
 * <p>Changes apply in the order they were added. Changes to entries that do not exist (an
 * acknowledgement for an entry already removed, say a duplicate PUBACK) are ignored, so that
 * replays are harmless. A batch is used by one thread and committed once.
 */
public final class StoreBatch {
    private final AbstractBrokerStore store;
    private final List<StoreOp> ops = new ArrayList<>();
    private int enqueues;
    private boolean committed;

    StoreBatch(AbstractBrokerStore store) {
        this.store = store;
    }

    private StoreBatch add(StoreOp op) {
        if (committed) {
            throw new IllegalStateException("batch already committed");
        }
        ops.add(op);
        return this;
    }

    private static void checkPacketId(int packetId) {
        // MQTT 5.0 §2.2.1: a non-zero Two Byte Integer.
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet identifier must be 1..65535: " + packetId);
        }
    }

    private static String clientId(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (!StoreKeys.fitsU16(clientId)) {
            throw new IllegalArgumentException("client id longer than 65535 bytes");
        }
        return clientId;
    }

    /** Creates or replaces the session of {@code session.clientId()}; its queues are kept. */
    public StoreBatch putSession(SessionState session) {
        return add(new StoreOp.PutSession(Objects.requireNonNull(session, "session")));
    }

    /**
     * Ends a session (MQTT 5.0 §4.1): removes its state, its outbound queue and its QoS 2 inbound
     * state. Use it for Clean Start and for session expiry.
     */
    public StoreBatch removeSession(String clientId) {
        return add(new StoreOp.RemoveSession(clientId(clientId)));
    }

    /**
     * Appends a message to the client's outbound queue in state {@link DeliveryState#QUEUED}. The
     * entry's sequence is assigned at commit: the n-th enqueue of the batch (from 0, see {@link
     * #enqueueIndex()}) finds it in {@link CommitResult#sequence(int)}. If the queue is full, the
     * configured {@link OverflowPolicy} applies and the commit reports a {@link QueueOverflow}.
     */
    public StoreBatch enqueue(String clientId, StoredMessage message) {
        add(new StoreOp.Enqueue(clientId(clientId), Objects.requireNonNull(message, "message"), 0));
        enqueues++;
        return this;
    }

    /**
     * Appends a message that the broker sends to a connected client at once with {@code packetId}:
     * the entry starts in {@link DeliveryState#PUBLISH_SENT}, so one commit covers a fan-out to
     * offline and online subscribers alike, with no second commit to mark the send. Counts as an
     * enqueue for {@link CommitResult#sequence(int)} and obeys the queue bound like {@link #enqueue}.
     */
    public StoreBatch enqueueSent(String clientId, StoredMessage message, int packetId) {
        checkPacketId(packetId);
        add(new StoreOp.Enqueue(clientId(clientId), Objects.requireNonNull(message, "message"), packetId));
        enqueues++;
        return this;
    }

    /** The number of enqueues added so far: the next enqueue's index in {@link CommitResult#sequence(int)}. */
    public int enqueueIndex() {
        return enqueues;
    }

    /** Records that the entry's PUBLISH was sent with {@code packetId} (MQTT 5.0 §4.3.2, §4.3.3). */
    public StoreBatch markPublishSent(String clientId, long sequence, int packetId) {
        checkPacketId(packetId);
        return add(new StoreOp.MarkPublishSent(clientId(clientId), sequence, packetId));
    }

    /** QoS 2: records that PUBREC arrived and PUBREL was sent (§4.3.3); the packet id is kept. */
    public StoreBatch markPubrelSent(String clientId, long sequence) {
        return add(new StoreOp.MarkPubrelSent(clientId(clientId), sequence));
    }

    /** Removes an entry: on PUBACK (QoS 1), PUBCOMP (QoS 2), or when the broker discards it (expiry). */
    public StoreBatch removeOutbound(String clientId, long sequence) {
        return add(new StoreOp.RemoveEntry(clientId(clientId), sequence));
    }

    /**
     * QoS 2 receiver, method B of MQTT 5.0 §4.3.3 / Figure 4.3: the broker delivered the PUBLISH
     * onwards and is about to send PUBREC; until PUBREL arrives a PUBLISH with this packet id is a
     * duplicate that must not be delivered again.
     */
    public StoreBatch addInboundQos2(String clientId, int packetId) {
        checkPacketId(packetId);
        return add(new StoreOp.AddInboundQos2(clientId(clientId), packetId));
    }

    /** QoS 2 receiver: PUBREL arrived, the packet id may be reused (§4.3.3). */
    public StoreBatch removeInboundQos2(String clientId, int packetId) {
        checkPacketId(packetId);
        return add(new StoreOp.RemoveInboundQos2(clientId(clientId), packetId));
    }

    /** Sets the retained message of {@code message.topic()} (§3.3.1.3). */
    public StoreBatch putRetained(StoredMessage message) {
        return add(new StoreOp.PutRetained(Objects.requireNonNull(message, "message")));
    }

    /** Removes the retained message of a topic: a retained PUBLISH with an empty payload (§3.3.1.3). */
    public StoreBatch removeRetained(String topic) {
        return add(new StoreOp.RemoveRetained(Objects.requireNonNull(topic, "topic")));
    }

    /** How many changes the batch holds. */
    public int size() {
        return ops.size();
    }

    /**
     * Applies the batch atomically. The future completes when the changes are durable as the
     * store's {@link Durability} promises, and fails with {@link StoreException} if they could not
     * be written. Under {@link Durability#GROUP_COMMIT} it completes on the store's committer
     * thread: dependent actions that take long belong on another executor, and one that waits for
     * another commit there (say {@code join()}) deadlocks, because that commit needs the same thread.
     */
    public CompletableFuture<CommitResult> commit() {
        if (committed) {
            throw new IllegalStateException("batch already committed");
        }
        committed = true;
        return store.commit(ops, enqueues);
    }
}
