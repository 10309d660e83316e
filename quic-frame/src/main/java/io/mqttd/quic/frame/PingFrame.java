package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/** PING, RFC 9000 §19.2: no content; it only elicits an acknowledgement. */
public record PingFrame() implements Frame {
    /** The frame has no fields, so one instance serves every decode. */
    public static final PingFrame INSTANCE = new PingFrame();

    @Override
    public long type() {
        return FrameType.PING;
    }

    @Override
    public int encodedSize() {
        return 1;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.PING);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.ping(this);
    }
}
