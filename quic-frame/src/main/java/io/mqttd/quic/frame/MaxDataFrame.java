package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/** MAX_DATA, RFC 9000 §19.9: the connection-level flow control limit in bytes. */
public record MaxDataFrame(long maximumData) implements Frame {
    public MaxDataFrame {
        FieldChecks.varInt(maximumData, "Maximum Data");
    }

    @Override
    public long type() {
        return FrameType.MAX_DATA;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(maximumData);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.MAX_DATA);
        VarInt.write(buf, maximumData);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.maxData(this);
    }
}
