package io.mqttd.quic.tls.message;

import io.mqttd.quic.tls.TlsAlertException;

/**
 * Reads the TLS presentation language (RFC 8446 §3) from a byte array window. Every read is
 * bounds-checked against the window and a short read is a decode_error (RFC 8446 §6.2), never an
 * IndexOutOfBoundsException: the bytes come from the peer.
 */
public final class WireReader {
    private final byte[] data;
    private int position;
    private final int limit;

    public WireReader(byte[] data) {
        this(data, 0, data.length);
    }

    public WireReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
    }

    public int remaining() {
        return limit - position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    private void need(int n) {
        if (n < 0 || limit - position < n) {
            throw TlsAlertException.decodeError("truncated: need " + n + " bytes, have " + (limit - position));
        }
    }

    public int u8() {
        need(1);
        return data[position++] & 0xff;
    }

    public int u16() {
        need(2);
        int v = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
        position += 2;
        return v;
    }

    public int u24() {
        need(3);
        int v = ((data[position] & 0xff) << 16) | ((data[position + 1] & 0xff) << 8) | (data[position + 2] & 0xff);
        position += 3;
        return v;
    }

    public long u32() {
        need(4);
        long v = ((long) (data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return v;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, position, out, 0, n);
        position += n;
        return out;
    }

    /** opaque x&lt;min..max&gt; with a length prefix of {@code lengthBytes} bytes. */
    public byte[] opaque(int lengthBytes, int min, int max) {
        int n = length(lengthBytes);
        checkRange(n, min, max);
        return bytes(n);
    }

    /** A length-prefixed vector as a sub-reader; the outer reader skips past it. */
    public WireReader vector(int lengthBytes, int min, int max) {
        int n = length(lengthBytes);
        checkRange(n, min, max);
        need(n);
        WireReader sub = new WireReader(data, position, n);
        position += n;
        return sub;
    }

    private int length(int lengthBytes) {
        return switch (lengthBytes) {
            case 1 -> u8();
            case 2 -> u16();
            case 3 -> u24();
            default -> throw new IllegalStateException("length prefix of " + lengthBytes + " bytes");
        };
    }

    private static void checkRange(int n, int min, int max) {
        if (n < min || n > max) {
            throw TlsAlertException.decodeError("vector length " + n + " outside " + min + ".." + max);
        }
    }

    /** RFC 8446 §4: trailing bytes after a structure are a decode_error. */
    public void expectEnd(String what) {
        if (position != limit) {
            throw TlsAlertException.decodeError((limit - position) + " trailing bytes after " + what);
        }
    }
}
