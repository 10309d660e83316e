package io.mqttd.quic.tls.cert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies a peer's chain against a set of trust anchors (RFC 5280 path validation through the
 * JDK's PKIX validator), then the purpose and the name:
 * <ul>
 *   <li>the end-entity's extended key usage, when present, must allow serverAuth for a server
 *       certificate or clientAuth for a client certificate (RFC 5280 §4.2.1.12);</li>
 *   <li>a server certificate must cover the host name the client connected to (RFC 9525, see
 *       {@link HostName}); a client certificate (host name null) has no name to check.</li>
 * </ul>
 * Revocation (CRL/OCSP) is not checked: it needs network access the sans-IO engine does not have;
 * deployments that need it should use short-lived certificates.
 */
public final class TrustStoreVerifier implements CertificateChainVerifier {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    private TrustStoreVerifier(Set<TrustAnchor> anchors, Clock clock) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors");
        }
        this.anchors = Set.copyOf(anchors);
        this.clock = clock;
    }

    /** Trusts exactly the given certificates (CA roots, or a self-signed server certificate). */
    public static TrustStoreVerifier trusting(Collection<X509Certificate> trusted) {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : trusted) {
            anchors.add(new TrustAnchor(c, null));
        }
        return new TrustStoreVerifier(anchors, Clock.systemUTC());
    }

    /** Trusts the certificates of a PEM file (e.g. a CA bundle). */
    public static TrustStoreVerifier fromPem(Path caFile) throws IOException, CertificateException {
        return trusting(PemFiles.readCertificates(caFile));
    }

    /** Trusts the JDK's default trust store (cacerts, or javax.net.ssl.trustStore if set). */
    public static TrustStoreVerifier systemDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate c : x509.getAcceptedIssuers()) {
                        anchors.add(new TrustAnchor(c, null));
                    }
                }
            }
            return new TrustStoreVerifier(anchors, Clock.systemUTC());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be read", e);
        }
    }

    /** The same anchors, judged at the time of {@code clock} (for tests of validity periods). */
    public TrustStoreVerifier withClock(Clock clock) {
        return new TrustStoreVerifier(anchors, clock);
    }

    @Override
    public void verify(List<X509Certificate> chain, String hostName) throws CertificateException {
        if (chain.isEmpty()) {
            throw new CertificateException("empty certificate chain");
        }
        X509Certificate endEntity = chain.get(0);
        validatePath(chain);
        checkExtendedKeyUsage(endEntity, hostName != null ? SERVER_AUTH : CLIENT_AUTH);
        if (hostName != null && !HostName.matches(endEntity, hostName)) {
            throw new CertificateException("certificate " + endEntity.getSubjectX500Principal().getName()
                    + " does not cover host name " + hostName);
        }
    }

    private void validatePath(List<X509Certificate> chain) throws CertificateException {
        // RFC 5280 §6: the path excludes the trust anchor itself; a peer may or may not send it.
        List<X509Certificate> path = chain;
        X509Certificate last = chain.get(chain.size() - 1);
        if (chain.size() > 1 && isAnchor(last)) {
            path = chain.subList(0, chain.size() - 1);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw translate(e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertificateException("no usable trust anchors", e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate path validation failed: " + e.getMessage(), e);
        }
    }

    private boolean isAnchor(X509Certificate certificate) {
        for (TrustAnchor anchor : anchors) {
            if (certificate.equals(anchor.getTrustedCert())) {
                return true;
            }
        }
        return false;
    }

    private static CertificateException translate(CertPathValidatorException e) {
        if (e.getReason() == BasicReason.EXPIRED) {
            CertificateExpiredException expired = new CertificateExpiredException("certificate expired: " + e.getMessage());
            expired.initCause(e);
            return expired;
        }
        if (e.getReason() == BasicReason.NOT_YET_VALID) {
            CertificateNotYetValidException early = new CertificateNotYetValidException("certificate not yet valid: " + e.getMessage());
            early.initCause(e);
            return early;
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return new UnknownIssuerException("certificate chain does not lead to a trusted root", e);
        }
        return new CertificateException("certificate path validation failed: " + e.getMessage(), e);
    }

    private static void checkExtendedKeyUsage(X509Certificate endEntity, String purpose) throws CertificateException {
        List<String> usages;
        try {
            usages = endEntity.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable extended key usage", e);
        }
        if (usages != null && !usages.contains(purpose) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new CertificateException("certificate is not valid for "
                    + (purpose.equals(SERVER_AUTH) ? "server" : "client") + " authentication");
        }
    }
}
