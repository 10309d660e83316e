package io.mqttd.mqtt.server.store;

/**
 * Report of one message lost to a full queue: under {@link OverflowPolicy#DROP_OLDEST} the
 * sequence of the queued entry that was removed, under {@link OverflowPolicy#DROP_NEWEST} (or when
 * no queued entry could be dropped) {@link #NEW_MESSAGE}: the enqueue that was not stored then has
 * {@link CommitResult#sequence(int)} {@link #NEW_MESSAGE} too. The broker logs and counts these. MQTT 5.0 does not bound the session state a server
 * keeps; it notes that a server may be administratively limited in what it stores (§4.1), and
 * this bound is how mqttd applies such a limit.
 */
public record QueueOverflow(String clientId, OverflowPolicy policy, long droppedSequence) {

    /** {@link #droppedSequence()} when the message dropped was the one being enqueued. */
    public static final long NEW_MESSAGE = 0;

    /** Whether the dropped message is the one being enqueued rather than an older one. */
    public boolean droppedNewMessage() {
        return droppedSequence == NEW_MESSAGE;
    }
}
