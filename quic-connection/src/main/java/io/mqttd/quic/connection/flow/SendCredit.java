package io.mqttd.quic.connection.flow;

/**
 * Credit granted by the peer for sending: the limit of MAX_DATA or MAX_STREAM_DATA (RFC 9000 §4.1)
 * against the bytes consumed so far. Also decides when to tell the peer that this side is blocked
 * (DATA_BLOCKED / STREAM_DATA_BLOCKED, §4.1: "SHOULD send ... when it wishes to send data but is
 * unable to do so due to ... flow control"), once per limit value.
 */
public final class SendCredit {
    private long limit;
    private long consumed;
    private long blockedReportedAt = -1;

    public SendCredit(long initialLimit) {
        this.limit = initialLimit;
    }

    public long limit() {
        return limit;
    }

    public long consumed() {
        return consumed;
    }

    public long available() {
        return limit - consumed;
    }

    /**
     * A MAX_DATA / MAX_STREAM_DATA value from the peer. §4.1: "A sender MUST ignore any MAX_STREAM_DATA
     * or MAX_DATA frames that do not increase flow control limits." Returns whether it raised the limit.
     */
    public boolean raiseLimit(long newLimit) {
        if (newLimit <= limit) {
            return false;
        }
        limit = newLimit;
        return true;
    }

    /** Accounts for {@code bytes} of new data sent; the caller never exceeds {@link #available()}. */
    public void consume(long bytes) {
        if (bytes > available()) {
            throw new IllegalStateException("sending beyond flow control credit: " + bytes + " > " + available());
        }
        consumed += bytes;
    }

    /** Whether a *_BLOCKED frame should be sent now: blocked at this limit and not yet reported. */
    public boolean shouldReportBlocked() {
        return available() == 0 && blockedReportedAt != limit;
    }

    /** Records that a *_BLOCKED frame carrying the current limit was sent. */
    public void onBlockedReported() {
        blockedReportedAt = limit;
    }

    /** A *_BLOCKED frame was lost: report again if still blocked at the same limit (§13.3). */
    public void onBlockedLost(long reportedLimit) {
        if (blockedReportedAt == reportedLimit) {
            blockedReportedAt = -1;
        }
    }
}
