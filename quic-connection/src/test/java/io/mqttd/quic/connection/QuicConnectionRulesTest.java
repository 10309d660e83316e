package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.ParseOutcome;
import io.mqttd.quic.packet.ProtectedPacket;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.packet.VersionNegotiationPacket;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuicConnectionRulesTest {

    private static QuicClientSettings clientSettings() {
        return QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate()).serverName("localhost")
                .alpn("hq-interop").build();
    }

    private static byte[] firstDatagram(QuicConnection c, long now) {
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(c.pollTransmit(now, out)).isNotNull();
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Test
    void clientInitialDatagramIsPaddedTo1200Bytes_rfc9000_14_1() {
        QuicConnection client = QuicConnection.client(clientSettings(), ConnectionPair.SERVER_ADDRESS, 0);
        assertThat(firstDatagram(client, 0)).hasSizeGreaterThanOrEqualTo(1200);
    }

    @Test
    void serverPadsDatagramsWithAckElicitingInitialPackets_rfc9000_14_1() {
        QuicConnection client = QuicConnection.client(clientSettings(), ConnectionPair.SERVER_ADDRESS, 0);
        SimulatedServer server = new SimulatedServer(
                QuicServerSettings.builder(ConnectionPair.CERTIFICATE).alpn("hq-interop").build(), false);
        server.handleDatagram(0, ConnectionPair.CLIENT_ADDRESS, ByteBuffer.wrap(firstDatagram(client, 0)));
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(server.pollTransmit(0, out)).isEqualTo(ConnectionPair.CLIENT_ADDRESS);
        assertThat(out.position()).isGreaterThanOrEqualTo(1200);
    }

    @Test
    void closingAnswersPacketsWithConnectionCloseAtADecreasingRate_rfc9000_10_2_1() {
        ConnectionPair pair = ConnectionPair.of(45, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        QuicConnection server = pair.serverConnection();
        long now = pair.network.now();
        pair.client.close(3, "closing");
        ByteBuffer out = ByteBuffer.allocate(1500);
        assertThat(pair.client.pollTransmit(now, out)).isNotNull();
        assertThat(pair.client.pollTransmit(now, out.clear())).isNull();
        int answers = 0;
        int delivered = 0;
        for (int i = 0; i < 64; i++) {
            // Packets the server still sends (it has not seen the close): keep-alive PINGs.
            server.handleTimeout(now);
            long id = server.openStream(false);
            server.write(id, ByteBuffer.wrap(new byte[10]));
            ByteBuffer datagram = ByteBuffer.allocate(1500);
            if (server.pollTransmit(now, datagram) == null) {
                continue;
            }
            pair.client.handleDatagram(now, ConnectionPair.SERVER_ADDRESS, datagram.flip());
            delivered++;
            if (pair.client.pollTransmit(now, out.clear()) != null) {
                answers++;
            }
        }
        // Answered after 1, 2, 4, 8, 16, 32 and 64 packets at most: never one per packet.
        assertThat(delivered).isGreaterThanOrEqualTo(32);
        assertThat(answers).isBetween(1, 7);
        assertThat(pair.client.state()).isEqualTo(ConnectionState.CLOSING);
    }

    @Test
    void serverSendsAtMostThreeTimesWhatItReceivedBeforeValidation_rfc9000_8_1() {
        QuicConnection client = QuicConnection.client(clientSettings(), ConnectionPair.SERVER_ADDRESS, 0);
        byte[] initial = firstDatagram(client, 0);
        SimulatedServer server = new SimulatedServer(
                QuicServerSettings.builder(ConnectionPair.CERTIFICATE).alpn("hq-interop").build(), false);
        server.handleDatagram(0, ConnectionPair.CLIENT_ADDRESS, ByteBuffer.wrap(initial));
        long sent = 0;
        long now = 0;
        // The client never answers: only the server's retransmissions (PTOs) could exceed the limit.
        for (int i = 0; i < 200 && now < 60 * SECOND; i++) {
            ByteBuffer out = ByteBuffer.allocate(1500);
            while (server.pollTransmit(now, out.clear()) != null) {
                sent += out.position();
            }
            long next = server.nextTimeoutNanos();
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = Math.max(now, next);
            server.handleTimeout(now);
        }
        assertThat(sent).isPositive().isLessThanOrEqualTo(3L * initial.length);
    }

    @Test
    void clientRejectsTransportParametersNamingTheWrongConnectionIds_rfc9000_7_3() {
        ConnectionPair pair = ConnectionPair.of(41, LinkConditions.delay(5 * MS));
        pair.server.lieAboutOriginalDestination = true;
        assertThat(pair.runUntil(() -> pair.client.state() != ConnectionState.HANDSHAKING, 5 * SECOND)).isTrue();
        pair.drainEvents();
        assertThat(pair.clientEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                ConnectionEvent.ConnectionClosed.class, c -> {
                    assertThat(c.errorCode()).isEqualTo(TransportErrorCode.TRANSPORT_PARAMETER_ERROR.code());
                    assertThat(c.byPeer()).isFalse();
                }));
        // Exactly one CONNECTION_CLOSE code reaches the server, the same one.
        assertThat(pair.runUntil(() -> pair.serverConnection().state() == ConnectionState.DRAINING, SECOND)).isTrue();
        pair.drainEvents();
        assertThat(pair.serverEvents.stream().filter(ConnectionEvent.ConnectionClosed.class::isInstance)).singleElement()
                .isEqualTo(new ConnectionEvent.ConnectionClosed(TransportErrorCode.TRANSPORT_PARAMETER_ERROR.code(),
                        false, true, ((ConnectionEvent.ConnectionClosed) pair.clientEvents.stream()
                                .filter(ConnectionEvent.ConnectionClosed.class::isInstance).findFirst().orElseThrow())
                                .reason()));
    }

    private static VersionNegotiationPacket answerTo(byte[] initial, List<QuicVersion> versions) {
        ProtectedPacket view = new ProtectedPacket();
        assertThat(view.parse(ByteBuffer.wrap(initial), 0, 8, false)).isEqualTo(ParseOutcome.OK);
        return new VersionNegotiationPacket(view.sourceConnectionId(), view.destinationConnectionId(), versions);
    }

    private static ByteBuffer encode(VersionNegotiationPacket vn) {
        ByteBuffer buf = ByteBuffer.allocate(vn.encodedLength());
        vn.writeTo(buf, new Random(1)::nextInt);
        return buf.flip();
    }

    @Test
    void versionNegotiationWithoutOurVersionAbandonsTheAttempt_rfc9000_6_2() {
        QuicConnection client = QuicConnection.client(clientSettings(), ConnectionPair.SERVER_ADDRESS, 0);
        byte[] initial = firstDatagram(client, 0);
        client.handleDatagram(1, ConnectionPair.SERVER_ADDRESS, encode(answerTo(initial, List.of(QuicVersion.of(0x1a2a3a4a)))));
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        ConnectionEvent.ConnectionClosed closed = (ConnectionEvent.ConnectionClosed) client.pollEvent();
        assertThat(closed.errorCode()).isEqualTo(TransportErrorCode.VERSION_NEGOTIATION_ERROR.code());
        assertThat(client.pollTransmit(2, ByteBuffer.allocate(1500))).isNull();
    }

    @Test
    void versionNegotiationListingOurVersionIsIgnored_rfc9000_6_2() {
        QuicConnection client = QuicConnection.client(clientSettings(), ConnectionPair.SERVER_ADDRESS, 0);
        byte[] initial = firstDatagram(client, 0);
        client.handleDatagram(1, ConnectionPair.SERVER_ADDRESS,
                encode(answerTo(initial, List.of(QuicVersion.of(0x1a2a3a4a), QuicVersion.V1))));
        assertThat(client.state()).isEqualTo(ConnectionState.HANDSHAKING);
        assertThat(client.pollEvent()).isNull();
    }

    @Test
    void statelessResetFromThePeerEntersDraining_rfc9000_10_3_1() {
        ConnectionPair pair = ConnectionPair.of(42, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        ConnectionId serverCid = pair.serverConnection().localConnectionIds().iterator().next();
        byte[] token = pair.server.settings.statelessResetTokens().tokenFor(serverCid);
        byte[] reset = new byte[40];
        new Random(3).nextBytes(reset);
        reset[0] = (byte) (0x40 | (reset[0] & 0x3f));
        System.arraycopy(token, 0, reset, reset.length - token.length, token.length);
        pair.client.handleDatagram(pair.network.now(), ConnectionPair.SERVER_ADDRESS, ByteBuffer.wrap(reset));
        assertThat(pair.client.state()).isEqualTo(ConnectionState.DRAINING);
        pair.drainEvents();
        assertThat(pair.clientEvents).contains(new ConnectionEvent.ConnectionClosed(0, false, true, "stateless reset"));
        assertThat(pair.client.pollTransmit(pair.network.now(), ByteBuffer.allocate(1500))).isNull();
    }

    @Test
    void aDatagramThatIsNoResetLeavesTheConnectionAlone_rfc9000_10_3_1() {
        ConnectionPair pair = ConnectionPair.of(43, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        byte[] junk = new byte[40];
        new Random(4).nextBytes(junk);
        junk[0] = (byte) (0x40 | (junk[0] & 0x3f));
        pair.client.handleDatagram(pair.network.now(), ConnectionPair.SERVER_ADDRESS, ByteBuffer.wrap(junk));
        assertThat(pair.client.state()).isEqualTo(ConnectionState.ESTABLISHED);
    }

    @Test
    void issuesConnectionIdsUpToThePeersLimitOnceConfirmed_rfc9000_5_1_1() {
        ConnectionPair pair = new ConnectionPair(44, LinkConditions.delay(5 * MS),
                b -> b.transport(TransportSettings.defaults().withActiveConnectionIdLimit(3)), b -> b, false);
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        pair.network.runFor(SECOND);
        // The server honours the client's active_connection_id_limit of 3 although it would issue 8;
        // the client issues up to its own cap of 3.
        assertThat(pair.serverConnection().localConnectionIds()).hasSize(3);
        assertThat(pair.client.localConnectionIds()).hasSize(3);
        QuicConnectionTransferTest.assertNoError(pair);
    }

    @Test
    void cryptoDataTooFarAheadIsCryptoBufferExceeded_rfc9000_7_5() {
        QuicConnection client = QuicConnection.client(clientSettings(), ConnectionPair.SERVER_ADDRESS, 0);
        ByteBuffer payload = ByteBuffer.allocate(64);
        io.mqttd.quic.frame.CryptoFrame.of(1 << 20, ByteBuffer.wrap(new byte[10])).encode(payload);
        client.injectFramesForTest(1, io.mqttd.quic.packet.PacketType.INITIAL, payload.flip());
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(((ConnectionEvent.ConnectionClosed) client.pollEvent()).errorCode())
                .isEqualTo(TransportErrorCode.CRYPTO_BUFFER_EXCEEDED.code());
    }

    @Test
    void serverAnswersHandshakeDataAfterItsHandshakeWithUnexpectedMessage_rfc9001_4_4() {
        ConnectionPair pair = ConnectionPair.of(47, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        pair.network.runFor(SECOND);
        // A handshake message (a ClientHello header) in a 1-RTT CRYPTO frame: the server has let go
        // of its TLS state, and answers as TLS would, with unexpected_message (0x0100 + 10).
        ByteBuffer payload = ByteBuffer.allocate(64);
        io.mqttd.quic.frame.CryptoFrame.of(0, ByteBuffer.wrap(new byte[] {1, 0, 0, 0})).encode(payload);
        pair.serverConnection().injectFramesForTest(pair.network.now(), io.mqttd.quic.packet.PacketType.ONE_RTT,
                payload.flip());
        assertThat(pair.serverConnection().state()).isEqualTo(ConnectionState.CLOSING);
        pair.drainEvents();
        assertThat(pair.serverEvents.stream().filter(ConnectionEvent.ConnectionClosed.class::isInstance))
                .singleElement().satisfies(e -> assertThat(((ConnectionEvent.ConnectionClosed) e).errorCode())
                        .isEqualTo(0x0100 + 10));
    }

    @Test
    void aPeerErrorReachesThePeerAsOneConnectionCloseWithItsCode_rfc9000_10_2() {
        ConnectionPair pair = ConnectionPair.of(46, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        // A STREAM frame on a client-initiated stream the client never opened: STREAM_STATE_ERROR (§19.8).
        ByteBuffer payload = ByteBuffer.allocate(64);
        io.mqttd.quic.frame.StreamFrame.of(4, 0, ByteBuffer.wrap(new byte[3]), false).encode(payload);
        pair.client.injectFramesForTest(pair.network.now(), io.mqttd.quic.packet.PacketType.ONE_RTT, payload.flip());
        assertThat(pair.runUntil(() -> pair.serverConnection().state() == ConnectionState.DRAINING, SECOND)).isTrue();
        pair.drainEvents();
        assertThat(pair.serverEvents.stream().filter(ConnectionEvent.ConnectionClosed.class::isInstance))
                .singleElement().satisfies(e -> {
                    ConnectionEvent.ConnectionClosed c = (ConnectionEvent.ConnectionClosed) e;
                    assertThat(c.errorCode()).isEqualTo(TransportErrorCode.STREAM_STATE_ERROR.code());
                    assertThat(c.byPeer()).isTrue();
                    assertThat(c.application()).isFalse();
                });
        assertThat(pair.clientEvents.stream().filter(ConnectionEvent.ConnectionClosed.class::isInstance)).hasSize(1);
    }

    @Test
    void applicationCloseDuringTheHandshakeHidesTheApplicationCode_rfc9000_10_2_3() {
        ConnectionPair pair = ConnectionPair.of(47, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(() -> pair.serverConnection() != null, SECOND)).isTrue();
        pair.client.close(0x77, "secret reason");
        assertThat(pair.runUntil(() -> pair.serverConnection().state() == ConnectionState.DRAINING, SECOND)).isTrue();
        pair.drainEvents();
        // Before 1-RTT keys, CONNECTION_CLOSE goes as a transport APPLICATION_ERROR without the reason.
        assertThat(pair.serverEvents).contains(new ConnectionEvent.ConnectionClosed(
                TransportErrorCode.APPLICATION_ERROR.code(), false, true, ""));
    }
}
