package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/**
 * HANDSHAKE_DONE, RFC 9000 §19.20: sent only by a server to confirm the handshake. A server
 * receiving one is a PROTOCOL_VIOLATION; that check needs the role and is the connection's.
 */
public record HandshakeDoneFrame() implements Frame {
    /** The frame has no fields, so one instance serves every decode. */
    public static final HandshakeDoneFrame INSTANCE = new HandshakeDoneFrame();

    @Override
    public long type() {
        return FrameType.HANDSHAKE_DONE;
    }

    @Override
    public int encodedSize() {
        return 1;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.HANDSHAKE_DONE);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.handshakeDone(this);
    }
}
