package io.mqttd.quic.recovery;

/**
 * The answer to "may I send a packet now?": {@link #NONE} when nothing blocks, otherwise the limit
 * that blocks, so the connection can report it (e.g. in qlog) and know what to wait for.
 */
public enum SendLimit {
    /** Sending is allowed. */
    NONE,
    /** RFC 9000 §8.1: the server has not validated the peer's address and used its 3x allowance. */
    AMPLIFICATION,
    /** RFC 9002 §7: bytes in flight would exceed the congestion window; wait for an ACK or a loss. */
    CONGESTION_WINDOW,
    /** RFC 9002 §7.7: the pacer holds the packet until {@link LossRecovery#nextSendTimeNanos}. */
    PACING
}
