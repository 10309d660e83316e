package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/**
 * A QUIC frame, RFC 9000 §12.4 and §19. Frames are immutable values; each knows its exact encoded
 * size so the packet builder can plan a packet before writing it.
 *
 * <p>The hierarchy is sealed: Java 17 has no pattern matching for switch, so code that needs to
 * tell frames apart without a chain of instanceof tests uses {@link #accept(FrameVisitor)}.
 */
public sealed interface Frame permits PaddingFrame, PingFrame, AckFrame, ResetStreamFrame, StopSendingFrame,
        CryptoFrame, NewTokenFrame, StreamFrame, MaxDataFrame, MaxStreamDataFrame, MaxStreamsFrame,
        DataBlockedFrame, StreamDataBlockedFrame, StreamsBlockedFrame, NewConnectionIdFrame,
        RetireConnectionIdFrame, PathChallengeFrame, PathResponseFrame, ConnectionCloseFrame,
        HandshakeDoneFrame, DatagramFrame {

    /** The frame type as written on the wire (e.g. 0x02 or 0x03 for ACK). */
    long type();

    /** Exact number of bytes {@link #encode} writes. */
    int encodedSize();

    /**
     * Writes the frame at the buffer's position, in network byte order: the buffer must have the
     * default big-endian order. The caller reserves {@link #encodedSize()} bytes; running out of
     * room is a local programming error (BufferOverflowException).
     */
    void encode(ByteBuffer buf);

    /** Calls the visitor method for this frame's class. */
    void accept(FrameVisitor visitor);

    /**
     * RFC 9002 §2: all frames other than ACK, PADDING and CONNECTION_CLOSE are ack-eliciting.
     */
    default boolean isAckEliciting() {
        return true;
    }

    /**
     * RFC 9000 §9.1 and Table 3 column "P": PATH_CHALLENGE, PATH_RESPONSE, NEW_CONNECTION_ID and
     * PADDING are probing frames; a packet holding only these is a probing packet.
     */
    default boolean isProbing() {
        return false;
    }
}
