package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuicConnectionHandshakeTest {

    @Test
    void handshakeCompletesOverAPerfectLink_rfc9001_4_1() {
        ConnectionPair pair = ConnectionPair.of(1, LinkConditions.delay(10 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        assertThat(pair.client.alpn()).isEqualTo("hq-interop");
        assertThat(pair.serverConnection().alpn()).isEqualTo("hq-interop");
        assertThat(pair.clientEvents).contains(new ConnectionEvent.HandshakeCompleted("hq-interop"));
        assertThat(pair.serverEvents).contains(new ConnectionEvent.HandshakeCompleted("hq-interop"));
        assertThat(pair.serverConnection().isHandshakeConfirmed()).isTrue();
        // RFC 9000 §7.3: both sides checked the connection IDs in the transport parameters.
        assertThat(pair.client.peerTransportParameters().initialSourceConnectionId())
                .isIn(pair.serverConnection().localConnectionIds());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000_0001, 0x6b33_43cf})
    void exchangesStreamDataInBothDirections_v1AndV2_rfc9369(int version) {
        ConnectionPair pair = new ConnectionPair(2, LinkConditions.delay(5 * MS),
                b -> b.version(QuicVersion.of(version)), b -> b, false);
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        assertThat(pair.client.version()).isEqualTo(version);
        assertThat(pair.serverConnection().version()).isEqualTo(version);
        assertEcho(pair);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void exchangesStreamDataWithEachCipherSuite_rfc9001_5_3(CipherSuite suite) {
        ConnectionPair pair = new ConnectionPair(3, LinkConditions.delay(5 * MS),
                b -> b.cipherSuites(List.of(suite)), b -> b, false);
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        assertEcho(pair);
    }

    @Test
    void handshakeCompletesAfterRetry_rfc9000_17_2_5() {
        ConnectionPair pair = new ConnectionPair(4, LinkConditions.delay(5 * MS), b -> b, b -> b, true);
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        assertThat(pair.server.retriesSent).isEqualTo(1);
        assertEcho(pair);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void handshakeCompletesUnder30PercentLossBothWays_rfc9002_6_2(long seed) {
        ConnectionPair pair = ConnectionPair.of(seed, LinkConditions.delay(20 * MS).withLoss(0.3));
        assertThat(pair.runUntil(pair::handshakeDone, 60 * SECOND)).as(pair.network.stats().toString()).isTrue();
        assertEcho(pair);
    }

    @Test
    void resumesWithTheServersSessionTicket_rfc9001_4_5() {
        byte[] ticketKey = new byte[32];
        java.util.Arrays.fill(ticketKey, (byte) 7);
        ConnectionPair first = new ConnectionPair(9, LinkConditions.delay(5 * MS), b -> b, b -> b.ticketKey(ticketKey),
                false);
        assertThat(first.runUntil(() -> first.handshakeDone() && first.client.sessionTicket() != null, 5 * SECOND))
                .isTrue();
        assertThat(first.client.isResumed()).isFalse();
        io.mqttd.quic.tls.SessionTicket ticket = first.client.sessionTicket();
        // A second server sharing the ticket key accepts the ticket: an abbreviated handshake.
        ConnectionPair second = new ConnectionPair(10, LinkConditions.delay(5 * MS), b -> b.sessionTicket(ticket),
                b -> b.ticketKey(ticketKey), false);
        assertThat(second.runUntil(second::handshakeDone, 5 * SECOND)).isTrue();
        assertThat(second.client.isResumed()).isTrue();
        assertThat(second.serverConnection().isResumed()).isTrue();
        assertEcho(second);
    }

    @Test
    void applicationCloseReachesThePeer_rfc9000_10_2() {
        ConnectionPair pair = ConnectionPair.of(5, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        pair.client.close(0x42, "bye");
        assertThat(pair.client.state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(pair.runUntil(() -> pair.serverConnection().state() == ConnectionState.DRAINING, SECOND)).isTrue();
        pair.drainEvents();
        assertThat(pair.serverEvents).contains(new ConnectionEvent.ConnectionClosed(0x42, true, true, "bye"));
        assertThat(pair.clientEvents).contains(new ConnectionEvent.ConnectionClosed(0x42, true, false, "bye"));
        // RFC 9000 §10.2: both states end after three PTOs.
        assertThat(pair.runUntil(() -> pair.client.state() == ConnectionState.CLOSED
                && pair.serverConnection().state() == ConnectionState.CLOSED, 10 * SECOND)).isTrue();
        assertThat(pair.client.localConnectionIds()).isEmpty();
    }

    @Test
    void idleTimeoutClosesBothSides_rfc9000_10_1() {
        ConnectionPair pair = new ConnectionPair(6, LinkConditions.delay(5 * MS),
                b -> b.transport(TransportSettings.defaults().withIdleTimeout(java.time.Duration.ofSeconds(2))),
                b -> b.transport(TransportSettings.defaults().withIdleTimeout(java.time.Duration.ofSeconds(5))), false);
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        long established = pair.network.now();
        assertThat(pair.runUntil(() -> pair.client.state() == ConnectionState.CLOSED
                && pair.serverConnection().state() == ConnectionState.CLOSED, 20 * SECOND)).isTrue();
        pair.drainEvents();
        // The minimum of both advertised timeouts applies to both (§10.1).
        assertThat(pair.network.now() - established).isLessThan(3 * SECOND);
        assertThat(pair.clientEvents).contains(new ConnectionEvent.ConnectionClosed(0, false, false, "idle timeout"));
        assertThat(pair.serverEvents).contains(new ConnectionEvent.ConnectionClosed(0, false, false, "idle timeout"));
    }

    @Test
    void keepAlivePingsHoldAnIdleConnectionOpen_rfc9000_10_1_2() {
        ConnectionPair pair = new ConnectionPair(7, LinkConditions.delay(5 * MS),
                b -> b.transport(TransportSettings.defaults().withIdleTimeout(java.time.Duration.ofSeconds(2))
                        .withKeepAliveInterval(java.time.Duration.ofMillis(500))), b -> b, false);
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        pair.network.runFor(10 * SECOND);
        assertThat(pair.client.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(pair.serverConnection().state()).isEqualTo(ConnectionState.ESTABLISHED);
    }

    @Test
    void refusesMismatchedAlpnWithCryptoError_rfc9001_8_1() {
        ConnectionPair pair = new ConnectionPair(8, LinkConditions.delay(5 * MS), b -> b.alpn("other"), b -> b, false);
        assertThat(pair.runUntil(() -> pair.client.state() != ConnectionState.HANDSHAKING, 5 * SECOND)).isTrue();
        pair.drainEvents();
        ConnectionEvent.ConnectionClosed closed = pair.clientEvents.stream()
                .filter(ConnectionEvent.ConnectionClosed.class::isInstance).map(ConnectionEvent.ConnectionClosed.class::cast)
                .findFirst().orElseThrow();
        assertThat(TransportErrorCode.isCryptoError(closed.errorCode())).isTrue();
        assertThat(closed.byPeer()).isTrue();
    }

    /** Client opens a bidirectional stream, sends a request with FIN; the server answers on it. */
    static void assertEcho(ConnectionPair pair) {
        long id = pair.client.openStream(true);
        assertThat(id).isEqualTo(0);
        byte[] request = "GET /index.html\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(pair.client.write(id, ByteBuffer.wrap(request))).isEqualTo(request.length);
        pair.client.finish(id);
        QuicConnection server = pair.serverConnection();
        ByteBuffer received = ByteBuffer.allocate(1024);
        assertThat(pair.runUntil(() -> server.read(id, received) == -1, 30 * SECOND)).isTrue();
        received.flip();
        assertThat(StandardCharsets.US_ASCII.decode(received).toString()).isEqualTo("GET /index.html\r\n");
        assertThat(pair.serverEvents).contains(new ConnectionEvent.StreamOpened(id));
        byte[] response = "hello from the server".getBytes(StandardCharsets.US_ASCII);
        assertThat(server.write(id, ByteBuffer.wrap(response))).isEqualTo(response.length);
        server.finish(id);
        ByteBuffer answer = ByteBuffer.allocate(1024);
        assertThat(pair.runUntil(() -> pair.client.read(id, answer) == -1, 30 * SECOND)).isTrue();
        answer.flip();
        assertThat(StandardCharsets.US_ASCII.decode(answer).toString()).isEqualTo("hello from the server");
    }
}
