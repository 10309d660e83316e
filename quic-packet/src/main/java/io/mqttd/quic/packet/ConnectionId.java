package io.mqttd.quic.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A connection ID, RFC 9000 §5.1: 0 to 20 bytes in QUIC v1 and v2 (RFC 8999 §5.3 allows up to 255
 * in long headers of unknown versions; {@link #MAX_LENGTH_ANY_VERSION}). Immutable; equality and
 * hash are by value so it can key the endpoint's routing table.
 */
public final class ConnectionId {
    /** RFC 9000 §17.2: in QUIC version 1 this value MUST NOT exceed 20 bytes. */
    public static final int MAX_LENGTH = 20;
    /** RFC 8999 §5.1: the invariant form allows up to 255 bytes. */
    public static final int MAX_LENGTH_ANY_VERSION = 255;

    public static final ConnectionId EMPTY = new ConnectionId(new byte[0]);

    private final byte[] bytes;
    private final int hash;

    private ConnectionId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A connection ID of up to 20 bytes; the array is copied. */
    public static ConnectionId of(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID longer than 20 bytes: " + bytes.length);
        }
        return bytes.length == 0 ? EMPTY : new ConnectionId(bytes.clone());
    }

    /** A connection ID copied from {@code src[offset, offset+length)}; length up to 255 (RFC 8999). */
    public static ConnectionId of(byte[] src, int offset, int length) {
        if (length > MAX_LENGTH_ANY_VERSION || length < 0) {
            throw new IllegalArgumentException("bad connection ID length: " + length);
        }
        return length == 0 ? EMPTY : new ConnectionId(Arrays.copyOfRange(src, offset, offset + length));
    }

    /** Reads {@code length} bytes from the buffer's position, advancing it. */
    public static ConnectionId read(ByteBuffer buf, int length) {
        if (length < 0 || length > MAX_LENGTH_ANY_VERSION) {
            throw new IllegalArgumentException("bad connection ID length: " + length);
        }
        if (length == 0) {
            return EMPTY;
        }
        byte[] b = new byte[length];
        buf.get(b);
        return new ConnectionId(b);
    }

    /**
     * A connection ID copied from {@code buf[index, index+length)} (absolute; the buffer's position
     * is not changed); length up to 255 (RFC 8999 §5.1). Works for heap and direct buffers.
     */
    public static ConnectionId of(ByteBuffer buf, int index, int length) {
        if (length < 0 || length > MAX_LENGTH_ANY_VERSION) {
            throw new IllegalArgumentException("bad connection ID length: " + length);
        }
        if (length == 0) {
            return EMPTY;
        }
        byte[] b = new byte[length];
        buf.get(index, b);
        return new ConnectionId(b);
    }

    public static ConnectionId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    public void writeTo(ByteBuffer buf) {
        buf.put(bytes);
    }

    /** True when {@code src[offset, offset+length)} holds this connection ID; no allocation. */
    public boolean matches(byte[] src, int offset, int length) {
        return length == bytes.length
                && Arrays.equals(bytes, 0, length, src, offset, offset + length);
    }

    /**
     * True when {@code buf[index, index+length)} holds this connection ID; absolute, no allocation,
     * so the endpoint can route a received packet by its DCID in place.
     */
    public boolean matches(ByteBuffer buf, int index, int length) {
        if (length != bytes.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.get(index + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return bytes.length == 0 ? "<empty>" : toHex();
    }
}
