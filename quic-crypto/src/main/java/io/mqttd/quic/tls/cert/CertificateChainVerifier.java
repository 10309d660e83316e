package io.mqttd.quic.tls.cert;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decides whether a peer's certificate chain is acceptable (RFC 8446 §4.4.2.4, RFC 9525 for the
 * host name). The TLS engine calls it with the chain of the Certificate message, end-entity first,
 * and maps a failure to the alert RFC 8446 §6.2 names:
 * {@link java.security.cert.CertificateExpiredException} and
 * {@link java.security.cert.CertificateNotYetValidException} to certificate_expired (45), a
 * {@link UnknownIssuerException} to unknown_ca (48), anything else to bad_certificate (42).
 */
public interface CertificateChainVerifier {

    /**
     * @param chain the peer's chain, end-entity certificate first; never empty
     * @param hostName the name the client expects in the server certificate's subjectAltName, or
     *     null when verifying a client certificate (mutual TLS), which has no name to match
     * @throws CertificateException when the chain must be refused
     */
    void verify(List<X509Certificate> chain, String hostName) throws CertificateException;

    /** The chain does not lead to a trusted root: RFC 8446 §6.2 unknown_ca. */
    final class UnknownIssuerException extends CertificateException {
        private static final long serialVersionUID = 1L;

        public UnknownIssuerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
