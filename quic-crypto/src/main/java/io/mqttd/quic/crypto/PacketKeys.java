package io.mqttd.quic.crypto;

/**
 * The packet protection material derived from one traffic secret (RFC 9001 §5.1): AEAD key,
 * IV and header protection key, each by HKDF-Expand-Label with an empty context and the
 * version's labels. {@link #nextGeneration()} is the key update of RFC 9001 §6.1, which derives a
 * new secret, key and IV but keeps the header protection key.
 *
 * <p>Immutable; accessors return copies. This is the entry point from the TLS engine: it hands over
 * suite + secret per {@link EncryptionLevel}; the connection adds the QUIC version.
 */
public final class PacketKeys {
    private final CipherSuite suite;
    private final VersionLabels labels;
    private final byte[] secret;
    private final byte[] key;
    private final byte[] iv;
    private final byte[] hp;

    private PacketKeys(CipherSuite suite, VersionLabels labels, byte[] secret, byte[] key, byte[] iv, byte[] hp) {
        this.suite = suite;
        this.labels = labels;
        this.secret = secret;
        this.key = key;
        this.iv = iv;
        this.hp = hp;
    }

    /**
     * @param suite the negotiated suite (its hash drives HKDF, its AEAD the key length)
     * @param secret a traffic secret of Hash.length bytes
     * @param version the QUIC version, v1 or v2
     */
    public static PacketKeys derive(CipherSuite suite, byte[] secret, int version) {
        VersionLabels labels = VersionLabels.of(version);
        byte[] s = checkedSecret(suite, secret);
        // RFC 9001 §5.4.3, §5.4.4: the HP key has the length of the AEAD key (16 or 32 bytes).
        byte[] hp = suite.hkdf().expandLabel(s, labels.hpLabel(), null, suite.keyLength());
        return withHeaderKey(suite, labels, s, hp);
    }

    private static PacketKeys withHeaderKey(CipherSuite suite, VersionLabels labels, byte[] secret, byte[] hp) {
        Hkdf hkdf = suite.hkdf();
        byte[] key = hkdf.expandLabel(secret, labels.keyLabel(), null, suite.keyLength());
        // RFC 9001 §5.1: the IV is the AEAD nonce length (12) or 8, whichever is larger.
        byte[] iv = hkdf.expandLabel(secret, labels.ivLabel(), null, CipherSuite.IV_LENGTH);
        return new PacketKeys(suite, labels, secret, key, iv, hp);
    }

    private static byte[] checkedSecret(CipherSuite suite, byte[] secret) {
        if (secret == null || secret.length != suite.hkdf().hashLength()) {
            throw new IllegalArgumentException("a " + suite + " traffic secret has "
                    + suite.hkdf().hashLength() + " bytes");
        }
        return secret.clone();
    }

    /**
     * The keys of the next key phase: secret_&lt;n+1&gt; = HKDF-Expand-Label(secret_&lt;n&gt;,
     * "quic ku", "", Hash.length) (RFC 9001 §6.1; "quicv2 ku" in v2). The header protection key is
     * not updated (RFC 9001 §5.4).
     */
    public PacketKeys nextGeneration() {
        Hkdf hkdf = suite.hkdf();
        byte[] next = hkdf.expandLabel(secret, labels.kuLabel(), null, hkdf.hashLength());
        return withHeaderKey(suite, labels, next, hp);
    }

    public CipherSuite suite() {
        return suite;
    }

    public int version() {
        return labels.version();
    }

    public VersionLabels labels() {
        return labels;
    }

    public byte[] secret() {
        return secret.clone();
    }

    public byte[] key() {
        return key.clone();
    }

    public byte[] iv() {
        return iv.clone();
    }

    /** The header protection key. */
    public byte[] hp() {
        return hp.clone();
    }

    /** A fresh AEAD bound to this key and IV, for one direction. */
    public PacketAead newAead(boolean forSealing) {
        return new PacketAead(suite, key, iv, forSealing);
    }

    /** A fresh header protection instance for this HP key. */
    public HeaderProtection newHeaderProtection() {
        return HeaderProtection.create(suite, hp);
    }

    @Override
    public String toString() {
        return "PacketKeys[" + suite + ", " + labels + "]";
    }
}
