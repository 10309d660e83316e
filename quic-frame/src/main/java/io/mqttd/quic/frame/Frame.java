package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/**
 * A QUIC frame, RFC 9000 §12.4 and §19. Frames are immutable values; each knows its exact encoded
 * size so the packet builder can plan a packet before writing it.
 */
public sealed interface Frame permits AckFrame {

    /** The frame type as written on the wire (e.g. 0x02 or 0x03 for ACK). */
    long type();

    /** Exact number of bytes {@link #encode} writes. */
    int encodedSize();

    /** Writes the frame at the buffer's position. */
    void encode(ByteBuffer buf);

    /**
     * RFC 9002 §2: all frames other than ACK, PADDING and CONNECTION_CLOSE are ack-eliciting.
     */
    default boolean isAckEliciting() {
        return true;
    }
}
