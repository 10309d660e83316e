package io.mqttd.quic.connection;

import io.mqttd.quic.connection.cid.LocalConnectionIds;
import io.mqttd.quic.connection.cid.StatelessResetTokens;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.tls.KeyLogSink;
import io.mqttd.quic.tls.TlsServerConfig;
import io.mqttd.quic.tls.cert.CertifiedKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a server connection needs: its certificate and key, the ALPN protocols it speaks, cipher
 * suites, transport settings, the session ticket key, and from the endpoint the connection ID
 * generator, the routing callback and the stateless reset key, so that every connection ID a
 * connection issues is routed to it and carries a token the endpoint can recompute (RFC 9000
 * §5.1.1, §10.3). Immutable; {@link Builder#build()} validates and builds the TLS configuration once.
 */
public final class QuicServerSettings {
    private final CertifiedKey certifiedKey;
    private final List<String> alpnProtocols;
    private final TransportSettings transport;
    private final List<CipherSuite> cipherSuites;
    private final byte[] ticketKey;
    private final KeyLogSink keyLog;
    private final LocalConnectionIds.Routes routes;
    private final Supplier<ConnectionId> connectionIdGenerator;
    private final StatelessResetTokens statelessResetTokens;
    private final TlsServerConfig tlsConfig;

    private QuicServerSettings(Builder b) {
        this.certifiedKey = Objects.requireNonNull(b.certifiedKey, "a CertifiedKey is required");
        this.alpnProtocols = List.copyOf(b.alpnProtocols);
        this.transport = Objects.requireNonNull(b.transport, "transport settings are required");
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.keyLog = b.keyLog;
        this.routes = b.routes;
        this.connectionIdGenerator = b.connectionIdGenerator != null ? b.connectionIdGenerator
                : randomConnectionIds(8);
        this.statelessResetTokens = b.statelessResetTokens != null ? b.statelessResetTokens
                : StatelessResetTokens.random();
        if (alpnProtocols.isEmpty()) {
            throw new IllegalArgumentException("QUIC needs at least one ALPN protocol (RFC 9001 §8.1)");
        }
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("at least one cipher suite is required");
        }
        if (b.ticketKey != null && b.ticketKey.length != 32) {
            throw new IllegalArgumentException("the ticket key must have 32 bytes");
        }
        if (b.ticketKey != null) {
            this.ticketKey = b.ticketKey.clone();
        } else {
            this.ticketKey = new byte[32];
            new SecureRandom().nextBytes(ticketKey);
        }
        TlsServerConfig.Builder tls = TlsServerConfig.builder(certifiedKey.chain(), certifiedKey.privateKey())
                .alpnProtocols(alpnProtocols)
                .cipherSuites(cipherSuites)
                .ticketKey(ticketKey);
        if (keyLog != null) {
            tls.keyLog(keyLog);
        }
        this.tlsConfig = tls.build();
    }

    /** A generator of random connection IDs of {@code length} bytes (RFC 9000 §5.1: unpredictable). */
    public static Supplier<ConnectionId> randomConnectionIds(int length) {
        if (length < 1 || length > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("server connection IDs must have 1..20 bytes: " + length);
        }
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] b = new byte[length];
            random.nextBytes(b);
            return ConnectionId.of(b);
        };
    }

    public static Builder builder(CertifiedKey certifiedKey) {
        return new Builder(certifiedKey);
    }

    public CertifiedKey certifiedKey() {
        return certifiedKey;
    }

    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    public TransportSettings transport() {
        return transport;
    }

    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    /** Where issued connection IDs are announced to the endpoint's routing table; may be null. */
    public LocalConnectionIds.Routes routes() {
        return routes;
    }

    public Supplier<ConnectionId> connectionIdGenerator() {
        return connectionIdGenerator;
    }

    public StatelessResetTokens statelessResetTokens() {
        return statelessResetTokens;
    }

    TlsServerConfig tlsConfig() {
        return tlsConfig;
    }

    /** Builder with all three TLS 1.3 suites, default transport settings and random 8-byte connection IDs. */
    public static final class Builder {
        private final CertifiedKey certifiedKey;
        private List<String> alpnProtocols = List.of();
        private TransportSettings transport = TransportSettings.defaults();
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
                CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        private byte[] ticketKey;
        private KeyLogSink keyLog;
        private LocalConnectionIds.Routes routes;
        private Supplier<ConnectionId> connectionIdGenerator;
        private StatelessResetTokens statelessResetTokens;

        private Builder(CertifiedKey certifiedKey) {
            this.certifiedKey = certifiedKey;
        }

        public Builder alpnProtocols(List<String> v) {
            alpnProtocols = v;
            return this;
        }

        public Builder alpn(String... v) {
            alpnProtocols = List.of(v);
            return this;
        }

        public Builder transport(TransportSettings v) {
            transport = v;
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = v;
            return this;
        }

        /** A 32-byte key shared by servers that accept each other's session tickets; random by default. */
        public Builder ticketKey(byte[] v) {
            ticketKey = v;
            return this;
        }

        public Builder keyLog(KeyLogSink v) {
            keyLog = v;
            return this;
        }

        public Builder routes(LocalConnectionIds.Routes v) {
            routes = v;
            return this;
        }

        /** Connection IDs of one fixed length (short headers do not carry it, RFC 9000 §17.3.1). */
        public Builder connectionIdGenerator(Supplier<ConnectionId> v) {
            connectionIdGenerator = v;
            return this;
        }

        public Builder statelessResetTokens(StatelessResetTokens v) {
            statelessResetTokens = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is invalid */
        public QuicServerSettings build() {
            return new QuicServerSettings(this);
        }
    }
}
