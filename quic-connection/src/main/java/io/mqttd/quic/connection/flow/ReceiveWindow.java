package io.mqttd.quic.connection.flow;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.packet.VarInt;

/**
 * The receive side of flow control for a stream or the connection (RFC 9000 §4.1-4.2): the limit
 * advertised to the peer, the highest offset it has used, and the bytes the application has
 * consumed. Advertises more credit as the application reads, and grows the window when reads keep
 * up with the path (auto-tuning), so a fast path is not capped by the initial window.
 *
 * <p>Auto-tuning follows the approach of quinn, quiche and Chromium: if the window had to be
 * extended twice within about two round trips, the peer is limited by us, so the window doubles,
 * up to a maximum. Time comes from the caller (sans-IO).
 */
public final class ReceiveWindow {
    private final long maxWindow;
    private final long frameTypeForErrors;
    private long window;
    private long limit;
    private long highestReceived;
    private long consumed;
    private long lastUpdateNanos = Long.MIN_VALUE;

    /**
     * @param initialWindow the window advertised in the transport parameters
     * @param maxWindow the window auto-tuning may grow to
     * @param frameTypeForErrors the frame type reported in FLOW_CONTROL_ERROR (STREAM 0x08 or 0 when unknown)
     */
    public ReceiveWindow(long initialWindow, long maxWindow, long frameTypeForErrors) {
        if (initialWindow < 0 || maxWindow < initialWindow) {
            throw new IllegalArgumentException("bad window: " + initialWindow + " / " + maxWindow);
        }
        this.window = initialWindow;
        this.maxWindow = maxWindow;
        this.limit = initialWindow;
        this.frameTypeForErrors = frameTypeForErrors;
    }

    /** The limit the peer was told (MAX_DATA / MAX_STREAM_DATA value). */
    public long limit() {
        return limit;
    }

    public long window() {
        return window;
    }

    public long highestReceived() {
        return highestReceived;
    }

    /**
     * The peer used credit up to {@code newHighest} (end offset of a STREAM frame, or the connection
     * sum). §4.1: "A receiver MUST close the connection with an error of type FLOW_CONTROL_ERROR if
     * the sender violates the advertised connection or stream data limits."
     *
     * @return the number of bytes by which the highest received offset grew
     */
    public long onReceived(long newHighest) {
        if (newHighest > limit) {
            throw new TransportError(TransportErrorCode.FLOW_CONTROL_ERROR, frameTypeForErrors,
                    "peer sent up to " + newHighest + " beyond the flow control limit " + limit);
        }
        if (newHighest <= highestReceived) {
            return 0;
        }
        long grown = newHighest - highestReceived;
        highestReceived = newHighest;
        return grown;
    }

    /** The application consumed {@code bytes} (read them, or they were discarded by a reset). */
    public void onConsumed(long bytes) {
        consumed += bytes;
    }

    /**
     * Whether a MAX_DATA / MAX_STREAM_DATA update is worth sending: less than half the window is
     * left for the peer. Updating at half the window keeps the peer from stalling for a round trip.
     */
    public boolean shouldSendUpdate() {
        return limit < VarInt.MAX_VALUE && limit - consumed < window / 2;
    }

    /**
     * Computes and commits the next limit to advertise, growing the window if the previous update
     * came less than two smoothed RTTs ago.
     */
    public long nextLimit(long nowNanos, long smoothedRttNanos) {
        if (lastUpdateNanos != Long.MIN_VALUE && nowNanos - lastUpdateNanos < 2 * smoothedRttNanos) {
            window = Math.min(maxWindow, window * 2);
        }
        lastUpdateNanos = nowNanos;
        limit = Math.min(VarInt.MAX_VALUE, Math.max(limit, consumed + window));
        return limit;
    }
}
