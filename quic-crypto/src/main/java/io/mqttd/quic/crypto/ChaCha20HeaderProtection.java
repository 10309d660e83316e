package io.mqttd.quic.crypto;

/**
 * ChaCha20-based header protection (RFC 9001 §5.4.4): the first 4 sample bytes are the block
 * counter (little-endian), the other 12 the nonce, and the mask is ChaCha20 applied to 5 zero bytes,
 * i.e. the first 5 keystream bytes.
 *
 * <p>Uses {@link ChaCha20Block}, not the JCA's "ChaCha20" cipher: the JCA needs a new
 * {@code ChaCha20ParameterSpec} and a full init per packet, and SunJCE refuses to re-initialise
 * with the key and nonce it saw last, which a duplicated packet (same sample) would trigger.
 */
public final class ChaCha20HeaderProtection extends HeaderProtection {
    private final ChaCha20Block chacha;

    ChaCha20HeaderProtection(byte[] hpKey) {
        chacha = new ChaCha20Block(hpKey);
    }

    @Override
    void computeMask(byte[] sample, int offset) {
        int counter = (sample[offset] & 0xff) | (sample[offset + 1] & 0xff) << 8
                | (sample[offset + 2] & 0xff) << 16 | (sample[offset + 3] & 0xff) << 24;
        chacha.keystream(counter, sample, offset + 4, mask, 5);
    }
}
