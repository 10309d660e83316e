package io.mqttd.quic.crypto;

import java.nio.ByteBuffer;

/**
 * Header protection of RFC 9001 §5.4: a 5-byte mask, computed from a 16-byte sample of the
 * ciphertext that starts 4 bytes after the Packet Number field (§5.4.2), hides the low bits of the
 * first byte (4 for long headers, 5 for short headers, so also the key phase) and the packet
 * number bytes.
 *
 * <p>Works in place on a ByteBuffer with absolute offsets, as the header parser gives them; the
 * buffer's position and limit are not touched. Not thread-safe (it reuses its scratch arrays).
 */
public abstract sealed class HeaderProtection permits AesHeaderProtection, ChaCha20HeaderProtection {
    /** Bytes sampled from the ciphertext for every suite of RFC 8446 used by QUIC (§5.4.2). */
    public static final int SAMPLE_LENGTH = 16;
    /** The sample starts this far after the start of the Packet Number field (§5.4.2). */
    public static final int SAMPLE_OFFSET = 4;
    /** Returned by {@link #remove} when the packet must be discarded (§5.4.2). */
    public static final int DROP = -1;

    private static final int LONG_HEADER_BIT = 0x80;
    private static final int LONG_HEADER_PROTECTED_BITS = 0x0f;
    private static final int SHORT_HEADER_PROTECTED_BITS = 0x1f;

    /** The mask is the first 5 bytes of this; the AES variant needs a full block. */
    final byte[] mask = new byte[16];
    private final byte[] sample = new byte[SAMPLE_LENGTH];

    HeaderProtection() {
    }

    /** The scheme of a suite: AES-ECB for the AES-GCM suites (§5.4.3), ChaCha20 otherwise (§5.4.4). */
    public static HeaderProtection create(CipherSuite suite, byte[] hpKey) {
        if (hpKey == null || hpKey.length != suite.keyLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.keyLength() + "-byte header protection key");
        }
        return suite.isChaCha20() ? new ChaCha20HeaderProtection(hpKey) : new AesHeaderProtection(hpKey);
    }

    /**
     * The fewest plaintext payload bytes a packet with this packet number length needs so that
     * the ciphertext holds a full sample (RFC 9001 §5.4.2): packet number plus protected payload
     * must reach 4 + 16 bytes, of which the AEAD adds a 16-byte tag. A sender pads up to this.
     */
    public static int minimumPayloadLength(int pnLength) {
        return Math.max(0, SAMPLE_OFFSET + SAMPLE_LENGTH - CipherSuite.TAG_LENGTH - pnLength);
    }

    /**
     * Throws if a packet about to be sealed could not be header-protected, or would be read back
     * with another packet number length, so that a sender's bug fails before the AEAD consumes the
     * packet number.
     */
    static void checkSealable(ByteBuffer packet, int packetStart, int pnOffset, int pnLength, int payloadEnd) {
        if (pnLength < 1 || pnLength > 4 || packetStart < 0 || packetStart >= packet.limit()
                || (packet.get(packetStart) & 0x03) + 1 != pnLength) {
            throw new IllegalArgumentException("packet number length " + pnLength
                    + " does not match the Packet Number Length bits of the first byte");
        }
        int payloadLength = payloadEnd - pnOffset - pnLength;
        if (payloadLength < minimumPayloadLength(pnLength)) {
            throw new IllegalArgumentException("a " + pnLength + "-byte packet number needs at least "
                    + minimumPayloadLength(pnLength) + " payload bytes for the header protection sample "
                    + "(RFC 9001 §5.4.2), got " + payloadLength);
        }
    }

    /** Fills {@code mask[0..4]} from the 16 bytes at {@code sample[offset..offset+15]}. */
    abstract void computeMask(byte[] sample, int offset);

    /**
     * Applies protection after the payload has been sealed (RFC 9001 §5.4.1).
     *
     * @param pnOffset start of the Packet Number field
     * @param pnLength its encoded length, 1 to 4; must match the low 2 bits of the first byte
     * @param packetEnd end of the protected payload; the sender pads so that a full sample exists
     * @throws IllegalArgumentException on offsets that leave no sample: a local bug, not peer input
     */
    public final void apply(ByteBuffer packet, int packetStart, int pnOffset, int pnLength, int packetEnd) {
        if (!hasSample(packet, packetStart, pnOffset, packetEnd) || pnLength < 1 || pnLength > 4) {
            throw new IllegalArgumentException("no room for a header protection sample: start " + packetStart
                    + ", packet number at " + pnOffset + " (" + pnLength + " bytes), end " + packetEnd);
        }
        maskFrom(packet, pnOffset + SAMPLE_OFFSET);
        int first = packet.get(packetStart);
        packet.put(packetStart, (byte) (first ^ (mask[0] & protectedBits(first))));
        xorPacketNumber(packet, pnOffset, pnLength);
    }

    /**
     * Removes protection from a received packet (RFC 9001 §5.4.1): the first byte is unmasked first,
     * because it carries the packet number length that says how many bytes to unmask next.
     *
     * @return the packet number length (1-4), or {@link #DROP} if the packet is too short to hold a
     *     sample or the offsets do not fit the buffer; never throws on peer bytes
     */
    public final int remove(ByteBuffer packet, int packetStart, int pnOffset, int packetEnd) {
        if (!hasSample(packet, packetStart, pnOffset, packetEnd)) {
            return DROP;
        }
        maskFrom(packet, pnOffset + SAMPLE_OFFSET);
        int first = packet.get(packetStart) ^ (mask[0] & protectedBits(packet.get(packetStart)));
        packet.put(packetStart, (byte) first);
        int pnLength = (first & 0x03) + 1;
        xorPacketNumber(packet, pnOffset, pnLength);
        return pnLength;
    }

    private static boolean hasSample(ByteBuffer packet, int packetStart, int pnOffset, int packetEnd) {
        // Every offset is checked before any subtraction, so none can overflow.
        return packetStart >= 0 && pnOffset > packetStart && packetEnd > pnOffset && packetEnd <= packet.limit()
                && packetEnd - pnOffset >= SAMPLE_OFFSET + SAMPLE_LENGTH;
    }

    private static int protectedBits(int firstByte) {
        return (firstByte & LONG_HEADER_BIT) != 0 ? LONG_HEADER_PROTECTED_BITS : SHORT_HEADER_PROTECTED_BITS;
    }

    private void maskFrom(ByteBuffer packet, int sampleOffset) {
        if (packet.hasArray()) {
            computeMask(packet.array(), packet.arrayOffset() + sampleOffset);
        } else {
            packet.get(sampleOffset, sample);
            computeMask(sample, 0);
        }
    }

    private void xorPacketNumber(ByteBuffer packet, int pnOffset, int pnLength) {
        for (int i = 0; i < pnLength; i++) {
            packet.put(pnOffset + i, (byte) (packet.get(pnOffset + i) ^ mask[1 + i]));
        }
    }

    /** The mask for a sample, for tests and tools: a fresh 5-byte array. */
    public final byte[] mask(byte[] sample16) {
        if (sample16.length != SAMPLE_LENGTH) {
            throw new IllegalArgumentException("a sample has 16 bytes");
        }
        computeMask(sample16, 0);
        byte[] out = new byte[5];
        System.arraycopy(mask, 0, out, 0, 5);
        return out;
    }
}
