package io.mqttd.quic.connection.api;

import static io.mqttd.quic.connection.api.QuicApiLoopbackTest.CERT;
import static io.mqttd.quic.connection.api.QuicApiLoopbackTest.LOOPBACK;
import static io.mqttd.quic.connection.api.QuicApiLoopbackTest.client;
import static io.mqttd.quic.connection.api.QuicApiLoopbackTest.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.connection.ConnectionEvent;
import io.mqttd.quic.connection.QuicClientSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many connections on one client socket and loop, over real UDP on loopback. */
@Timeout(60)
class QuicClientEndpointTest {
    private final List<QuicConnectionHandle> accepted = new CopyOnWriteArrayList<>();

    private QuicServer echoServer() throws Exception {
        return QuicServer.builder().bind(LOOPBACK).certifiedKey(CERT).alpn("echo").onConnection(c -> {
            accepted.add(c);
            QuicApiLoopbackTest.echoStreams(c);
        }).start();
    }

    @Test
    void carriesConcurrentConnectionsOnOneSocket_rfc9000_5_2_1() throws Exception {
        try (QuicServer server = echoServer();
                QuicClientEndpoint endpoint = QuicClientEndpoint.open(LOOPBACK)) {
            List<CompletableFuture<QuicConnectionHandle>> pending = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pending.add(client().endpoint(endpoint).connect(server.localAddress()));
            }
            List<QuicConnectionHandle> conns = new ArrayList<>();
            for (CompletableFuture<QuicConnectionHandle> f : pending) {
                conns.add(f.get(10, TimeUnit.SECONDS));
            }
            for (int i = 0; i < conns.size(); i++) {
                byte[] body = ("conn " + i).getBytes(StandardCharsets.US_ASCII);
                assertThat(echo(conns.get(i), body)).isEqualTo(body);
            }
            assertThat(accepted).hasSize(3);
            for (QuicConnectionHandle c : accepted) {
                assertThat(c.remoteAddress().getPort()).isEqualTo(endpoint.localAddress().getPort());
            }
        }
    }

    @Test
    void closingOneConnectionLeavesTheOthersAndTheLoopRunning() throws Exception {
        try (QuicServer server = echoServer();
                QuicClientEndpoint endpoint = QuicClientEndpoint.open(LOOPBACK)) {
            QuicConnectionHandle first = client().endpoint(endpoint).connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            QuicConnectionHandle second = client().endpoint(endpoint).connect(server.localAddress()).get(10, TimeUnit.SECONDS);

            ConnectionEvent.ConnectionClosed closed = first.close(0, "done").get(10, TimeUnit.SECONDS);

            assertThat(closed.byPeer()).isFalse();
            assertThat(echo(second, new byte[] {42})).containsExactly(42);
            QuicConnectionHandle third = client().endpoint(endpoint).connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            assertThat(echo(third, new byte[] {7})).containsExactly(7);
        }
    }

    @Test
    void closingTheEndpointSendsConnectionCloseForEveryConnection_rfc9000_10_2() throws Exception {
        try (QuicServer server = echoServer()) {
            QuicClientEndpoint endpoint = QuicClientEndpoint.open(LOOPBACK);
            QuicConnectionHandle a = client().endpoint(endpoint).connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            QuicConnectionHandle b = client().endpoint(endpoint).connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            assertThat(echo(a, new byte[] {1})).containsExactly(1); // the server has accepted both by now
            assertThat(echo(b, new byte[] {2})).containsExactly(2);

            endpoint.close();

            assertThat(a.closed()).isCompleted();
            assertThat(b.closed()).isCompleted();
            // Well before the idle timeout: the server saw CONNECTION_CLOSE.
            for (QuicConnectionHandle serverSide : accepted) {
                ConnectionEvent.ConnectionClosed seen = serverSide.closed().get(10, TimeUnit.SECONDS);
                assertThat(seen.byPeer()).isTrue();
                assertThat(seen.errorCode()).isZero();
            }
            assertThat(accepted).hasSize(2);
        }
    }

    @Test
    void connectAfterCloseFailsWithIoException() throws Exception {
        QuicClientEndpoint endpoint = QuicClientEndpoint.open(LOOPBACK);
        endpoint.close();
        CompletableFuture<QuicConnectionHandle> f = client().endpoint(endpoint)
                .connect(new InetSocketAddress(LOOPBACK.getAddress(), 9));
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void rejectsZeroLengthConnectionIdsOnASharedSocket_rfc9000_5_1() throws Exception {
        try (QuicClientEndpoint endpoint = QuicClientEndpoint.open(LOOPBACK)) {
            QuicClientSettings zeroLength = client().settings().toBuilder().connectionIdLength(0).build();
            assertThatThrownBy(() -> endpoint.connect(new InetSocketAddress(LOOPBACK.getAddress(), 9), zeroLength))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 bytes");
        }
    }
}
