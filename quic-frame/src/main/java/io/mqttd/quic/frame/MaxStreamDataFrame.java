package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/** MAX_STREAM_DATA, RFC 9000 §19.10: the flow control limit of one stream in bytes. */
public record MaxStreamDataFrame(long streamId, long maximumStreamData) implements Frame {
    public MaxStreamDataFrame {
        FieldChecks.varInt(streamId, "Stream ID");
        FieldChecks.varInt(maximumStreamData, "Maximum Stream Data");
    }

    @Override
    public long type() {
        return FrameType.MAX_STREAM_DATA;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(streamId) + VarInt.encodedLength(maximumStreamData);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.MAX_STREAM_DATA);
        VarInt.write(buf, streamId);
        VarInt.write(buf, maximumStreamData);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.maxStreamData(this);
    }
}
