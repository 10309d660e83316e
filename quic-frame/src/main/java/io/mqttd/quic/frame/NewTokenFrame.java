package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * NEW_TOKEN, RFC 9000 §19.7: a token for the Initial packets of a future connection. Unlike stream
 * data, the token is copied: a client stores it well beyond the life of the packet buffer. Only a
 * server may send it; a server receiving one is a PROTOCOL_VIOLATION checked by the connection.
 */
public record NewTokenFrame(byte[] token) implements Frame {
    /** §19.7: the token MUST NOT be empty. The array is copied. */
    public NewTokenFrame {
        if (token.length == 0) {
            throw new IllegalArgumentException("NEW_TOKEN token must not be empty (§19.7)");
        }
        token = token.clone();
    }

    /** A copy of the token. */
    @Override
    public byte[] token() {
        return token.clone();
    }

    public int tokenLength() {
        return token.length;
    }

    @Override
    public long type() {
        return FrameType.NEW_TOKEN;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(token.length) + token.length;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.NEW_TOKEN);
        VarInt.write(buf, token.length);
        buf.put(token);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.newToken(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewTokenFrame other && Arrays.equals(token, other.token);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        return "NewTokenFrame[" + HexFormat.of().formatHex(token) + ']';
    }
}
