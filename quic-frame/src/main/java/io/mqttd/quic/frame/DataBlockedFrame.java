package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/** DATA_BLOCKED, RFC 9000 §19.12: the sender is blocked by connection flow control at this limit. */
public record DataBlockedFrame(long maximumData) implements Frame {
    public DataBlockedFrame {
        FieldChecks.varInt(maximumData, "Maximum Data");
    }

    @Override
    public long type() {
        return FrameType.DATA_BLOCKED;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(maximumData);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.DATA_BLOCKED);
        VarInt.write(buf, maximumData);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.dataBlocked(this);
    }
}
