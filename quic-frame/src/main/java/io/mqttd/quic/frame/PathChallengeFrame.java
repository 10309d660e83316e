package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/**
 * PATH_CHALLENGE, RFC 9000 §19.17. The 8-byte Data field is held as a long (big-endian), so the
 * frame needs no array and comparing a response with the challenge is one {@code ==}.
 */
public record PathChallengeFrame(long data) implements Frame {
    @Override
    public long type() {
        return FrameType.PATH_CHALLENGE;
    }

    @Override
    public int encodedSize() {
        return 9;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.PATH_CHALLENGE);
        buf.putLong(data);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.pathChallenge(this);
    }

    /** RFC 9000 §9.1. */
    @Override
    public boolean isProbing() {
        return true;
    }

    /** The PATH_RESPONSE that §19.17 requires in reply, echoing the same Data. */
    public PathResponseFrame response() {
        return new PathResponseFrame(data);
    }
}
