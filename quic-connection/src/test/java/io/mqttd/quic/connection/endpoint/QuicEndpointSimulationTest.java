package io.mqttd.quic.connection.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.ConnectionEvent;
import io.mqttd.quic.connection.ConnectionState;
import io.mqttd.quic.connection.QuicClientSettings;
import io.mqttd.quic.connection.QuicConnection;
import io.mqttd.quic.connection.QuicServerSettings;
import io.mqttd.quic.connection.cid.StatelessResetTokens;
import io.mqttd.quic.connection.sim.DatagramEndpoint;
import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.connection.sim.SimulatedNetwork;
import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The endpoint with real connections on a simulated network (virtual time, seeded): many clients
 * through one endpoint, Retry, loss, and stateless reset after the server lost its state.
 */
class QuicEndpointSimulationTest {
    static final CertifiedKey CERT = SelfSignedCertificate.generate("localhost");
    static final InetSocketAddress SERVER = new InetSocketAddress("10.0.0.2", 443);
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;

    /** A server connection as the endpoint sees it; counts the stream bytes it receives. */
    static final class ServerSide implements RoutedConnection {
        final QuicConnection connection;
        final Map<Long, Integer> received = new HashMap<>();
        final List<Long> finished = new ArrayList<>();
        final ByteBuffer buf = ByteBuffer.allocate(4096);

        ServerSide(QuicConnection connection) {
            this.connection = connection;
        }

        private void drain() {
            for (ConnectionEvent e; (e = connection.pollEvent()) != null; ) {
                if (e instanceof ConnectionEvent.StreamReadable r) {
                    for (int n; (n = connection.read(r.streamId(), buf.clear())) != 0; ) {
                        if (n < 0) {
                            finished.add(r.streamId());
                            break;
                        }
                        received.merge(r.streamId(), n, Integer::sum);
                    }
                }
            }
        }

        @Override
        public void handleDatagram(long now, InetSocketAddress from, ByteBuffer datagram) {
            connection.handleDatagram(now, from, datagram);
            drain();
        }

        @Override
        public InetSocketAddress pollTransmit(long now, ByteBuffer out) {
            return connection.pollTransmit(now, out);
        }

        @Override
        public long nextTimeoutNanos() {
            return connection.nextTimeoutNanos();
        }

        @Override
        public void handleTimeout(long now) {
            connection.handleTimeout(now);
            drain();
        }

        @Override
        public boolean isTerminated() {
            return connection.state() == ConnectionState.CLOSED;
        }
    }

    /** Lets a test swap the server behind an address, as a restart would. */
    static final class Swappable implements DatagramEndpoint {
        DatagramEndpoint target;

        @Override
        public void handleDatagram(long now, InetSocketAddress from, ByteBuffer datagram) {
            target.handleDatagram(now, from, datagram);
        }

        @Override
        public InetSocketAddress pollTransmit(long now, ByteBuffer out) {
            return target.pollTransmit(now, out);
        }

        @Override
        public long nextTimeoutNanos() {
            return target.nextTimeoutNanos();
        }

        @Override
        public void handleTimeout(long now) {
            target.handleTimeout(now);
        }
    }

    static QuicEndpoint serverEndpoint(EndpointConfig config, List<ServerSide> accepted) {
        QuicEndpoint[] holder = new QuicEndpoint[1];
        QuicServerSettings[] settings = new QuicServerSettings[1];
        holder[0] = QuicEndpoint.server(config, (in, slot, now) -> {
            ServerSide side = new ServerSide(QuicConnection.server(settings[0], in.client(), in.version(),
                    in.originalDestination(), in.retrySource(), in.clientSource(), in.addressValidated(), now));
            accepted.add(side);
            return side;
        });
        settings[0] = QuicServerSettings.builder(CERT).alpn("test").routes(holder[0].routes())
                .connectionIdGenerator(holder[0].connectionIdGenerator())
                .statelessResetTokens(holder[0].statelessResetTokens()).build();
        return holder[0];
    }

