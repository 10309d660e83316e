package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.packet.ConnectionId;
import java.nio.ByteBuffer;

/** Hand-built datagrams with the header fields the endpoint reads (it never decrypts). */
final class Datagrams {
    private Datagrams() {
    }

    /** A client Initial (RFC 9000 §17.2.2) of {@code version}, padded to {@code size} bytes. */
    static ByteBuffer initial(int version, ConnectionId dcid, ConnectionId scid, byte[] token, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        int typeBits = version == 0x6b3343cf ? 1 : 0; // RFC 9369 §3.2: v2 Initial is 0b01
        b.put((byte) (0xc0 | typeBits << 4));
        b.putInt(version);
        b.put((byte) dcid.length());
        dcid.writeTo(b);
        b.put((byte) scid.length());
        scid.writeTo(b);
        putVarInt(b, token.length);
        b.put(token);
        int length = size - b.position() - 2;
        b.putShort((short) (0x4000 | length));
        b.position(size);
        return b.flip();
    }

    /** A short-header packet (§17.3.1) to {@code dcid}, {@code size} bytes of noise after it. */
    static ByteBuffer shortHeader(ConnectionId dcid, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) 0x41);
        dcid.writeTo(b);
        while (b.hasRemaining()) {
            b.put((byte) 0x5a);
        }
        return b.flip();
    }

    static void putVarInt(ByteBuffer b, long v) {
        if (v < 64) {
            b.put((byte) v);
        } else if (v < 16384) {
            b.putShort((short) (0x4000 | v));
        } else {
            b.putInt((int) (0x8000_0000L | v));
        }
    }
}
