package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/** STREAM_DATA_BLOCKED, RFC 9000 §19.13: the sender is blocked by a stream's flow control limit. */
public record StreamDataBlockedFrame(long streamId, long maximumStreamData) implements Frame {
    public StreamDataBlockedFrame {
        FieldChecks.varInt(streamId, "Stream ID");
        FieldChecks.varInt(maximumStreamData, "Maximum Stream Data");
    }

    @Override
    public long type() {
        return FrameType.STREAM_DATA_BLOCKED;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(streamId) + VarInt.encodedLength(maximumStreamData);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.STREAM_DATA_BLOCKED);
        VarInt.write(buf, streamId);
        VarInt.write(buf, maximumStreamData);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.streamDataBlocked(this);
    }
}