    static QuicConnection client(SimulatedNetwork net, InetSocketAddress address) {
        QuicConnection c = QuicConnection.client(QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate())
                .serverName("localhost").alpn("test").build(), SERVER, net.now());
        net.add(address, c);
        return c;
    }

    @Test
    void servesTwentyClientsThroughOneEndpointWithRetryUnderLoss_rfc9000_5_2_8_1_2() {
        SimulatedNetwork net = new SimulatedNetwork(42, LinkConditions.delay(10 * MS).withLoss(0.05));
        List<ServerSide> accepted = new ArrayList<>();
        QuicEndpoint endpoint = serverEndpoint(EndpointConfig.defaults().withRetry(true)
                .withWallClock(() -> net.now() / MS), accepted);
        net.add(SERVER, endpoint);
        List<QuicConnection> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(client(net, new InetSocketAddress("10.1.0." + (i + 1), 5000 + i)));
        }
        assertThat(net.runUntil(() -> clients.stream().allMatch(c -> c.state() == ConnectionState.ESTABLISHED),
                30 * SECOND)).as("all handshakes complete").isTrue();
        for (int i = 0; i < clients.size(); i++) {
            QuicConnection c = clients.get(i);
            long id = c.openStream(true);
            assertThat(c.write(id, ByteBuffer.allocate(1000 + i))).isEqualTo(1000 + i);
            c.finish(id);
        }
        assertThat(net.runUntil(() -> accepted.stream().allMatch(s -> s.finished.size() == 1), 30 * SECOND))
                .as("every stream reaches its server connection").isTrue();

        assertThat(endpoint.connectionCount()).isEqualTo(20);
        assertThat(accepted).hasSize(20);
        assertThat(endpoint.stats().retriesSent()).isGreaterThanOrEqualTo(20);
        List<Integer> sizes = accepted.stream().map(s -> s.received.values().iterator().next()).sorted().toList();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(1000 + i);
        }
        assertThat(sizes).isEqualTo(expected);
    }

    @Test
    void clientClosesOnStatelessResetAfterServerLostItsState_rfc9000_10_3() {
        SimulatedNetwork net = new SimulatedNetwork(7, LinkConditions.delay(5 * MS));
        StatelessResetTokens sharedKey = StatelessResetTokens.random();
        List<ServerSide> accepted = new ArrayList<>();
        QuicEndpoint before = serverEndpoint(EndpointConfig.defaults().withResetTokens(sharedKey), accepted);
        Swappable server = new Swappable();
        server.target = before;
        net.add(SERVER, server);
        QuicConnection c = client(net, new InetSocketAddress("10.1.0.1", 5000));
        assertThat(net.runUntil(() -> c.state() == ConnectionState.ESTABLISHED, 10 * SECOND)).isTrue();
        net.runFor(200 * MS);
        while (c.pollEvent() != null) {
            // handshake events
        }

        // "Restart": a fresh endpoint with the same static key knows no connection.
        QuicEndpoint after = serverEndpoint(EndpointConfig.defaults().withResetTokens(sharedKey), new ArrayList<>());
        server.target = after;
        long id = c.openStream(true);
        c.write(id, ByteBuffer.allocate(100));
        c.finish(id);
        assertThat(net.runUntil(() -> c.state() == ConnectionState.DRAINING || c.state() == ConnectionState.CLOSED,
                5 * SECOND)).as("the client recognises the reset").isTrue();

        assertThat(after.stats().statelessResetsSent()).isGreaterThanOrEqualTo(1);
        List<ConnectionEvent> events = new ArrayList<>();
        for (ConnectionEvent e; (e = c.pollEvent()) != null; ) {
            events.add(e);
        }
        assertThat(events).anyMatch(e -> e instanceof ConnectionEvent.ConnectionClosed closed && closed.byPeer());
    }
}
