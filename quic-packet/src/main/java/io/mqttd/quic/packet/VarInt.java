package io.mqttd.quic.packet;

import java.nio.ByteBuffer;

/**
 * Variable-length integers, RFC 9000 §16.
 *
 * <p>The two most significant bits of the first byte give the length: 00 = 1 byte (6-bit value),
 * 01 = 2 bytes (14 bits), 10 = 4 bytes (30 bits), 11 = 8 bytes (62 bits). A value may be encoded
 * in more bytes than it needs; §16 allows that on read, so {@link #read} accepts non-minimal
 * encodings while every write uses the shortest form unless a length is forced
 * ({@link #write(ByteBuffer, long, int)}, used for the reserved Length field of long headers).
 *
 * <p>Reads of peer bytes throw {@link TransportError}; writes of out-of-range values are local
 * programming errors and throw {@link IllegalArgumentException}.
 */
public final class VarInt {
    /** The largest value a variable-length integer can carry: 2^62 - 1. */
    public static final long MAX_VALUE = (1L << 62) - 1;

    private VarInt() {
    }

    /** Bytes needed for {@code value} in the shortest encoding. */
    public static int encodedLength(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint: " + value);
        }
        if (value <= 0x3f) {
            return 1;
        }
        if (value <= 0x3fff) {
            return 2;
        }
        if (value <= 0x3fff_ffffL) {
            return 4;
        }
        if (value <= MAX_VALUE) {
            return 8;
        }
        throw new IllegalArgumentException("varint exceeds 2^62-1: " + value);
    }

    /** The length an encoding has, read from the two high bits of its first byte. */
    public static int lengthFromFirstByte(int firstByte) {
        return 1 << ((firstByte & 0xc0) >>> 6);
    }

    /**
     * Reads one varint, advancing the buffer.
     *
     * @throws TransportError FRAME_ENCODING_ERROR when the buffer ends inside the integer
     */
    public static long read(ByteBuffer buf) {
        return read(buf, TransportErrorCode.FRAME_ENCODING_ERROR);
    }

    /**
     * Reads one varint, advancing the buffer; a truncated integer throws {@code onTruncation}
     * (e.g. TRANSPORT_PARAMETER_ERROR inside transport parameters).
     */
    public static long read(ByteBuffer buf, TransportErrorCode onTruncation) {
        if (!buf.hasRemaining()) {
            throw new TransportError(onTruncation, "truncated variable-length integer");
        }
        int first = buf.get(buf.position()) & 0xff;
        int length = lengthFromFirstByte(first);
        if (buf.remaining() < length) {
            throw new TransportError(onTruncation, "truncated variable-length integer");
        }
        switch (length) {
            case 1:
                buf.get();
                return first;
            case 2:
                return buf.getShort() & 0x3fff;
            case 4:
                return buf.getInt() & 0x3fff_ffffL;
            default:
                return buf.getLong() & MAX_VALUE;
        }
    }

    /**
     * Reads one varint from {@code src} at {@code offset}; the encoded length is
     * {@code lengthFromFirstByte(src[offset])}.
     *
     * @throws TransportError FRAME_ENCODING_ERROR when the array ends inside the integer
     */
    public static long read(byte[] src, int offset) {
        if (offset < 0 || offset >= src.length) {
            throw TransportError.frameEncoding(0, "truncated variable-length integer");
        }
        int length = lengthFromFirstByte(src[offset] & 0xff);
        if (src.length - offset < length) {
            throw TransportError.frameEncoding(0, "truncated variable-length integer");
        }
        long value = src[offset] & 0x3f;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (src[offset + i] & 0xff);
        }
        return value;
    }

    /**
     * Reads the varint at absolute {@code index} without moving the buffer's position; returns -1
     * when it does not end before {@code limit}. For parsers that walk a datagram by index and
     * decide themselves what truncation means (a dropped packet, a FRAME_ENCODING_ERROR).
     */
    public static long readAt(ByteBuffer buf, int index, int limit) {
        if (index < 0 || index >= limit) {
            return -1;
        }
        int first = buf.get(index) & 0xff;
        int length = lengthFromFirstByte(first);
        if (limit - index < length) {
            return -1;
        }
        long value = first & 0x3f;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (buf.get(index + i) & 0xff);
        }
        return value;
    }

    /** Writes {@code value} in its shortest encoding. */
    public static void write(ByteBuffer buf, long value) {
        write(buf, value, encodedLength(value));
    }

    /**
     * Writes {@code value} in exactly {@code length} bytes (1, 2, 4 or 8), e.g. to fill a Length
     * field reserved before the payload size was known.
     */
    public static void write(ByteBuffer buf, long value, int length) {
        checkFits(value, length);
        switch (length) {
            case 1:
                buf.put((byte) value);
                break;
            case 2:
                buf.putShort((short) (0x4000 | value));
                break;
            case 4:
                buf.putInt((int) (0x8000_0000L | value));
                break;
            default:
                buf.putLong(0xc000_0000_0000_0000L | value);
                break;
        }
    }

    /** Absolute write of {@code value} in exactly {@code length} bytes at {@code index}; position unchanged. */
    public static void write(ByteBuffer buf, int index, long value, int length) {
        checkFits(value, length);
        switch (length) {
            case 1:
                buf.put(index, (byte) value);
                break;
            case 2:
                buf.putShort(index, (short) (0x4000 | value));
                break;
            case 4:
                buf.putInt(index, (int) (0x8000_0000L | value));
                break;
            default:
                buf.putLong(index, 0xc000_0000_0000_0000L | value);
                break;
        }
    }

    /** Writes {@code value} in its shortest encoding into {@code dst}; returns the offset after it. */
    public static int write(byte[] dst, int offset, long value) {
        int length = encodedLength(value);
        long prefix = switch (length) {
            case 1 -> 0L;
            case 2 -> 0x4000L;
            case 4 -> 0x8000_0000L;
            default -> 0xc000_0000_0000_0000L;
        };
        long encoded = prefix | value;
        for (int i = length - 1; i >= 0; i--) {
            dst[offset + i] = (byte) encoded;
            encoded >>>= 8;
        }
        return offset + length;
    }

    private static void checkFits(long value, int length) {
        if (length != 1 && length != 2 && length != 4 && length != 8) {
            throw new IllegalArgumentException("varint length must be 1, 2, 4 or 8: " + length);
        }
        if (value < 0 || encodedLength(value) > length) {
            throw new IllegalArgumentException("value " + value + " does not fit a " + length + "-byte varint");
        }
    }
}
