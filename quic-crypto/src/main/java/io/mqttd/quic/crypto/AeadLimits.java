package io.mqttd.quic.crypto;

/**
 * The AEAD usage limits of RFC 9001 §6.6 for full-size packets.
 *
 * @param confidentialityLimit packets one key may seal; {@link Long#MAX_VALUE} where the limit
 *     exceeds the 2^62 packet numbers (ChaCha20-Poly1305)
 * @param integrityLimit received packets that may fail authentication over a connection's life
 */
public record AeadLimits(long confidentialityLimit, long integrityLimit) {
    /** AEAD_AES_128_GCM and AEAD_AES_256_GCM: 2^23 sealed, 2^52 forged (RFC 9001 §6.6, Appendix B.1). */
    public static final AeadLimits AES_GCM = new AeadLimits(1L << 23, 1L << 52);
    /** AEAD_CHACHA20_POLY1305: no confidentiality limit, 2^36 forged (RFC 9001 §6.6). */
    public static final AeadLimits CHACHA20_POLY1305 = new AeadLimits(Long.MAX_VALUE, 1L << 36);

    public AeadLimits {
        if (confidentialityLimit < 1 || integrityLimit < 1) {
            throw new IllegalArgumentException("AEAD limits must be positive");
        }
    }

    public static AeadLimits of(CipherSuite suite) {
        return suite.isChaCha20() ? CHACHA20_POLY1305 : AES_GCM;
    }

    /**
     * Where a key update becomes due: three quarters of the confidentiality limit, which leaves
     * 2^21 packets (seconds at full rate) for the update's acknowledgement rules (RFC 9001 §6.1) to
     * let it happen before the hard limit.
     */
    public long keyUpdateThreshold() {
        return confidentialityLimit == Long.MAX_VALUE ? Long.MAX_VALUE : confidentialityLimit / 4 * 3;
    }
}
