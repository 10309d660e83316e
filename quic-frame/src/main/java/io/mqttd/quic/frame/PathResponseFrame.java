package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/**
 * PATH_RESPONSE, RFC 9000 §19.18: echoes the Data of a PATH_CHALLENGE; the 8 bytes are held as a
 * big-endian long like {@link PathChallengeFrame}.
 */
public record PathResponseFrame(long data) implements Frame {
    @Override
    public long type() {
        return FrameType.PATH_RESPONSE;
    }

    @Override
    public int encodedSize() {
        return 9;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.PATH_RESPONSE);
        buf.putLong(data);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.pathResponse(this);
    }

    /** RFC 9000 §9.1. */
    @Override
    public boolean isProbing() {
        return true;
    }
}
