package io.mqttd.quic.tls.cert;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Accepts any certificate chain and any name: the explicit opt-out of verification for development
 * against self-signed servers and for interop testing. The handshake still proves that the peer
 * holds the key of the certificate it sent (CertificateVerify, RFC 8446 §4.4.3), but not who it is,
 * so a man in the middle is not detected. Never the default.
 */
public final class InsecureVerifier implements CertificateChainVerifier {
    private static final InsecureVerifier INSTANCE = new InsecureVerifier();

    private InsecureVerifier() {
    }

    /** The verifier that skips chain and host name checks; the name says what it does. */
    public static InsecureVerifier acceptAnyCertificate() {
        return INSTANCE;
    }

    @Override
    public void verify(List<X509Certificate> chain, String hostName) throws CertificateException {
        if (chain.isEmpty()) {
            throw new CertificateException("empty certificate chain");
        }
    }
}
