package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * STREAMS_BLOCKED, RFC 9000 §19.14: the sender wanted to open a stream beyond the peer's limit.
 *
 * @param bidirectional true for type 0x16 (bidirectional), false for 0x17 (unidirectional)
 * @param maximumStreams the limit at the time the frame was sent, at most 2^60 (§19.14)
 */
public record StreamsBlockedFrame(boolean bidirectional, long maximumStreams) implements Frame {
    public StreamsBlockedFrame {
        FieldChecks.streamCount(maximumStreams, "Maximum Streams");
    }

    @Override
    public long type() {
        return bidirectional ? FrameType.STREAMS_BLOCKED_BIDI : FrameType.STREAMS_BLOCKED_UNI;
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
        visitor.streamsBlocked(this);
    }
}
