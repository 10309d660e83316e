package io.mqttd.quic.frame;

import java.nio.ByteBuffer;

/**
 * Static operations on a region {@code [offset, offset+length)} of a ByteBuffer, addressed
 * absolutely so that nobody's position moves. STREAM, CRYPTO and DATAGRAM frames keep their data
 * as such a region of the decrypted packet instead of a copy or a slice object (RFC 9000 §19.6,
 * §19.8; RFC 9221 §4): the frame value is the only allocation a decoded data frame costs.
 */
final class ByteRegion {
    private ByteRegion() {
    }

    /** A read-only view of the region, positioned at 0. */
    static ByteBuffer slice(ByteBuffer source, int offset, int length) {
        ByteBuffer slice = source.slice(offset, length);
        return slice.isReadOnly() ? slice : slice.asReadOnlyBuffer();
    }

    /** Writes the region at {@code dst}'s position and advances it. */
    static void copyTo(ByteBuffer source, int offset, int length, ByteBuffer dst) {
        int at = dst.position();
        dst.put(at, source, offset, length);
        dst.position(at + length);
    }

    static boolean equal(ByteBuffer a, int aOffset, ByteBuffer b, int bOffset, int length) {
        for (int i = 0; i < length; i++) {
            if (a.get(aOffset + i) != b.get(bOffset + i)) {
                return false;
            }
        }
        return true;
    }

    static int hash(ByteBuffer source, int offset, int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + source.get(offset + i);
        }
        return h;
    }

    /** The first bytes in hex, for toString. */
    static String preview(ByteBuffer source, int offset, int length) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(length, 16);
        for (int i = 0; i < shown; i++) {
            sb.append(Character.forDigit((source.get(offset + i) >> 4) & 0xf, 16))
                    .append(Character.forDigit(source.get(offset + i) & 0xf, 16));
        }
        return shown < length ? sb.append("...").toString() : sb.toString();
    }
}
