package io.mqttd.mqtt.server.store;

import java.util.List;

/**
 * What a committed {@link StoreBatch} did: the sequence each of its enqueues received, in the
 * order they were added to the batch ({@link QueueOverflow#NEW_MESSAGE} for one that was dropped
 * because the queue was full), and every message lost to a full queue.
 */
public final class CommitResult {
    private final long[] sequences;
    private final List<QueueOverflow> overflows;

    CommitResult(long[] sequences, List<QueueOverflow> overflows) {
        this.sequences = sequences;
        this.overflows = List.copyOf(overflows);
    }

    /** How many enqueues the batch held. */
    public int enqueueCount() {
        return sequences.length;
    }

    /** The sequence of the {@code index}-th enqueue of the batch, or {@link QueueOverflow#NEW_MESSAGE} if it was dropped. */
    public long sequence(int index) {
        return sequences[index];
    }

    /** Messages lost to full queues by this commit, in the order the enqueues were added. */
    public List<QueueOverflow> overflows() {
        return overflows;
    }

    @Override
    public String toString() {
        return "CommitResult[enqueued=" + sequences.length + ", overflows=" + overflows + "]";
    }
}
