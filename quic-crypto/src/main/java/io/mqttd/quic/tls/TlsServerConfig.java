package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Server settings shared by many connections; immutable apart from the anti-replay set. The
 * private key is converted to Bouncy Castle's lightweight form once, here.
 */
public final class TlsServerConfig {
    /** Whether and how the server asks for a client certificate (RFC 8446 §4.3.2). */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    final List<X509Certificate> certificateChain;
    final List<byte[]> encodedChain;
    final HandshakeSignatures.SigningKey signingKey;
    final List<CipherSuite> cipherSuites;
    final List<NamedGroup> groups;
    final List<String> alpnProtocols;
    final ClientAuth clientAuth;
    final CertificateChainVerifier clientVerifier;
    final QuicPolicy quicPolicy;
    final RandomSource random;
    final SecureRandom secureRandom;
    final KeyExchangeFactory keyExchangeFactory;
    final KeyLogSink keyLog;
    final java.util.function.LongSupplier clock;
    final byte[] cookieKey;
    final TicketProtector tickets;
    final long ticketLifetimeSeconds;
    final Predicate<byte[]> earlyDataAcceptor;
    final TicketReplayGuard replayGuard;
    final int maxHandshakeMessageSize;

    private TlsServerConfig(Builder b) {
        certificateChain = List.copyOf(b.certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("the server needs a certificate chain");
        }
        encodedChain = certificateChain.stream().map(c -> {
            try {
                return c.getEncoded();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode certificate " + c.getSubjectX500Principal(), e);
            }
        }).toList();
        signingKey = new HandshakeSignatures.SigningKey(Objects.requireNonNull(b.privateKey, "private key"));
        cipherSuites = List.copyOf(b.cipherSuites);
        groups = List.copyOf(b.groups);
        alpnProtocols = List.copyOf(b.alpnProtocols);
        clientAuth = b.clientAuth;
        clientVerifier = b.clientVerifier;
        if (clientAuth != ClientAuth.NONE && clientVerifier == null) {
            throw new IllegalArgumentException("client authentication needs a CertificateChainVerifier");
        }
        quicPolicy = b.quicPolicy;
        secureRandom = b.secureRandom;
        random = b.random != null ? b.random : RandomSource.secure(secureRandom);
        keyExchangeFactory = b.keyExchangeFactory != null ? b.keyExchangeFactory : KeyExchangeFactory.secure(secureRandom);
        keyLog = b.keyLog;
        clock = b.clock;
        if (b.cookieKey != null) {
            cookieKey = b.cookieKey;
        } else {
            cookieKey = new byte[32];
            secureRandom.nextBytes(cookieKey);
        }
        byte[] ticketKey = b.ticketKey;
        if (ticketKey == null && b.issueTickets) {
            ticketKey = new byte[32];
            secureRandom.nextBytes(ticketKey);
        }
        tickets = ticketKey == null ? null : new TicketProtector(ticketKey, b.previousTicketKeys);
        ticketLifetimeSeconds = b.ticketLifetimeSeconds;
        earlyDataAcceptor = b.earlyDataAcceptor;
        replayGuard = b.replayGuard;
        maxHandshakeMessageSize = b.maxHandshakeMessageSize;
        if (cipherSuites.isEmpty() || groups.isEmpty()) {
            // Every handshake would end in handshake_failure: refuse at build time instead.
            throw new IllegalArgumentException("cipher suites and groups must not be empty");
        }
        if (quicPolicy.requireAlpn() && alpnProtocols.isEmpty()) {
            throw new IllegalArgumentException("QUIC requires ALPN (RFC 9001 §8.1): configure at least one protocol");
        }
        if (ticketLifetimeSeconds <= 0 || ticketLifetimeSeconds > 604800) {
            // RFC 8446 §4.6.1: at most seven days.
            throw new IllegalArgumentException("ticket lifetime must be 1..604800 seconds");
        }
    }

    public static Builder builder(List<X509Certificate> certificateChain, PrivateKey privateKey) {
        return new Builder(certificateChain, privateKey);
    }

    /** Builder with QUIC defaults; tickets on, 0-RTT refused unless an acceptor is set. */
    public static final class Builder {
        private final List<X509Certificate> certificateChain;
        private final PrivateKey privateKey;
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
                CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        private List<NamedGroup> groups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1);
        private List<String> alpnProtocols = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private CertificateChainVerifier clientVerifier;
        private QuicPolicy quicPolicy = QuicPolicy.QUIC;
        private SecureRandom secureRandom = new SecureRandom();
        private RandomSource random;
        private KeyExchangeFactory keyExchangeFactory;
        private KeyLogSink keyLog;
        private java.util.function.LongSupplier clock = System::currentTimeMillis;
        private boolean issueTickets = true;
        private byte[] ticketKey;
        private byte[] cookieKey;
        private List<byte[]> previousTicketKeys = List.of();
        private long ticketLifetimeSeconds = 86400;
        private Predicate<byte[]> earlyDataAcceptor;
        private TicketReplayGuard replayGuard = new TicketReplayGuard(100_000);
        private int maxHandshakeMessageSize = 65536;

        private Builder(List<X509Certificate> certificateChain, PrivateKey privateKey) {
            this.certificateChain = certificateChain;
            this.privateKey = privateKey;
        }

        /** Server preference order. */
        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = v;
            return this;
        }

        /** Server preference order; a ClientHello without a share for any of them gets a HelloRetryRequest. */
        public Builder groups(List<NamedGroup> v) {
            groups = v;
            return this;
        }

        /** Server preference order. */
        public Builder alpnProtocols(List<String> v) {
            alpnProtocols = v;
            return this;
        }

        public Builder clientAuth(ClientAuth mode, CertificateChainVerifier verifier) {
            clientAuth = mode;
            clientVerifier = verifier;
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

        /** Test seam: the source of ServerHello.random and ticket randoms. */
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

        public Builder issueTickets(boolean v) {
            issueTickets = v;
            return this;
        }

        /** A 32-byte key shared by the servers that must accept each other's tickets; random by default. */
        public Builder ticketKey(byte[] v) {
            ticketKey = v.clone();
            return this;
        }

        /** Former ticket keys, still accepted for resumption but never used to seal: key rotation. */
        public Builder previousTicketKeys(List<byte[]> v) {
            previousTicketKeys = v.stream().map(byte[]::clone).toList();
            return this;
        }

        /**
         * The HMAC key of HelloRetryRequest cookies (RFC 8446 §4.2.2); share it between servers
         * that must accept each other's cookies. Random by default.
         */
        public Builder cookieKey(byte[] v) {
            if (v.length < 32) {
                throw new IllegalArgumentException("cookie key must be at least 32 bytes");
            }
            cookieKey = v.clone();
            return this;
        }

        public Builder ticketLifetimeSeconds(long v) {
            ticketLifetimeSeconds = v;
            return this;
        }

        /**
         * Enables 0-RTT: the predicate gets the server transport parameters remembered in the
         * ticket and says whether they are compatible with the current ones (RFC 9001 §4.6.2).
         */
        public Builder earlyDataAcceptor(Predicate<byte[]> v) {
            earlyDataAcceptor = v;
            return this;
        }

        public Builder replayGuard(TicketReplayGuard v) {
            replayGuard = v;
            return this;
        }

        public Builder maxHandshakeMessageSize(int v) {
            maxHandshakeMessageSize = v;
            return this;
        }

        public TlsServerConfig build() {
            return new TlsServerConfig(this);
        }
    }
}
