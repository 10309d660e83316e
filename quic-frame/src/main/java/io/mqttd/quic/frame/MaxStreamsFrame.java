package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * MAX_STREAMS, RFC 9000 §19.11: the cumulative number of streams of one direction the peer may open.
 *
 * @param bidirectional true for type 0x12 (bidirectional), false for 0x13 (unidirectional)
 * @param maximumStreams at most 2^60 (§4.6, §19.11)
 */
public record MaxStreamsFrame(boolean bidirectional, long maximumStreams) implements Frame {
    public MaxStreamsFrame {
        FieldChecks.streamCount(maximumStreams, "Maximum Streams");
    }

    @Override
    public long type() {
        return bidirectional ? FrameType.MAX_STREAMS_BIDI : FrameType.MAX_STREAMS_UNI;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(maximumStreams);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) type());
        VarInt.write(buf, maximumStreams);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.maxStreams(this);
    }
}
