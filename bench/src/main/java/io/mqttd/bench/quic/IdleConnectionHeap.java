package io.mqttd.bench.quic;

import io.mqttd.quic.connection.ConnectionState;
import io.mqttd.quic.connection.QuicClientSettings;
import io.mqttd.quic.connection.QuicConnection;
import io.mqttd.quic.connection.QuicServerSettings;
import io.mqttd.quic.connection.TransportSettings;
import io.mqttd.quic.connection.endpoint.EndpointConfig;
import io.mqttd.quic.connection.endpoint.QuicEndpoint;
import io.mqttd.quic.connection.endpoint.RoutedConnection;
import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap held by a server endpoint per idle, established connection: N clients handshake with one
 * sans-IO {@link QuicEndpoint} in memory (no sockets, virtual clock), the clients are dropped, and
 * the server's retained heap is divided by N.
 *
 * <p>Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar io.mqttd.bench.quic.IdleConnectionHeap [N]};
 * with {@code -Didleheap.holdSeconds=S} the connections are kept S seconds at the end, for
 * {@code jcmd <pid> GC.class_histogram}.
 */
public final class IdleConnectionHeap {
    /** No timer due within this long (idle timeout aside): the pair is idle. */
    private static final long QUIET_NANOS = 1_000_000_000L;

    private IdleConnectionHeap() {
    }

    /** The endpoint's view of a server connection. */
    record Routed(QuicConnection c) implements RoutedConnection {
        @Override
        public void handleDatagram(long now, InetSocketAddress from, ByteBuffer datagram) {
            c.handleDatagram(now, from, datagram);
            while (c.pollEvent() != null) {
                // idle server: events are not acted on
            }
        }

        @Override
        public InetSocketAddress pollTransmit(long now, ByteBuffer out) {
            return c.pollTransmit(now, out);
        }

        @Override
        public long nextTimeoutNanos() {
            return c.nextTimeoutNanos();
        }

        @Override
        public void handleTimeout(long now) {
            c.handleTimeout(now);
        }

        @Override
        public boolean isTerminated() {
            return c.state() == ConnectionState.CLOSED;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        CertifiedKey cert = SelfSignedCertificate.generate("localhost");
        TransportSettings transport = TransportSettings.defaults().withIdleTimeout(Duration.ofHours(1));
        InetSocketAddress serverAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4433);
        QuicServerSettings.Builder settings = QuicServerSettings.builder(cert).alpn("bench").transport(transport);
        QuicEndpoint[] holder = new QuicEndpoint[1];
        QuicServerSettings[] built = new QuicServerSettings[1];
        List<QuicConnection> servers = new ArrayList<>();
        holder[0] = QuicEndpoint.server(EndpointConfig.defaults().withMaxConnections(n + 1), (in, slot, now) -> {
            QuicConnection c = QuicConnection.server(built[0], in.client(), in.version(), in.originalDestination(),
                    in.retrySource(), in.clientSource(), in.addressValidated(), now);
            servers.add(c);
            return new Routed(c);
        });
        QuicEndpoint endpoint = holder[0];
        built[0] = settings.routes(endpoint.routes()).connectionIdGenerator(endpoint.connectionIdGenerator())
                .statelessResetTokens(endpoint.statelessResetTokens()).build();
        QuicClientSettings clientSettings = QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate())
                .serverName("localhost").alpn("bench").transport(transport).build();
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        long now = 1_000_000_000L;
        long before = usedHeap();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            InetSocketAddress clientAddress = new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), 5000);
            QuicConnection client = QuicConnection.client(clientSettings, serverAddress, now);
            for (int round = 0; round < 200; round++) {
                boolean moved = false;
                for (InetSocketAddress to; (to = client.pollTransmit(now, buf.clear())) != null; moved = true) {
                    endpoint.handleDatagram(now, clientAddress, buf.flip());
                }
                for (InetSocketAddress to; (to = endpoint.pollTransmit(now, buf.clear())) != null; moved = true) {
                    client.handleDatagram(now, serverAddress, buf.flip());
                }
                if (moved || client.state() != ConnectionState.ESTABLISHED) {
                    now += 100_000;
                    continue;
                }
                // Quiet: let delayed ACKs and other short timers fire, so that the server ends with
                // nothing in flight, as an idle connection of a live client would.
                long next = Math.min(client.nextTimeoutNanos(), endpoint.nextTimeoutNanos());
                if (next > now + QUIET_NANOS) {
                    break;
                }
                now = Math.max(now, next);
                if (client.nextTimeoutNanos() <= now) {
                    client.handleTimeout(now);
                }
                if (endpoint.nextTimeoutNanos() <= now) {
                    endpoint.handleTimeout(now);
                }
            }
            if (client.state() != ConnectionState.ESTABLISHED) {
                throw new IllegalStateException("handshake " + i + " did not complete: " + client.state());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedHeap();
        long established = servers.stream().filter(c -> c.state() == ConnectionState.ESTABLISHED).count();
        System.out.printf(Locale.ROOT, "%d connections (%d established on the server) in %.1f s: %.0f handshakes/s "
                + "in memory (client and server on one thread)%n", n, established, seconds, n / seconds);
        System.out.printf(Locale.ROOT, "server heap per idle connection: %.1f KiB (retained %.1f MiB)%n",
                (after - before) / 1024.0 / n, (after - before) / 1024.0 / 1024.0);
        if (endpoint.connectionCount() != n) {
            throw new IllegalStateException("endpoint holds " + endpoint.connectionCount());
        }
        long holdSeconds = Long.getLong("idleheap.holdSeconds", 0);
        if (holdSeconds > 0) {
            System.out.println("holding the connections for " + holdSeconds + " s: jcmd <pid> GC.class_histogram");
            Thread.sleep(holdSeconds * 1000);
            System.out.println("still held: " + endpoint.connectionCount() + " connections");
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
