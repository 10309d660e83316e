package io.mqttd.quic.tls.message;

import java.util.Arrays;

/**
 * Writes the TLS presentation language (RFC 8446 §3) into a growing array. Vectors are written
 * with {@link #beginVector} / {@link #endVector}, which back-patch the length prefix.
 */
public final class WireWriter {
    private byte[] buffer;
    private int size;

    public WireWriter() {
        this(256);
    }

    public WireWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    private void ensure(int n) {
        if (size + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + n));
        }
    }

    public WireWriter u8(int v) {
        ensure(1);
        buffer[size++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        ensure(2);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
        return this;
    }

    public WireWriter u24(int v) {
        ensure(3);
        buffer[size++] = (byte) (v >>> 16);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
        return this;
    }

    public WireWriter u32(long v) {
        ensure(4);
        buffer[size++] = (byte) (v >>> 24);
        buffer[size++] = (byte) (v >>> 16);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
        return this;
    }

    public WireWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buffer, size, b.length);
        size += b.length;
        return this;
    }

    /** opaque with a length prefix of {@code lengthBytes} bytes. */
    public WireWriter opaque(int lengthBytes, byte[] b) {
        int mark = beginVector(lengthBytes);
        bytes(b);
        return endVector(mark, lengthBytes);
    }

    /** Reserves a length prefix; returns the mark to pass to {@link #endVector}. */
    public int beginVector(int lengthBytes) {
        ensure(lengthBytes);
        int mark = size;
        size += lengthBytes;
        return mark;
    }

    public WireWriter endVector(int mark, int lengthBytes) {
        int n = size - mark - lengthBytes;
        if (n >= 1L << (8 * lengthBytes)) {
            throw new IllegalArgumentException("vector of " + n + " bytes exceeds a " + lengthBytes + "-byte length");
        }
        for (int i = 0; i < lengthBytes; i++) {
            buffer[mark + i] = (byte) (n >>> (8 * (lengthBytes - 1 - i)));
        }
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }
}
