package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * RESET_STREAM, RFC 9000 §19.4: abruptly ends the sending part of a stream.
 *
 * @param applicationErrorCode an application protocol error code (§20.2)
 * @param finalSize the final size of the stream in bytes (§4.5)
 */
public record ResetStreamFrame(long streamId, long applicationErrorCode, long finalSize) implements Frame {
    public ResetStreamFrame {
        FieldChecks.varInt(streamId, "Stream ID");
        FieldChecks.varInt(applicationErrorCode, "Application Protocol Error Code");
        FieldChecks.varInt(finalSize, "Final Size");
    }

    @Override
    public long type() {
        return FrameType.RESET_STREAM;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(streamId) + VarInt.encodedLength(applicationErrorCode)
                + VarInt.encodedLength(finalSize);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.RESET_STREAM);
        VarInt.write(buf, streamId);
        VarInt.write(buf, applicationErrorCode);
        VarInt.write(buf, finalSize);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.resetStream(this);
    }
}
