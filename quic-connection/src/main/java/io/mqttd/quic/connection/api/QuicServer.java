package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.QuicConnection;
import io.mqttd.quic.connection.QuicServerSettings;
import io.mqttd.quic.connection.TransportSettings;
import io.mqttd.quic.connection.endpoint.EndpointConfig;
import io.mqttd.quic.connection.endpoint.EndpointStats;
import io.mqttd.quic.connection.endpoint.QuicEndpoint;
import io.mqttd.quic.connection.udp.UdpEventLoop;
import io.mqttd.quic.connection.udp.UdpStats;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.tls.KeyLogSink;
import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A QUIC server: a UDP socket, its event loop and a {@link QuicEndpoint} accepting connections.
 * Each connection whose handshake completes is handed to the handler (on a separate executor, so
 * the handler may block).
 *
 * <pre>{@code
 * try (QuicServer server = QuicServer.builder()
 *         .bind(new InetSocketAddress(4433))
 *         .selfSigned("localhost")
 *         .alpn("hq-interop")
 *         .onConnection(conn -> conn.acceptStream().thenAccept(...))
 *         .start()) { ... }
 * }</pre>
 */
public final class QuicServer implements AutoCloseable {
    private final UdpEventLoop loop;
    private final QuicEndpoint endpoint;
    private final ExecutorService handlerExecutor;
    private final Set<ConnectionDriver> drivers;

    private QuicServer(UdpEventLoop loop, QuicEndpoint endpoint, ExecutorService handlerExecutor,
            Set<ConnectionDriver> drivers) {
        this.loop = loop;
        this.endpoint = endpoint;
        this.handlerExecutor = handlerExecutor;
        this.drivers = drivers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound address (with the port the system chose when bound to port 0). */
    public InetSocketAddress localAddress() {
        return loop.localAddress();
    }

    public CompletableFuture<EndpointStats> endpointStats() {
        return loop.submit(endpoint::stats);
    }

    public UdpStats udpStats() {
        return loop.stats();
    }

    /**
     * Closes every connection with application error 0 (CONNECTION_CLOSE, so peers need not wait
     * for their idle timeout), gives the closes a moment to leave, and stops the event loop.
     */
    @Override
    public void close() {
        try {
            loop.submit(() -> {
                for (ConnectionDriver d : new ArrayList<>(drivers)) {
                    d.close(0, "server shutting down");
                }
                return null;
            }).get(1, TimeUnit.SECONDS);
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the loop is already gone: nothing left to close gracefully
        }
        loop.close();
        handlerExecutor.shutdown();
    }

    /** Settings of a {@link QuicServer}; {@link #start()} validates them. */
    public static final class Builder {
        private InetSocketAddress bind = new InetSocketAddress(4433);
        private CertifiedKey certifiedKey;
        private List<String> alpn = List.of();
        private TransportSettings transport = TransportSettings.defaults();
        private List<CipherSuite> cipherSuites;
        private KeyLogSink keyLog;
        private Consumer<QuicConnectionHandle> onConnection;
        private int maxConnections = 10_000;
        private boolean retry;
        private List<QuicVersion> versions = List.of(QuicVersion.V1, QuicVersion.V2);

        private Builder() {
        }

        public Builder bind(InetSocketAddress address) {
            bind = address;
            return this;
        }

        public Builder certifiedKey(CertifiedKey key) {
            certifiedKey = key;
            return this;
        }

        /** Certificate chain and private key from PEM files. */
        public Builder pemFiles(Path certificateChain, Path privateKey) throws IOException {
            try {
                certifiedKey = CertifiedKey.fromPem(certificateChain, privateKey);
            } catch (CertificateException e) {
                throw new IllegalArgumentException("cannot read certificate " + certificateChain + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** A fresh self-signed certificate for {@code names} (for tests and local use). */
        public Builder selfSigned(String... names) {
            certifiedKey = SelfSignedCertificate.generate(names);
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

        public Builder transport(TransportSettings settings) {
            transport = settings;
            return this;
        }

        /** TLS 1.3 cipher suites to accept; all three by default. */
        public Builder cipherSuites(List<CipherSuite> suites) {
            cipherSuites = List.copyOf(suites);
            return this;
        }

        /** Where traffic secrets go in the NSS key log format (SSLKEYLOGFILE), for Wireshark. */
        public Builder keyLog(KeyLogSink sink) {
            keyLog = sink;
            return this;
        }

        /** Called with each connection once its handshake completed; may block. */
        public Builder onConnection(Consumer<QuicConnectionHandle> handler) {
            onConnection = handler;
            return this;
        }

        public Builder maxConnections(int max) {
            maxConnections = max;
            return this;
        }

        /** Validate client addresses with a Retry before creating any state (RFC 9000 §8.1.2). */
        public Builder retry(boolean on) {
            retry = on;
            return this;
        }

        /** QUIC versions accepted (v1 and v2 by default); others get Version Negotiation. */
        public Builder versions(List<QuicVersion> accepted) {
            versions = List.copyOf(accepted);
            return this;
        }

        /**
         * Binds the socket and starts serving.
         *
         * @throws IllegalArgumentException for an invalid or missing setting, naming it
         * @throws IOException when the socket cannot be bound
         */
        public QuicServer start() throws IOException {
            if (certifiedKey == null) {
                throw new IllegalArgumentException("a server needs a certificate: certifiedKey, pemFiles or selfSigned");
            }
            if (onConnection == null) {
                throw new IllegalArgumentException("a server needs an onConnection handler");
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            }
            EndpointConfig config = EndpointConfig.defaults().withRetry(retry).withMaxConnections(maxConnections)
                    .withVersions(versions);
            // Validate the connection settings now, on this thread, with the endpoint's pieces after.
            QuicServerSettings.Builder settings = QuicServerSettings.builder(certifiedKey).alpnProtocols(alpn)
                    .transport(transport).statelessResetTokens(config.resetTokens());
            if (cipherSuites != null) {
                settings.cipherSuites(cipherSuites);
            }
            if (keyLog != null) {
                settings.keyLog(keyLog);
            }
            settings.build();
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "quic-server-handler");
                t.setDaemon(true);
                return t;
            });
            Set<ConnectionDriver> drivers = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            QuicEndpoint[] endpoint = new QuicEndpoint[1];
            Consumer<QuicConnectionHandle> handler = onConnection;
            UdpEventLoop loop = UdpEventLoop.start(bind, l -> {
                QuicEndpoint[] self = new QuicEndpoint[1];
                QuicServerSettings[] built = new QuicServerSettings[1];
                self[0] = QuicEndpoint.server(config, (incoming, slot, now) -> {
                    QuicConnection connection = QuicConnection.server(built[0], incoming.client(), incoming.version(),
                            incoming.originalDestination(), incoming.retrySource(), incoming.clientSource(),
                            incoming.addressValidated(), now);
                    ConnectionDriver driver = new ConnectionDriver(connection, l, self[0], slot, incoming.client(),
                            handler, executor);
                    drivers.add(driver);
                    driver.closed().whenComplete((c, e) -> drivers.remove(driver));
                    return driver;
                });
                built[0] = settings.routes(self[0].routes()).connectionIdGenerator(self[0].connectionIdGenerator())
                        .build();
                endpoint[0] = self[0];
                return self[0];
            }, "quic-server-" + bind.getPort());
            return new QuicServer(loop, endpoint[0], executor, drivers);
        }
    }
}
