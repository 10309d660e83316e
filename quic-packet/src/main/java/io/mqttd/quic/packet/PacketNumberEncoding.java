package io.mqttd.quic.packet;

import java.nio.ByteBuffer;

/**
 * Packet number encoding and decoding, RFC 9000 §17.1 with the algorithms of Appendix A.2 and A.3.
 *
 * <p>A packet number is 0 to 2^62-1 (§12.3) but travels in 1 to 4 bytes: only its least
 * significant bits are sent, enough for the receiver to recover the full value from the largest
 * packet number it has already authenticated.
 */
public final class PacketNumberEncoding {
    /** The largest packet number, RFC 9000 §12.3. */
    public static final long MAX_PACKET_NUMBER = (1L << 62) - 1;
    /** The value of {@code largestAcked} when no packet of the space has been acknowledged yet. */
    public static final long NONE = -1;

    private PacketNumberEncoding() {
    }

    /**
     * The number of bytes (1-4) to send {@code fullPn} in, per RFC 9000 Appendix A.2: the encoding
     * must represent more than twice the distance to the largest acknowledged packet number.
     * With no acknowledgement yet ({@link #NONE}), the whole number counts (§17.1).
     *
     * @throws IllegalArgumentException when {@code fullPn} is out of range, not above
     *     {@code largestAcked}, or more than 2^31 packets ahead of it (no 4-byte encoding can be
     *     decoded reliably then; a sender must not get there)
     */
    public static int encodedLength(long fullPn, long largestAcked) {
        if (fullPn < 0 || fullPn > MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("packet number out of range: " + fullPn);
        }
        if (largestAcked < NONE || largestAcked >= fullPn) {
            throw new IllegalArgumentException("largest acknowledged " + largestAcked
                    + " is not below the packet number " + fullPn);
        }
        long numUnacked = fullPn - largestAcked;
        // A.2: min_bits = log2(num_unacked) + 1 and num_bytes = ceil(min_bits / 8); in integers,
        // the smallest n such that 2^(8n) >= 2 * num_unacked, i.e. num_unacked <= 2^(8n-1).
        for (int bytes = 1; bytes <= 4; bytes++) {
            if (numUnacked <= 1L << (8 * bytes - 1)) {
                return bytes;
            }
        }
        throw new IllegalArgumentException(numUnacked + " unacknowledged packet numbers exceed a 4-byte encoding");
    }

    /**
     * Recovers a full packet number from its truncated form, RFC 9000 Appendix A.3: the value
     * closest to {@code largestPn + 1} whose low {@code pnNbits} bits are {@code truncatedPn}.
     *
     * @param largestPn the largest packet number successfully processed in this space, or
     *     {@link #NONE} before the first one
     * @param truncatedPn the Packet Number field after header protection removal
     * @param pnNbits 8, 16, 24 or 32
     */
    public static long decode(long largestPn, long truncatedPn, int pnNbits) {
        if (pnNbits != 8 && pnNbits != 16 && pnNbits != 24 && pnNbits != 32) {
            throw new IllegalArgumentException("packet number field must be 8, 16, 24 or 32 bits: " + pnNbits);
        }
        long pnWin = 1L << pnNbits;
        if (truncatedPn < 0 || truncatedPn >= pnWin) {
            throw new IllegalArgumentException("truncated packet number does not fit " + pnNbits + " bits");
        }
        if (largestPn < NONE || largestPn > MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("largest packet number out of range: " + largestPn);
        }
        long expectedPn = largestPn + 1;
        long pnHwin = pnWin / 2;
        long pnMask = pnWin - 1;
        long candidatePn = (expectedPn & ~pnMask) | truncatedPn;
        // The second condition of each test keeps the result within 0..2^62-1 (A.3).
        if (candidatePn <= expectedPn - pnHwin && candidatePn < (1L << 62) - pnWin) {
            return candidatePn + pnWin;
        }
        // The pseudocode lets the candidate reach 2^62 and above when largest_pn is 2^62-1 (so
        // expected_pn is 2^62); no such packet number exists, so take the one a window lower.
        if ((candidatePn > expectedPn + pnHwin || candidatePn > MAX_PACKET_NUMBER) && candidatePn >= pnWin) {
            return candidatePn - pnWin;
        }
        return candidatePn;
    }

    /** The length of the Packet Number field from the Packet Number Length bits of an unprotected first byte (§17.2, §17.3.1). */
    public static int lengthFromFirstByte(int unprotectedFirstByte) {
        return (unprotectedFirstByte & 0x03) + 1;
    }

    /** Writes the {@code length} least significant bytes of {@code fullPn} at {@code index}; position unchanged. */
    public static void write(ByteBuffer buf, int index, long fullPn, int length) {
        checkLength(length);
        for (int i = length - 1; i >= 0; i--) {
            buf.put(index + i, (byte) fullPn);
            fullPn >>>= 8;
        }
    }

    /**
     * Reads a {@code length}-byte Packet Number field at {@code index}, once header protection is
     * removed; the caller has checked that the bytes are within the packet.
     */
    public static long readTruncated(ByteBuffer buf, int index, int length) {
        checkLength(length);
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (buf.get(index + i) & 0xff);
        }
        return value;
    }

    private static void checkLength(int length) {
        if (length < 1 || length > 4) {
            throw new IllegalArgumentException("packet number length must be 1 to 4: " + length);
        }
    }
}
