package io.mqttd.quic.connection;

import io.mqttd.quic.connection.cid.LocalConnectionIds;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.tls.KeyLogSink;
import io.mqttd.quic.tls.SessionTicket;
import io.mqttd.quic.tls.TlsClientConfig;
import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import java.util.List;
import java.util.Objects;

/**
 * What a client connection needs: whom it talks to (server name, ALPN, how to verify the
 * certificate), the QUIC version and cipher suites, the transport settings, and optionally a
 * session ticket to resume with. Immutable; built and validated by {@link Builder#build()}, which
 * also builds the TLS configuration once, so that opening a connection does no configuration work.
 */
public final class QuicClientSettings {
    /** RFC 9000 §7.2: the client's first Destination Connection ID has at least 8 bytes. */
    public static final int MIN_INITIAL_DCID_LENGTH = 8;

    private final String serverName;
    private final List<String> alpnProtocols;
    private final CertificateChainVerifier verifier;
    private final TransportSettings transport;
    private final QuicVersion version;
    private final List<CipherSuite> cipherSuites;
    private final SessionTicket sessionTicket;
    private final KeyLogSink keyLog;
    private final int connectionIdLength;
    private final LocalConnectionIds.Routes routes;
    private final TlsClientConfig tlsConfig;

    private QuicClientSettings(Builder b) {
        this.serverName = b.serverName;
        this.alpnProtocols = List.copyOf(b.alpnProtocols);
        this.verifier = Objects.requireNonNull(b.verifier, "a CertificateChainVerifier is required");
        this.transport = Objects.requireNonNull(b.transport, "transport settings are required");
        this.version = Objects.requireNonNull(b.version, "version");
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.sessionTicket = b.sessionTicket;
        this.keyLog = b.keyLog;
        this.connectionIdLength = b.connectionIdLength;
        this.routes = b.routes;
        if (alpnProtocols.isEmpty()) {
            throw new IllegalArgumentException("QUIC needs at least one ALPN protocol (RFC 9001 §8.1)");
        }
        if (!version.isSupported()) {
            throw new IllegalArgumentException("unsupported QUIC version " + version);
        }
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("at least one cipher suite is required");
        }
        if (connectionIdLength < 0 || connectionIdLength > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID length must be in 0..20: " + connectionIdLength);
        }
        TlsClientConfig.Builder tls = TlsClientConfig.builder(verifier)
                .alpnProtocols(alpnProtocols)
                .cipherSuites(cipherSuites)
                // 0-RTT is not implemented by the connection: never offer early data.
                .offerEarlyData(false);
        if (keyLog != null) {
            tls.keyLog(keyLog);
        }
        this.tlsConfig = tls.build();
    }

    public static Builder builder(CertificateChainVerifier verifier) {
        return new Builder(verifier);
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder(verifier);
        b.serverName = serverName;
        b.alpnProtocols = alpnProtocols;
        b.transport = transport;
        b.version = version;
        b.cipherSuites = cipherSuites;
        b.sessionTicket = sessionTicket;
        b.keyLog = keyLog;
        b.connectionIdLength = connectionIdLength;
        b.routes = routes;
        return b;
    }

    public String serverName() {
        return serverName;
    }

    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    public CertificateChainVerifier verifier() {
        return verifier;
    }

    public TransportSettings transport() {
        return transport;
    }

    public QuicVersion version() {
        return version;
    }

    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    public SessionTicket sessionTicket() {
        return sessionTicket;
    }

    public int connectionIdLength() {
        return connectionIdLength;
    }

    /** Told of every connection ID the client issues, so an endpoint can route them; may be null. */
    public LocalConnectionIds.Routes routes() {
        return routes;
    }

    TlsClientConfig tlsConfig() {
        return tlsConfig;
    }

    /** Builder with QUIC v1, all three TLS 1.3 suites, default transport settings, 8-byte connection IDs. */
    public static final class Builder {
        private final CertificateChainVerifier verifier;
        private String serverName;
        private List<String> alpnProtocols = List.of();
        private TransportSettings transport = TransportSettings.defaults();
        private QuicVersion version = QuicVersion.V1;
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.TLS_AES_128_GCM_SHA256,
                CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        private SessionTicket sessionTicket;
        private KeyLogSink keyLog;
        private int connectionIdLength = 8;
        private LocalConnectionIds.Routes routes;

        private Builder(CertificateChainVerifier verifier) {
            this.verifier = verifier;
        }

        /** server_name to send and to check the certificate against; null for none (IP literals). */
        public Builder serverName(String v) {
            serverName = v;
            return this;
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

        public Builder version(QuicVersion v) {
            version = v;
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = v;
            return this;
        }

        public Builder sessionTicket(SessionTicket v) {
            sessionTicket = v;
            return this;
        }

        public Builder keyLog(KeyLogSink v) {
            keyLog = v;
            return this;
        }

        public Builder connectionIdLength(int v) {
            connectionIdLength = v;
            return this;
        }

        public Builder routes(LocalConnectionIds.Routes v) {
            routes = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is invalid */
        public QuicClientSettings build() {
            return new QuicClientSettings(this);
        }
    }
}
