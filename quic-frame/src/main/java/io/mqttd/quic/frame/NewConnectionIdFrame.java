package io.mqttd.quic.frame;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * NEW_CONNECTION_ID, RFC 9000 §19.15: a further connection ID with its sequence number and the
 * stateless reset token that goes with it (§10.3).
 *
 * <p>Checked here (and on decode, as FRAME_ENCODING_ERROR): a length of 1 to 20, Retire Prior To
 * not above Sequence Number. Left to the connection, which holds the state: receipt while using
 * zero-length connection IDs (PROTOCOL_VIOLATION), a repeated ID with a different token or
 * sequence number (§19.15 MAY), active_connection_id_limit (CONNECTION_ID_LIMIT_ERROR, §5.1.1).
 *
 * @param statelessResetToken exactly 16 bytes; copied in and out
 */
public record NewConnectionIdFrame(long sequenceNumber, long retirePriorTo, ConnectionId connectionId,
        byte[] statelessResetToken) implements Frame {
    public static final int STATELESS_RESET_TOKEN_LENGTH = 16;

    public NewConnectionIdFrame {
        FieldChecks.varInt(sequenceNumber, "Sequence Number");
        FieldChecks.varInt(retirePriorTo, "Retire Prior To");
        if (retirePriorTo > sequenceNumber) {
            throw new IllegalArgumentException("Retire Prior To exceeds Sequence Number (§19.15)");
        }
        if (connectionId.isEmpty()) {
            throw new IllegalArgumentException("NEW_CONNECTION_ID needs a connection ID of 1 to 20 bytes (§19.15)");
        }
        if (statelessResetToken.length != STATELESS_RESET_TOKEN_LENGTH) {
            throw new IllegalArgumentException("stateless reset token must be 16 bytes");
        }
        statelessResetToken = statelessResetToken.clone();
    }

    /** A copy of the stateless reset token. */
    @Override
    public byte[] statelessResetToken() {
        return statelessResetToken.clone();
    }

    @Override
    public long type() {
        return FrameType.NEW_CONNECTION_ID;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(sequenceNumber) + VarInt.encodedLength(retirePriorTo) + 1
                + connectionId.length() + STATELESS_RESET_TOKEN_LENGTH;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.NEW_CONNECTION_ID);
        VarInt.write(buf, sequenceNumber);
        VarInt.write(buf, retirePriorTo);
        buf.put((byte) connectionId.length());
        connectionId.writeTo(buf);
        buf.put(statelessResetToken);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.newConnectionId(this);
    }

    /** RFC 9000 §9.1. */
    @Override
    public boolean isProbing() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewConnectionIdFrame other && sequenceNumber == other.sequenceNumber
                && retirePriorTo == other.retirePriorTo && connectionId.equals(other.connectionId)
                && Arrays.equals(statelessResetToken, other.statelessResetToken);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(sequenceNumber) * 31 + Long.hashCode(retirePriorTo)) * 31
                + connectionId.hashCode()) * 31 + Arrays.hashCode(statelessResetToken);
    }

    @Override
    public String toString() {
        return "NewConnectionIdFrame[seq=" + sequenceNumber + ", retirePriorTo=" + retirePriorTo + ", cid="
                + connectionId + ", token=" + HexFormat.of().formatHex(statelessResetToken) + ']';
    }
}
