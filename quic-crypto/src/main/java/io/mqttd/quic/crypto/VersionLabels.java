package io.mqttd.quic.crypto;

import io.mqttd.quic.packet.QuicVersion;
import java.util.HexFormat;

/**
 * What packet protection changes between QUIC versions: the Initial salt (RFC 9001 §5.2,
 * RFC 9369 §3.3.1), the HKDF labels for key, IV, header protection and key update (RFC 9001 §5.1,
 * §6.1; RFC 9369 §3.3.2) and the fixed Retry integrity key and nonce (RFC 9001 §5.8,
 * RFC 9369 §3.3.3). Everything else in RFC 9001 §5-6 is the same for v1 and v2.
 *
 * <p>Versions are their 32-bit wire values. Immutable; the byte-array accessors return copies.
 */
public final class VersionLabels {
    /** QUIC version 1, RFC 9000. */
    public static final int QUIC_V1 = QuicVersion.V1.value();
    /** QUIC version 2, RFC 9369 §3.1. */
    public static final int QUIC_V2 = QuicVersion.V2.value();

    /** RFC 9001 §5.2, §5.1, §6.1, §5.8. */
    public static final VersionLabels V1 = new VersionLabels(QUIC_V1,
            "38762cf7f55934b34d179ae6a4c80cadccbb7f0a",
            "quic key", "quic iv", "quic hp", "quic ku",
            "be0c690b9f66575a1d766b54e368c84e", "461599d35d632bf2239825bb");

    /** RFC 9369 §3.3.1-3.3.3. */
    public static final VersionLabels V2 = new VersionLabels(QUIC_V2,
            "0dede3def700a6db819381be6e269dcbf9bd2ed9",
            "quicv2 key", "quicv2 iv", "quicv2 hp", "quicv2 ku",
            "8fb4b01b56ac48e260fbcbcead7ccc92", "d86969bc2d7c6d9990efb04a");

    private final int version;
    private final byte[] initialSalt;
    private final String keyLabel;
    private final String ivLabel;
    private final String hpLabel;
    private final String kuLabel;
    private final byte[] retryKey;
    private final byte[] retryNonce;

    private VersionLabels(int version, String saltHex, String keyLabel, String ivLabel, String hpLabel,
            String kuLabel, String retryKeyHex, String retryNonceHex) {
        HexFormat hex = HexFormat.of();
        this.version = version;
        this.initialSalt = hex.parseHex(saltHex);
        this.keyLabel = keyLabel;
        this.ivLabel = ivLabel;
        this.hpLabel = hpLabel;
        this.kuLabel = kuLabel;
        this.retryKey = hex.parseHex(retryKeyHex);
        this.retryNonce = hex.parseHex(retryNonceHex);
    }

    /** Whether this stack can protect packets of that version. */
    public static boolean isSupported(int version) {
        return version == QUIC_V1 || version == QUIC_V2;
    }

    /**
     * The labels of a supported version.
     *
     * @throws IllegalArgumentException for any other version: callers negotiate the version
     *     (RFC 9000 §6) before they derive keys, so this is a local error, never a peer's
     */
    public static VersionLabels of(int version) {
        if (version == QUIC_V1) {
            return V1;
        }
        if (version == QUIC_V2) {
            return V2;
        }
        throw new IllegalArgumentException("no packet protection for QUIC version 0x" + Integer.toHexString(version));
    }

    public int version() {
        return version;
    }

    public byte[] initialSalt() {
        return initialSalt.clone();
    }

    /** "quic key" or "quicv2 key". */
    public String keyLabel() {
        return keyLabel;
    }

    /** "quic iv" or "quicv2 iv". */
    public String ivLabel() {
        return ivLabel;
    }

    /** "quic hp" or "quicv2 hp". */
    public String hpLabel() {
        return hpLabel;
    }

    /** "quic ku" or "quicv2 ku". */
    public String kuLabel() {
        return kuLabel;
    }

    /** The AEAD_AES_128_GCM key of the Retry Integrity Tag. */
    public byte[] retryKey() {
        return retryKey.clone();
    }

    /** The nonce of the Retry Integrity Tag. */
    public byte[] retryNonce() {
        return retryNonce.clone();
    }

    byte[] initialSaltUnsafe() {
        return initialSalt;
    }

    byte[] retryKeyUnsafe() {
        return retryKey;
    }

    byte[] retryNonceUnsafe() {
        return retryNonce;
    }

    @Override
    public String toString() {
        return "VersionLabels[0x" + Integer.toHexString(version) + "]";
    }
}
