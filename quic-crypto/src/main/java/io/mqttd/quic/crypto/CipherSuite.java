package io.mqttd.quic.crypto;

/**
 * The TLS 1.3 cipher suites QUIC uses (RFC 8446 §B.4; RFC 9001 §5.3 excludes TLS_AES_128_CCM_8).
 * Each fixes the AEAD, its key length and the hash of HKDF; QUIC header protection uses the same
 * block cipher or ChaCha20 (RFC 9001 §5.4.3, §5.4.4).
 */
public enum CipherSuite {
    TLS_AES_128_GCM_SHA256(0x1301, 16, Hkdf.SHA256),
    TLS_AES_256_GCM_SHA384(0x1302, 32, Hkdf.SHA384),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, 32, Hkdf.SHA256);

    /** AEAD authentication tag length; 16 for all three suites. */
    public static final int TAG_LENGTH = 16;
    /** AEAD nonce (and QUIC "quic iv") length; 12 for all three suites (RFC 8446 §5.3). */
    public static final int IV_LENGTH = 12;

    private final int code;
    private final int keyLength;
    private final Hkdf hkdf;

    CipherSuite(int code, int keyLength, Hkdf hkdf) {
        this.code = code;
        this.keyLength = keyLength;
        this.hkdf = hkdf;
    }

    /** The two-byte TLS identifier. */
    public int code() {
        return code;
    }

    public int keyLength() {
        return keyLength;
    }

    public Hkdf hkdf() {
        return hkdf;
    }

    public boolean isChaCha20() {
        return this == TLS_CHACHA20_POLY1305_SHA256;
    }

    /** The suite for a TLS identifier, or null if this stack does not offer it. */
    public static CipherSuite of(int code) {
        for (CipherSuite s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
