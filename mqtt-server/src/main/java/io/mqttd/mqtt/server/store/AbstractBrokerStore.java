package io.mqttd.mqtt.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The commit logic both stores share, so that they cannot disagree on it: under one write lock, a
 * batch's operations are checked against the {@link QueueIndex} (queue bound, overflow policy,
 * entries that no longer exist), turned into sink writes, and written in one atomic write. The
 * index changes as the plan is made; if the write then fails the store is marked failed, because
 * RocksDB treats a failed WAL write as a fatal background error as well.
 */
abstract class AbstractBrokerStore implements BrokerStore {
    protected final StoreConfig config;
    protected final QueueIndex index = new QueueIndex();
    /** Serialises commits, so that the index and the store see changes in the same order. */
    protected final ReentrantLock writeLock = new ReentrantLock();
    private volatile StoreException failure;
    private volatile boolean closed;

    AbstractBrokerStore(StoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public final StoreConfig config() {
        return config;
    }

    @Override
    public final StoreBatch batch() {
        checkOpen();
        return new StoreBatch(this);
    }

    @Override
    public final int queueDepth(String clientId) {
        return index.depth(clientId);
    }

    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    /** Marks the store closed; true for the first caller only. Takes the write lock so no commit is midway. */
    protected final boolean markClosed() {
        writeLock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    protected final void fail(StoreException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** A sink for one commit; called under the write lock. */
    protected abstract WriteSink newSink();

    /**
     * Completes a commit whose write has returned, per the durability policy. Called under the
     * write lock, so that close cannot slip between a write and its hand-over to the group
     * committer; it must only hand over, never wait.
     */
    protected abstract CompletableFuture<CommitResult> afterWrite(CommitResult result);

    final CompletableFuture<CommitResult> commit(List<StoreOp> ops, int enqueueCount) {
        writeLock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("store is closed"));
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(new StoreException("store failed earlier: " + failure.getMessage(),
                        failure));
            }
            CommitResult result;
            try {
                WriteSink sink = newSink();
                result = plan(ops, enqueueCount, sink);
                sink.write();
            } catch (StoreException e) {
                // The index may already hold part of this batch: no later commit may trust it.
                fail(e);
                return CompletableFuture.failedFuture(e);
            }
            return afterWrite(result);
        } finally {
            writeLock.unlock();
        }
    }

    private CommitResult plan(List<StoreOp> ops, int enqueueCount, WriteSink sink) {
        long[] sequences = new long[enqueueCount];
        List<QueueOverflow> overflows = List.of();
        int enqueue = 0;
        for (StoreOp op : ops) {
            if (op instanceof StoreOp.Enqueue e) {
                QueueOverflow overflow = planEnqueue(e, sink, sequences, enqueue++);
                if (overflow != null) {
                    if (overflows.isEmpty()) {
                        overflows = new ArrayList<>();
                    }
                    overflows.add(overflow);
                }
            } else if (op instanceof StoreOp.MarkPublishSent m) {
                QueueIndex.ClientQueue queue = index.get(m.clientId());
                if (queue != null && queue.contains(m.sequence())) {
                    queue.put(m.sequence(), QueueIndex.pack(DeliveryState.PUBLISH_SENT, m.packetId()));
                    sink.putState(m.clientId(), m.sequence(), DeliveryState.PUBLISH_SENT, m.packetId());
                }
            } else if (op instanceof StoreOp.MarkPubrelSent m) {
                QueueIndex.ClientQueue queue = index.get(m.clientId());
                int packed = queue == null ? -1 : queue.packed(m.sequence());
                // PUBREL needs the packet id the PUBLISH went out with; an entry never sent has none.
                if (packed >= 0 && QueueIndex.stateOf(packed) != DeliveryState.QUEUED) {
                    int packetId = QueueIndex.packetIdOf(packed);
                    queue.put(m.sequence(), QueueIndex.pack(DeliveryState.PUBREL_SENT, packetId));
                    sink.putState(m.clientId(), m.sequence(), DeliveryState.PUBREL_SENT, packetId);
                }
            } else if (op instanceof StoreOp.RemoveEntry r) {
                QueueIndex.ClientQueue queue = index.get(r.clientId());
                int packed = queue == null ? -1 : queue.packed(r.sequence());
                if (packed >= 0) {
                    queue.remove(r.sequence());
                    sink.removeEntry(r.clientId(), r.sequence(), QueueIndex.stateOf(packed) != DeliveryState.QUEUED);
                }
            } else if (op instanceof StoreOp.PutSession p) {
                sink.putSession(p.session());
            } else if (op instanceof StoreOp.RemoveSession r) {
                index.remove(r.clientId());
                sink.removeClient(r.clientId());
            } else if (op instanceof StoreOp.AddInboundQos2 a) {
                sink.putInbound(a.clientId(), a.packetId());
            } else if (op instanceof StoreOp.RemoveInboundQos2 r) {
                sink.removeInbound(r.clientId(), r.packetId());
            } else if (op instanceof StoreOp.PutRetained p) {
                sink.putRetained(p.message());
            } else if (op instanceof StoreOp.RemoveRetained r) {
                sink.removeRetained(r.topic());
            } else {
                throw new AssertionError("unknown store operation " + op);
            }
        }
        return new CommitResult(sequences, overflows);
    }

    private QueueOverflow planEnqueue(StoreOp.Enqueue e, WriteSink sink, long[] sequences, int enqueue) {
        QueueIndex.ClientQueue queue = index.getOrCreate(e.clientId());
        QueueOverflow overflow = null;
        if (queue.depth() >= config.maxQueuedPerClient()) {
            long victim = config.overflowPolicy() == OverflowPolicy.DROP_OLDEST ? queue.oldestQueued() : -1;
            if (victim < 0) {
                sequences[enqueue] = QueueOverflow.NEW_MESSAGE;
                return new QueueOverflow(e.clientId(), config.overflowPolicy(), QueueOverflow.NEW_MESSAGE);
            }
            queue.remove(victim);
            sink.removeEntry(e.clientId(), victim, false);
            overflow = new QueueOverflow(e.clientId(), OverflowPolicy.DROP_OLDEST, victim);
        }
        long sequence = index.nextSequence();
        sink.putEntry(e.clientId(), sequence, e.message());
        if (e.packetId() == 0) {
            queue.put(sequence, QueueIndex.pack(DeliveryState.QUEUED, 0));
        } else {
            queue.put(sequence, QueueIndex.pack(DeliveryState.PUBLISH_SENT, e.packetId()));
            sink.putState(e.clientId(), sequence, DeliveryState.PUBLISH_SENT, e.packetId());
        }
        sequences[enqueue] = sequence;
        return overflow;
    }
}
