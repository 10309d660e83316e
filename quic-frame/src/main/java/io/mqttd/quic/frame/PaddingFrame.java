package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/**
 * A run of PADDING frames, RFC 9000 §19.1. On the wire each PADDING frame is one 0x00 byte; the
 * decoder folds consecutive ones into one value so that padding an Initial packet to 1200 bytes
 * costs one object, not a thousand.
 *
 * @param length the number of PADDING frames (bytes) in the run, at least 1
 */
public record PaddingFrame(int length) implements Frame {
    public PaddingFrame {
        if (length < 1) {
            throw new IllegalArgumentException("a PADDING run holds at least one byte: " + length);
        }
    }

    @Override
    public long type() {
        return FrameType.PADDING;
    }

    @Override
    public int encodedSize() {
        return length;
    }

    @Override
    public void encode(ByteBuffer buf) {
        for (int i = 0; i < length; i++) {
            buf.put((byte) 0);
        }
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.padding(this);
    }

    /** RFC 9002 §2. */
    @Override
    public boolean isAckEliciting() {
        return false;
    }

    /** RFC 9000 §9.1: PADDING may accompany probing frames. */
    @Override
    public boolean isProbing() {
        return true;
    }
}
