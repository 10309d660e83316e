package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.QuicClientSettings;
import io.mqttd.quic.connection.TransportSettings;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.tls.KeyLogSink;
import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Opens client connections: each on its own UDP socket and event loop, which close when the
 * connection does, or, with {@link Builder#endpoint}, on a shared {@link QuicClientEndpoint}.
 *
 * <pre>{@code
 * QuicConnectionHandle conn = QuicClient.builder()
 *         .serverName("example.com").alpn("hq-interop")
 *         .verifier(TrustStoreVerifier.systemDefault())
 *         .connect(new InetSocketAddress("example.com", 443)).get();
 * }</pre>
 */
public final class QuicClient {
    private QuicClient() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects with ready-made connection settings on a socket and event loop of its own, which
     * stop when the connection closes; completes when the handshake completed. For many
     * connections, share a {@link QuicClientEndpoint} instead.
     */
    public static CompletableFuture<QuicConnectionHandle> connect(InetSocketAddress server, QuicClientSettings settings) {
        if (server.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("cannot resolve " + server.getHostString()));
        }
        QuicClientEndpoint endpoint;
        try {
            endpoint = QuicClientEndpoint.dedicated(settings, server);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return endpoint.connect(server, settings);
    }

    /** Options of a client connection; {@link #connect} validates them. */
    public static final class Builder {
        private String serverName;
        private List<String> alpn = List.of();
        private CertificateChainVerifier verifier;
        private TransportSettings transport = TransportSettings.defaults();
        private QuicVersion version = QuicVersion.V1;
        private List<CipherSuite> cipherSuites;
        private KeyLogSink keyLog;
        private QuicClientEndpoint endpoint;

        private Builder() {
        }

        /**
         * Connects through {@code shared}, whose socket and loop outlive the connection; null (the
         * default) for a socket and loop of the connection's own.
         */
        public Builder endpoint(QuicClientEndpoint shared) {
            endpoint = shared;
            return this;
        }

        /** The server_name sent and checked against the certificate; null for none. */
        public Builder serverName(String name) {
            serverName = name;
            return this;
        }

        public Builder alpn(String... protocols) {
            alpn = List.of(protocols);
            return this;
        }

        public Builder alpn(List<String> protocols) {
            alpn = List.copyOf(protocols);
            return this;
        }

        /**
         * How the server's certificate is checked: {@code TrustStoreVerifier} for real use, or
         * {@code InsecureVerifier.acceptAnyCertificate()} explicitly for tests. Required.
         */
        public Builder verifier(CertificateChainVerifier v) {
            verifier = v;
            return this;
        }

        public Builder transport(TransportSettings settings) {
            transport = settings;
            return this;
        }

        public Builder version(QuicVersion v) {
            version = v;
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> suites) {
            cipherSuites = List.copyOf(suites);
            return this;
        }

        public Builder keyLog(KeyLogSink sink) {
            keyLog = sink;
            return this;
        }

        /** The connection settings these options give. */
        public QuicClientSettings settings() {
            if (verifier == null) {
                throw new IllegalArgumentException(
                        "a client needs a certificate verifier: TrustStoreVerifier, or InsecureVerifier explicitly");
            }
            QuicClientSettings.Builder b = QuicClientSettings.builder(verifier).serverName(serverName).alpnProtocols(alpn)
                    .transport(transport).version(version);
            if (cipherSuites != null) {
                b.cipherSuites(cipherSuites);
            }
            if (keyLog != null) {
                b.keyLog(keyLog);
            }
            return b.build();
        }

        /**
         * Connects; completes with the connection when its handshake completed.
         *
         * @throws IllegalArgumentException for an invalid or missing option, naming it
         */
        public CompletableFuture<QuicConnectionHandle> connect(InetSocketAddress server) {
            QuicClientSettings s = settings();
            return endpoint != null ? endpoint.connect(server, s) : QuicClient.connect(server, s);
        }
    }
}
