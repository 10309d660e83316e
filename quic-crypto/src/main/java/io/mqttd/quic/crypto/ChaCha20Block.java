package io.mqttd.quic.crypto;

/**
 * The ChaCha20 block function of RFC 8439 §2.3, for header protection masks (RFC 9001 §5.4.4).
 * One block per call, no allocation: the key words are parsed once, the rounds run on locals.
 * Not used for payload encryption, which goes through the JCA.
 */
final class ChaCha20Block {
    /** "expand 32-byte k" as four little-endian words (RFC 8439 §2.3). */
    private static final int[] CONSTANTS = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

    /** Constants and key words; counter and nonce come per call. */
    private final int[] initial = new int[12];
    private final int[] working = new int[16];

    ChaCha20Block(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 takes a 256-bit key");
        }
        System.arraycopy(CONSTANTS, 0, initial, 0, 4);
        for (int i = 0; i < 8; i++) {
            initial[4 + i] = littleEndian(key, 4 * i);
        }
    }

    /**
     * Writes the first {@code length} (at most 64) keystream bytes of block {@code counter} with the
     * 12-byte nonce at {@code nonce[nonceOffset..]} into {@code out[0..length)}.
     *
     * <p>The 16 state words live in local variables, one per word of RFC 8439 §2.3's 4x4 matrix,
     * so that the JIT can keep them in registers instead of loading and storing an array per step.
     */
    void keystream(int counter, byte[] nonce, int nonceOffset, byte[] out, int length) {
        int[] s = initial;
        int n0 = littleEndian(nonce, nonceOffset);
        int n1 = littleEndian(nonce, nonceOffset + 4);
        int n2 = littleEndian(nonce, nonceOffset + 8);
        int x0 = s[0], x1 = s[1], x2 = s[2], x3 = s[3];
        int x4 = s[4], x5 = s[5], x6 = s[6], x7 = s[7];
        int x8 = s[8], x9 = s[9], x10 = s[10], x11 = s[11];
        int x12 = counter, x13 = n0, x14 = n1, x15 = n2;
        for (int round = 0; round < 10; round++) {
            // Column round: QUARTERROUND(0,4,8,12) (1,5,9,13) (2,6,10,14) (3,7,11,15), RFC 8439 §2.1.
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // Diagonal round: QUARTERROUND(0,5,10,15) (1,6,11,12) (2,7,8,13) (3,4,9,14).
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        // RFC 8439 §2.3: add the initial state, then serialize little-endian.
        int[] w = working;
        w[0] = x0 + s[0]; w[1] = x1 + s[1]; w[2] = x2 + s[2]; w[3] = x3 + s[3];
        w[4] = x4 + s[4]; w[5] = x5 + s[5]; w[6] = x6 + s[6]; w[7] = x7 + s[7];
        w[8] = x8 + s[8]; w[9] = x9 + s[9]; w[10] = x10 + s[10]; w[11] = x11 + s[11];
        w[12] = x12 + counter; w[13] = x13 + n0; w[14] = x14 + n1; w[15] = x15 + n2;
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (w[i >>> 2] >>> (8 * (i & 3)));
        }
    }

    private static int littleEndian(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
