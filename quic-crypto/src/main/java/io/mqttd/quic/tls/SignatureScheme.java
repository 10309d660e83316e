package io.mqttd.quic.tls;

/**
 * SignatureScheme values (RFC 8446 §4.2.3). The first five can sign a CertificateVerify here; the
 * rsa_pkcs1 ones and ecdsa_secp521r1_sha512 are only advertised in signature_algorithms_cert, for
 * the signatures inside certificate chains, which the chain verifier checks.
 */
public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, true),
    ECDSA_SECP384R1_SHA384(0x0503, true),
    RSA_PSS_RSAE_SHA256(0x0804, true),
    RSA_PSS_RSAE_SHA384(0x0805, true),
    ED25519(0x0807, true),
    RSA_PSS_RSAE_SHA512(0x0806, false),
    ECDSA_SECP521R1_SHA512(0x0603, false),
    RSA_PKCS1_SHA256(0x0401, false),
    RSA_PKCS1_SHA384(0x0501, false),
    RSA_PKCS1_SHA512(0x0601, false);

    private final int code;
    private final boolean handshake;

    SignatureScheme(int code, boolean handshake) {
        this.code = code;
        this.handshake = handshake;
    }

    public int code() {
        return code;
    }

    /** Whether this engine signs and verifies CertificateVerify with it. */
    public boolean usableInCertificateVerify() {
        return handshake;
    }

    public static SignatureScheme of(int code) {
        for (SignatureScheme s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
