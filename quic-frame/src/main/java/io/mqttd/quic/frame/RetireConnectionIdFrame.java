package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * RETIRE_CONNECTION_ID, RFC 9000 §19.16: the sender will no longer use the connection ID with this
 * sequence number. Whether the number was ever issued, or names the packet's own Destination
 * Connection ID, depends on connection state and is checked by the connection (PROTOCOL_VIOLATION).
 */
public record RetireConnectionIdFrame(long sequenceNumber) implements Frame {
    public RetireConnectionIdFrame {
        FieldChecks.varInt(sequenceNumber, "Sequence Number");
    }

    @Override
    public long type() {
        return FrameType.RETIRE_CONNECTION_ID;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(sequenceNumber);
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.RETIRE_CONNECTION_ID);
        VarInt.write(buf, sequenceNumber);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.retireConnectionId(this);
    }
}
