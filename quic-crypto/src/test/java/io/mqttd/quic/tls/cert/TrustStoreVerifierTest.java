package io.mqttd.quic.tls.cert;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class TrustStoreVerifierTest {
    private final TestPki pki;
    private final KeyPair leafKeys = TestPki.ecKeys();
    private final X509Certificate leaf;
    private final TrustStoreVerifier verifier;

    TrustStoreVerifierTest() throws Exception {
        pki = new TestPki("Test");
        leaf = pki.leaf(leafKeys, KeyPurposeId.id_kp_serverAuth, "broker.example.com", "127.0.0.1");
        verifier = TrustStoreVerifier.trusting(List.of(pki.root));
    }

    @Test
    void acceptsChainToTrustedRootCoveringTheHostName_rfc5280_6_rfc9525_6() {
        assertThatCode(() -> verifier.verify(List.of(leaf, pki.intermediate), "broker.example.com"))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsChainThatIncludesTheRootItself() {
        assertThatCode(() -> verifier.verify(List.of(leaf, pki.intermediate, pki.root), "broker.example.com"))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsIpLiteralAgainstIpAddressSubjectAltName_rfc9525_6_2() {
        assertThatCode(() -> verifier.verify(List.of(leaf, pki.intermediate), "127.0.0.1"))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsHostNameTheCertificateDoesNotCover_rfc9525_6_3() {
        assertThatThrownBy(() -> verifier.verify(List.of(leaf, pki.intermediate), "evil.example.com"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("does not cover host name evil.example.com");
    }

    @Test
    void rejectsIpLiteralNotListedAsIpAddress() {
        assertThatThrownBy(() -> verifier.verify(List.of(leaf, pki.intermediate), "127.0.0.2"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void reportsUnknownIssuerForChainToAnotherRoot_rfc8446_6_2_unknown_ca() throws Exception {
        TestPki other = new TestPki("Other");
        X509Certificate foreignLeaf = other.leaf(leafKeys, KeyPurposeId.id_kp_serverAuth, "broker.example.com");
        assertThatThrownBy(() -> verifier.verify(List.of(foreignLeaf, other.intermediate), "broker.example.com"))
                .isInstanceOf(CertificateChainVerifier.UnknownIssuerException.class);
    }

    @Test
    void reportsUnknownIssuerWhenIntermediateIsMissing() {
        assertThatThrownBy(() -> verifier.verify(List.of(leaf), "broker.example.com"))
                .isInstanceOf(CertificateChainVerifier.UnknownIssuerException.class);
    }

    @Test
    void reportsExpiredLeaf_rfc8446_6_2_certificate_expired() throws Exception {
        Instant now = Instant.now();
        X509Certificate expired = pki.leaf(leafKeys, now.minus(10, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS),
                KeyPurposeId.id_kp_serverAuth, "broker.example.com");
        assertThatThrownBy(() -> verifier.verify(List.of(expired, pki.intermediate), "broker.example.com"))
                .isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void reportsNotYetValidWhenJudgedBeforeNotBefore() {
        TrustStoreVerifier past = verifier.withClock(Clock.fixed(Instant.now().minus(2, ChronoUnit.DAYS), ZoneOffset.UTC));
        assertThatThrownBy(() -> past.verify(List.of(leaf, pki.intermediate), "broker.example.com"))
                .isInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void rejectsServerCertificateRestrictedToClientAuth_rfc5280_4_2_1_12() throws Exception {
        X509Certificate clientOnly = pki.leaf(leafKeys, KeyPurposeId.id_kp_clientAuth, "broker.example.com");
        assertThatThrownBy(() -> verifier.verify(List.of(clientOnly, pki.intermediate), "broker.example.com"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("server authentication");
    }

    @Test
    void acceptsClientCertificateWithoutHostNameWhenUsageAllowsClientAuth() throws Exception {
        X509Certificate client = pki.leaf(leafKeys, KeyPurposeId.id_kp_clientAuth);
        assertThatCode(() -> verifier.verify(List.of(client, pki.intermediate), null)).doesNotThrowAnyException();
    }

    @Test
    void rejectsClientCertificateRestrictedToServerAuth() {
        assertThatThrownBy(() -> verifier.verify(List.of(leaf, pki.intermediate), null))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("client authentication");
    }

    @Test
    void rejectsEmptyChain() {
        assertThatThrownBy(() -> verifier.verify(List.of(), "broker.example.com"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void trustsSelfSignedCertificateWhenItIsTheAnchor() {
        CertifiedKey dev = SelfSignedCertificate.generate("localhost", "::1");
        TrustStoreVerifier pinned = TrustStoreVerifier.trusting(dev.chain());
        assertThatCode(() -> pinned.verify(dev.chain(), "localhost")).doesNotThrowAnyException();
        assertThatCode(() -> pinned.verify(dev.chain(), "[::1]")).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(dev.chain(), "localhost"))
                .isInstanceOf(CertificateChainVerifier.UnknownIssuerException.class);
    }

    @Test
    void systemDefaultTrustStoreHasAnchorsAndRejectsPrivatePki() {
        TrustStoreVerifier system = TrustStoreVerifier.systemDefault();
        assertThatThrownBy(() -> system.verify(List.of(leaf, pki.intermediate), "broker.example.com"))
                .isInstanceOf(CertificateChainVerifier.UnknownIssuerException.class);
    }

    @Test
    void insecureVerifierAcceptsAnyNonEmptyChainButNotAnEmptyOne() {
        assertThatCode(() -> InsecureVerifier.acceptAnyCertificate().verify(List.of(leaf), "anything"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> InsecureVerifier.acceptAnyCertificate().verify(List.of(), "x"))
                .isInstanceOf(CertificateException.class);
    }
}
