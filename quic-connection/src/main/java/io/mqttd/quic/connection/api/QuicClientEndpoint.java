package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.QuicClientSettings;
import io.mqttd.quic.connection.QuicConnection;
import io.mqttd.quic.connection.endpoint.EndpointConfig;
import io.mqttd.quic.connection.endpoint.QuicEndpoint;
import io.mqttd.quic.connection.udp.UdpEventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One client UDP socket and event loop thread carrying any number of connections, told apart by
 * the connection IDs the client chose (RFC 9000 §5.2.1). Opening the socket and starting the
 * thread costs more than a handshake's network work on loopback, so an application that makes many
 * connections opens one of these and passes it to {@link QuicClient.Builder#endpoint}:
 *
 * <pre>{@code
 * try (QuicClientEndpoint endpoint = QuicClientEndpoint.open()) {
 *     QuicConnectionHandle conn = QuicClient.builder().endpoint(endpoint)
 *             .serverName("example.com").alpn("hq-interop")
 *             .verifier(TrustStoreVerifier.systemDefault())
 *             .connect(new InetSocketAddress("example.com", 443)).get();
 * }
 * }</pre>
 *
 * <p>A connection's {@code close} completes once CONNECTION_CLOSE is queued; the connection then
 * stays in its closing state on this loop for three PTOs (§10.2), answering late packets, without
 * anyone waiting for it. Connections must use connection IDs of this endpoint's length (8 bytes,
 * the {@link QuicClientSettings} default): zero-length IDs cannot share a socket (§5.1).
 */
public final class QuicClientEndpoint implements AutoCloseable {
    private final UdpEventLoop loop;
    private final QuicEndpoint endpoint;
    /** Loop-thread only. */
    private final Set<ConnectionDriver> drivers = new HashSet<>();
    /** The endpoint exists for one connection and stops with it ({@link QuicClient#connect}). */
    private final boolean dedicated;

    private QuicClientEndpoint(UdpEventLoop loop, QuicEndpoint endpoint, boolean dedicated) {
        this.loop = loop;
        this.endpoint = endpoint;
        this.dedicated = dedicated;
    }

    /** Opens an endpoint on an ephemeral port of every local address. */
    public static QuicClientEndpoint open() throws IOException {
        return open(new InetSocketAddress(0));
    }

    /** Opens an endpoint bound to {@code local}. */
    public static QuicClientEndpoint open(InetSocketAddress local) throws IOException {
        return start(local, QuicEndpoint::sharedClient, EndpointConfig.defaults(), false, "quic-client-" + local);
    }

    /**
     * An endpoint for a single connection, which may use zero-length connection IDs; its loop stops
     * when that connection closes.
     */
    static QuicClientEndpoint dedicated(QuicClientSettings settings, InetSocketAddress server) throws IOException {
        EndpointConfig config = EndpointConfig.defaults().withConnectionIdLength(Math.max(
                EndpointConfig.MIN_CONNECTION_ID_LENGTH, settings.connectionIdLength()));
        return start(new InetSocketAddress(0), QuicEndpoint::client, config, true, "quic-client-" + server);
    }

    private static QuicClientEndpoint start(InetSocketAddress local,
            Function<EndpointConfig, QuicEndpoint> kind, EndpointConfig config, boolean dedicated,
            String threadName) throws IOException {
        QuicEndpoint[] created = new QuicEndpoint[1];
        UdpEventLoop loop = UdpEventLoop.start(local, l -> created[0] = kind.apply(config), threadName);
        return new QuicClientEndpoint(loop, created[0], dedicated);
    }

    /** The bound address (with the port the system chose). */
    public InetSocketAddress localAddress() {
        return loop.localAddress();
    }

    /**
     * Connects to {@code server}; completes when the handshake completed.
     *
     * @throws IllegalArgumentException when the settings' connection ID length differs from this
     *         endpoint's, which routes short headers by it
     */
    public CompletableFuture<QuicConnectionHandle> connect(InetSocketAddress server, QuicClientSettings settings) {
        if (!dedicated && settings.connectionIdLength() != endpoint.config().connectionIdLength()) {
            throw new IllegalArgumentException("connections sharing a client endpoint use connection IDs of "
                    + endpoint.config().connectionIdLength() + " bytes, not " + settings.connectionIdLength());
        }
        CompletableFuture<QuicConnectionHandle> result = new CompletableFuture<>();
        if (server.isUnresolved()) {
            result.completeExceptionally(new IOException("cannot resolve " + server.getHostString()));
            stopIfDedicated();
            return result;
        }
        try {
            loop.execute(() -> connectOnLoop(server, settings, result));
        } catch (IllegalStateException closed) {
            result.completeExceptionally(new IOException("the client endpoint is closed", closed));
        }
        return result;
    }

    private void connectOnLoop(InetSocketAddress server, QuicClientSettings settings,
            CompletableFuture<QuicConnectionHandle> result) {
        ConnectionDriver[] made = new ConnectionDriver[1];
        try {
            endpoint.connect(slot -> {
                QuicConnection connection = QuicConnection.client(settings.toBuilder()
                        .routes(endpoint.routes()).build(), server, System.nanoTime());
                ConnectionDriver driver = new ConnectionDriver(connection, loop, endpoint, slot, server, null,
                        Runnable::run);
                made[0] = driver;
                driver.established().whenComplete((h, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(h);
                    }
                });
                driver.closed().whenComplete((c, e) -> {
                    drivers.remove(driver);
                    stopIfDedicated();
                });
                return driver;
            });
            // Only once the endpoint took it, so that a connection it refused is not kept.
            if (!made[0].closed().isDone()) {
                drivers.add(made[0]);
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            stopIfDedicated();
        }
    }

    private void stopIfDedicated() {
        if (dedicated) {
            loop.close();
        }
    }

    /**
     * Closes every connection with application error 0 (CONNECTION_CLOSE, so servers need not wait
     * for their idle timeout) and stops the event loop once the closes have been sent.
     */
    @Override
    public void close() {
        try {
            loop.submit(() -> {
                for (ConnectionDriver d : new ArrayList<>(drivers)) {
                    d.close(0, "client endpoint closed");
                }
                return null;
            }).get(1, TimeUnit.SECONDS);
            // Queued after the closes, so it runs in their turn or later; the loop always ends a
            // turn by sending, so the CONNECTION_CLOSE frames leave before it stops.
            loop.submit(() -> null).get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the loop is already gone: nothing left to close gracefully
        }
        loop.close();
    }
}
