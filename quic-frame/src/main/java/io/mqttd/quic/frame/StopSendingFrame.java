package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * STOP_SENDING, RFC 9000 §19.5: asks the peer to stop sending on a stream.
 *
 * @param applicationErrorCode an application protocol error code (§20.2)
 */
public record StopSendingFrame(long streamId, long applicationErrorCode) implements Frame {
    public StopSendingFrame {
        FieldChecks.varInt(streamId, "Stream ID");
        FieldChecks.varInt(applicationErrorCode, "Application Protocol Error Code");
    }

    @Override
    public long type() {
        return FrameType.STOP_SENDING;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(streamId) + VarInt.encodedLength(applicationErrorCode);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.STOP_SENDING);
        VarInt.write(buf, streamId);
        VarInt.write(buf, applicationErrorCode);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.stopSending(this);
    }
}
