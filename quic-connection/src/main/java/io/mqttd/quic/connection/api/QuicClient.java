package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.QuicClientSettings;
import io.mqttd.quic.connection.QuicConnection;
import io.mqttd.quic.connection.TransportSettings;
import io.mqttd.quic.connection.endpoint.EndpointConfig;
import io.mqttd.quic.connection.endpoint.QuicEndpoint;
import io.mqttd.quic.connection.udp.UdpEventLoop;
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
 * connection does.
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

    /** Connects with ready-made connection settings; completes when the handshake completed. */
    public static CompletableFuture<QuicConnectionHandle> connect(InetSocketAddress server, QuicClientSettings settings) {
        CompletableFuture<QuicConnectionHandle> result = new CompletableFuture<>();
        if (server.isUnresolved()) {
            result.completeExceptionally(new IOException("cannot resolve " + server.getHostString()));
            return result;
        }
        EndpointConfig config = EndpointConfig.defaults().withConnectionIdLength(Math.max(
                EndpointConfig.MIN_CONNECTION_ID_LENGTH, settings.connectionIdLength()));
        UdpEventLoop loop;
        QuicEndpoint[] created = new QuicEndpoint[1];
        try {
            loop = UdpEventLoop.start(new InetSocketAddress(0), l -> created[0] = QuicEndpoint.client(config),
                    "quic-client-" + server);
        } catch (IOException e) {
            result.completeExceptionally(e);
            return result;
        }
        loop.execute(() -> {
            try {
                QuicEndpoint endpoint = created[0];
                endpoint.connect(slot -> {
                    QuicConnection connection = QuicConnection.client(settings.toBuilder()
                            .routes(endpoint.routes()).build(), server, System.nanoTime());
                    ConnectionDriver driver = new ConnectionDriver(connection, loop, endpoint, slot, server, null,
                            Runnable::run);
                    driver.established().whenComplete((h, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(h);
                        }
                    });
                    // The loop exists for this one connection.
                    driver.closed().whenComplete((c, e) -> loop.close());
                    return driver;
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                loop.close();
            }
        });
        return result;
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

        private Builder() {
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
            return QuicClient.connect(server, settings());
        }
    }
}
