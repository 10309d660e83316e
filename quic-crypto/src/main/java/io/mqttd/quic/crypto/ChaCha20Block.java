package io.mqttd.quic.crypto;

/**
 * The ChaCha20 block function of RFC 8439 §2.3, for header protection masks (RFC 9001 §5.4.4).
 * One block per call, no allocation: the key words are parsed once and the state lives in a
 * reused array. Not used for payload encryption, which goes through the JCA.
 */
final class ChaCha20Block {
    /** "expand 32-byte k" as four little-endian words (RFC 8439 §2.3). */
    private static final int[] CONSTANTS = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

    private final int[] initial = new int[16];
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
     */
    void keystream(int counter, byte[] nonce, int nonceOffset, byte[] out, int length) {
        int[] x = working;
        initial[12] = counter;
        initial[13] = littleEndian(nonce, nonceOffset);
        initial[14] = littleEndian(nonce, nonceOffset + 4);
        initial[15] = littleEndian(nonce, nonceOffset + 8);
        System.arraycopy(initial, 0, x, 0, 16);
        for (int round = 0; round < 10; round++) {
            // RFC 8439 §2.3: a column round then a diagonal round.
            quarterRound(x, 0, 4, 8, 12);
            quarterRound(x, 1, 5, 9, 13);
            quarterRound(x, 2, 6, 10, 14);
            quarterRound(x, 3, 7, 11, 15);
            quarterRound(x, 0, 5, 10, 15);
            quarterRound(x, 1, 6, 11, 12);
            quarterRound(x, 2, 7, 8, 13);
            quarterRound(x, 3, 4, 9, 14);
        }
        for (int i = 0; i < length; i++) {
            int word = x[i >>> 2] + initial[i >>> 2];
            out[i] = (byte) (word >>> (8 * (i & 3)));
        }
    }

    /** RFC 8439 §2.1. */
    private static void quarterRound(int[] x, int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }

    private static int littleEndian(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
