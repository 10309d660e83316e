package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Client settings shared by many connections; immutable. Build with {@link #builder}. The
 * verifier is mandatory: the user must choose how the server is authenticated.
 */
public final class TlsClientConfig {
    final List<CipherSuite> cipherSuites;
    final List<NamedGroup> groups;
    final List<NamedGroup> keyShareGroups;
    final List<SignatureScheme> signatureSchemes;
    final List<String> alpnProtocols;
    final CertificateChainVerifier verifier;
    final List<X509Certificate> certificateChain;
    final HandshakeSignatures.SigningKey signingKey;
    final QuicPolicy quicPolicy;
    final RandomSource random;
    final SecureRandom secureRandom;
    final KeyExchangeFactory keyExchangeFactory;
    final KeyLogSink keyLog;
    final java.util.function.LongSupplier clock;
    final boolean offerEarlyData;
    final int maxHandshakeMessageSize;

    private TlsClientConfig(Builder b) {
        cipherSuites = List.copyOf(b.cipherSuites);
        groups = List.copyOf(b.groups);
        keyShareGroups = List.copyOf(b.keyShareGroups);
        signatureSchemes = List.copyOf(b.signatureSchemes);
        alpnProtocols = List.copyOf(b.alpnProtocols);
        verifier = Objects.requireNonNull(b.verifier, "a CertificateChainVerifier is required");
        certificateChain = b.certificateChain == null ? List.of() : List.copyOf(b.certificateChain);
        signingKey = b.privateKey == null ? null : new HandshakeSignatures.SigningKey(b.privateKey);
        quicPolicy = b.quicPolicy;
        secureRandom = b.secureRandom;
        random = b.random != null ? b.random : RandomSource.secure(secureRandom);
        keyExchangeFactory = b.keyExchangeFactory != null ? b.keyExchangeFactory : KeyExchangeFactory.secure(secureRandom);
        keyLog = b.keyLog;
        clock = b.clock;
        offerEarlyData = b.offerEarlyData;
        maxHandshakeMessageSize = b.maxHandshakeMessageSize;
        if (cipherSuites.isEmpty() || groups.isEmpty() || signatureSchemes.isEmpty()) {
            throw new IllegalArgumentException("cipher suites, groups and signature schemes must not be empty");
        }
        if (!groups.containsAll(keyShareGroups)) {
            throw new IllegalArgumentException("key share groups must be among the supported groups");
        }
        if (quicPolicy.requireAlpn() && alpnProtocols.isEmpty()) {
            throw new IllegalArgumentException("QUIC requires ALPN (RFC 9001 §8.1): configure at least one protocol");
        }
        if (signingKey != null && certificateChain.isEmpty()) {
            throw new IllegalArgumentException("a client private key needs a certificate chain");
        }
    }

    public static Builder builder(CertificateChainVerifier verifier) {
        return new Builder(verifier);
    }

    /** Builder with QUIC defaults: all three suites, x25519 then P-256 then P-384, x25519 key share. */
    public static final class Builder {
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
                CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        private List<NamedGroup> groups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1);
        private List<NamedGroup> keyShareGroups = List.of(NamedGroup.X25519);
        private List<SignatureScheme> signatureSchemes = List.of(SignatureScheme.values());
        private List<String> alpnProtocols = List.of();
        private final CertificateChainVerifier verifier;
        private List<X509Certificate> certificateChain;
        private PrivateKey privateKey;
        private QuicPolicy quicPolicy = QuicPolicy.QUIC;
        private SecureRandom secureRandom = new SecureRandom();
        private RandomSource random;
        private KeyExchangeFactory keyExchangeFactory;
        private KeyLogSink keyLog;
        private java.util.function.LongSupplier clock = System::currentTimeMillis;
        private boolean offerEarlyData = true;
        private int maxHandshakeMessageSize = 65536;

        private Builder(CertificateChainVerifier verifier) {
            this.verifier = verifier;
        }

        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = v;
            return this;
        }

        /** supported_groups, in preference order. */
        public Builder groups(List<NamedGroup> v) {
            groups = v;
            return this;
        }

        /** The groups the first ClientHello carries key shares for (RFC 8446 §4.2.8). */
        public Builder keyShareGroups(List<NamedGroup> v) {
            keyShareGroups = v;
            return this;
        }

        /** signature_algorithms; the non-CertificateVerify ones go in signature_algorithms_cert only. */
        public Builder signatureSchemes(List<SignatureScheme> v) {
            signatureSchemes = v;
            return this;
        }

        public Builder alpnProtocols(List<String> v) {
            alpnProtocols = v;
            return this;
        }

        /** A certificate for mutual TLS (RFC 8446 §4.4.2), end-entity first, and its private key. */
        public Builder clientCertificate(List<X509Certificate> chain, PrivateKey key) {
            certificateChain = chain;
            privateKey = key;
            return this;
        }

        public Builder quicPolicy(QuicPolicy v) {
            quicPolicy = v;
            return this;
        }

        public Builder secureRandom(SecureRandom v) {
            secureRandom = v;
            return this;
        }

        /** Test seam: the source of Hello.random and other public randoms. */
        public Builder randomSource(RandomSource v) {
            random = v;
            return this;
        }

        /** Test seam: where ephemeral key pairs come from. */
        public Builder keyExchangeFactory(KeyExchangeFactory v) {
            keyExchangeFactory = v;
            return this;
        }

        /** Wall-clock milliseconds, used only for ticket ages and lifetimes (RFC 8446 §4.6.1). */
        public Builder clock(java.util.function.LongSupplier v) {
            clock = v;
            return this;
        }

        public Builder keyLog(KeyLogSink v) {
            keyLog = v;
            return this;
        }

        /** Whether to offer 0-RTT when resuming with a ticket that allows it. */
        public Builder offerEarlyData(boolean v) {
            offerEarlyData = v;
            return this;
        }

        public Builder maxHandshakeMessageSize(int v) {
            maxHandshakeMessageSize = v;
            return this;
        }

        public TlsClientConfig build() {
            return new TlsClientConfig(this);
        }
    }
}
