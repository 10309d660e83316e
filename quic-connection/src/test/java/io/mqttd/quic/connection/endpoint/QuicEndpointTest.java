package io.mqttd.quic.connection.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.connection.cid.StatelessResetTokens;
import io.mqttd.quic.crypto.RetryIntegrity;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.ParseOutcome;
import io.mqttd.quic.packet.ProtectedPacket;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.RetryPacket;
import io.mqttd.quic.packet.VersionNegotiationPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuicEndpointTest {
    static final InetSocketAddress CLIENT_A = new InetSocketAddress("192.0.2.1", 4433);
    static final InetSocketAddress CLIENT_B = new InetSocketAddress("192.0.2.2", 5555);
    static final ConnectionId DCID_A = ConnectionId.fromHex("0102030405060708");
    static final ConnectionId DCID_B = ConnectionId.fromHex("1112131415161718");
    static final ConnectionId SCID = ConnectionId.fromHex("aabbccdd");
    static final int V1 = QuicVersion.V1.value();

    final List<FakeConnection> connections = new ArrayList<>();
    final List<ConnectionSlot> slots = new ArrayList<>();
    long clock = 1_000_000L;
    int issueOnCreate = 1;

    QuicEndpoint server(EndpointConfig config) {
        QuicEndpoint[] holder = new QuicEndpoint[1];
        holder[0] = QuicEndpoint.server(config.withWallClock(() -> clock / 1_000_000), (incoming, slot, now) -> {
            FakeConnection c = new FakeConnection(holder[0], incoming, issueOnCreate);
            connections.add(c);
            slots.add(slot);
            return c;
        });
        return holder[0];
    }

    static ByteBuffer out() {
        return ByteBuffer.allocate(1500);
    }

    static byte[] sent(QuicEndpoint endpoint, InetSocketAddress expectedTo) {
        ByteBuffer out = out();
        assertThat(endpoint.pollTransmit(0, out)).isEqualTo(expectedTo);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Test
    void acceptsClientInitialOfAtLeast1200Bytes_rfc9000_14_1() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));

        assertThat(connections).hasSize(1);
        IncomingConnection in = connections.get(0).incoming;
        assertThat(in.originalDestination()).isEqualTo(DCID_A);
        assertThat(in.initialDestination()).isEqualTo(DCID_A);
        assertThat(in.clientSource()).isEqualTo(SCID);
        assertThat(in.retrySource()).isNull();
        assertThat(in.addressValidated()).isFalse();
        assertThat(in.version()).isEqualTo(V1);
        assertThat(connections.get(0).received).hasSize(1);
        assertThat(endpoint.stats().accepted()).isEqualTo(1);
    }

    @Test
    void dropsInitialInDatagramBelow1200Bytes_rfc9000_14_1() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1199));

        assertThat(connections).isEmpty();
        assertThat(endpoint.pollTransmit(clock, out())).isNull();
        assertThat(endpoint.stats().dropped()).isEqualTo(1);
    }

    @Test
    void dropsInitialWithDestinationConnectionIdBelow8Bytes_rfc9000_7_2() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A,
                Datagrams.initial(V1, ConnectionId.fromHex("01020304050607"), SCID, new byte[0], 1200));

        assertThat(connections).isEmpty();
    }

    @Test
    void routesLaterDatagramsByDestinationConnectionId_rfc9000_5_2() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        endpoint.handleDatagram(clock, CLIENT_B, Datagrams.initial(V1, DCID_B, SCID, new byte[0], 1200));
        FakeConnection a = connections.get(0);
        FakeConnection b = connections.get(1);

        // Retransmitted Initial to the client-chosen DCID (§7.2) and 1-RTT to an issued one.
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        endpoint.handleDatagram(clock, CLIENT_B, Datagrams.shortHeader(b.issued.get(0), 100));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(a.issued.get(0), 60));

        assertThat(connections).hasSize(2);
        assertThat(a.received).extracting(bytes -> bytes.length).containsExactly(1200, 1200, 60);
        assertThat(b.received).extracting(bytes -> bytes.length).containsExactly(1200, 100);
    }

    @Test
    void routesConnectionIdsIssuedDuringALaterTurn_rfc9000_5_1_1() {
        issueOnCreate = 0;
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        FakeConnection a = connections.get(0);
        ConnectionId[] later = new ConnectionId[1];
        endpoint.drive(slots.get(0), () -> later[0] = a.issue());

        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(later[0], 80));

        assertThat(a.received).hasSize(2);
    }

    @Test
    void answersUnknownVersionWithVersionNegotiationAndAGreasedVersion_rfc9000_6_1() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(0x1a2a3a4a, DCID_A, SCID, new byte[0], 1200));

        byte[] vn = sent(endpoint, CLIENT_A);
        ProtectedPacket view = new ProtectedPacket();
        assertThat(view.parse(ByteBuffer.wrap(vn), 0, 8, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.VERSION_NEGOTIATION);
        VersionNegotiationPacket packet = VersionNegotiationPacket.from(view);
        // §17.2.1: the IDs are swapped, echoing the client's.
        assertThat(packet.destination()).isEqualTo(SCID);
        assertThat(packet.source()).isEqualTo(DCID_A);
        assertThat(packet.supportedVersions()).contains(QuicVersion.V1, QuicVersion.V2);
        assertThat(packet.supportedVersions()).anyMatch(QuicVersion::isReserved);
        assertThat(connections).isEmpty();
        assertThat(endpoint.stats().versionNegotiationSent()).isEqualTo(1);
    }

    @Test
    void answersAVersionThisEndpointDoesNotAcceptWithVersionNegotiation_rfc9000_6_1() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults().withVersions(List.of(QuicVersion.V1)));
        endpoint.handleDatagram(clock, CLIENT_A,
                Datagrams.initial(QuicVersion.V2.value(), DCID_A, SCID, new byte[0], 1200));

        byte[] vn = sent(endpoint, CLIENT_A);
        ProtectedPacket view = new ProtectedPacket();
        view.parse(ByteBuffer.wrap(vn), 0, 8, false);
        VersionNegotiationPacket packet = VersionNegotiationPacket.from(view);
        assertThat(packet.supportedVersions()).contains(QuicVersion.V1).doesNotContain(QuicVersion.V2);
        assertThat(connections).isEmpty();
    }

    @Test
    void neverAnswersShortDatagramOrVersionNegotiationWithVersionNegotiation_rfc9000_6_1() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(0x1a2a3a4a, DCID_A, SCID, new byte[0], 1199));
        ByteBuffer vn = ByteBuffer.allocate(1203); // 23-byte header + whole versions
        new VersionNegotiationPacket(DCID_A, SCID, List.of(QuicVersion.of(0x1a2a3a4a))).writeTo(vn, new java.util.Random(1));
        while (vn.hasRemaining()) {
            vn.putInt(0x0a0a0a0a);
        }
        endpoint.handleDatagram(clock, CLIENT_A, vn.flip());

        assertThat(endpoint.pollTransmit(clock, out())).isNull();
        assertThat(endpoint.stats().versionNegotiationSent()).isZero();
    }

    @Test
    void sendsRetryWithValidIntegrityTagThenAcceptsItsToken_rfc9000_8_1_2() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults().withRetry(true));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        assertThat(connections).isEmpty();

        byte[] retryBytes = sent(endpoint, CLIENT_A);
        assertThat(RetryIntegrity.verify(V1, DCID_A.toByteArray(), retryBytes)).isTrue();
        ProtectedPacket view = new ProtectedPacket();
        assertThat(view.parse(ByteBuffer.wrap(retryBytes), 0, 8, false)).isEqualTo(ParseOutcome.OK);
        RetryPacket retry = RetryPacket.from(view);
        assertThat(retry.destination()).isEqualTo(SCID);
        assertThat(retry.source().length()).isEqualTo(8);

        clock += 5_000_000L;
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, retry.source(), SCID, retry.token(), 1200));

        assertThat(connections).hasSize(1);
        IncomingConnection in = connections.get(0).incoming;
        assertThat(in.originalDestination()).isEqualTo(DCID_A);
        assertThat(in.retrySource()).isEqualTo(retry.source());
        assertThat(in.initialDestination()).isEqualTo(retry.source());
        assertThat(in.addressValidated()).isTrue();
        assertThat(endpoint.stats().retriesSent()).isEqualTo(1);
    }

    @Test
    void dropsRetryTokenFromAnotherAddress_rfc9000_8_1_4() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults().withRetry(true));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        byte[] retryBytes = sent(endpoint, CLIENT_A);
        ProtectedPacket view = new ProtectedPacket();
        view.parse(ByteBuffer.wrap(retryBytes), 0, 8, false);
        RetryPacket retry = RetryPacket.from(view);

        endpoint.handleDatagram(clock, CLIENT_B, Datagrams.initial(V1, retry.source(), SCID, retry.token(), 1200));

        assertThat(connections).isEmpty();
        assertThat(endpoint.pollTransmit(clock, out())).isNull();
    }

    @Test
    void sendsStatelessResetSmallerThanTheTriggerWithTheConnectionIdsToken_rfc9000_10_3() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        ConnectionId unknown = ConnectionId.fromHex("0909090909090909");
        for (int size : new int[] {1200, 44, 30, 23}) {
            endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(unknown, size));
            byte[] reset = sent(endpoint, CLIENT_A);
            assertThat(reset.length).isLessThan(size).isGreaterThanOrEqualTo(21).isLessThanOrEqualTo(43);
            assertThat(reset[0] & 0xc0).isEqualTo(0x40);
            byte[] token = Arrays.copyOfRange(reset, reset.length - 16, reset.length);
            assertThat(StatelessResetTokens.tokensEqual(token, endpoint.statelessResetTokens().tokenFor(unknown)))
                    .isTrue();
        }
    }

    @Test
    void sendsNoStatelessResetForPacketsTooShortToAnswerSmaller_rfc9000_10_3_3() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(ConnectionId.fromHex("0909090909090909"), 21));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(ConnectionId.fromHex("0909090909090909"), 9));

        assertThat(endpoint.pollTransmit(clock, out())).isNull();
        assertThat(endpoint.stats().statelessResetsSent()).isZero();
    }

    @Test
    void stopsQueueingStatelessResponsesWhenTheRingIsFull() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        for (int i = 0; i < 1000; i++) {
            endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(ConnectionId.fromHex("0909090909090909"), 100));
        }
        int sent = 0;
        while (endpoint.pollTransmit(clock, out()) != null) {
            sent++;
        }
        assertThat(sent).isEqualTo(EndpointConfig.defaults().maxStatelessResponsesQueued());
    }

    @Test
    void dropsInitialsBeyondMaxConnections() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults().withMaxConnections(1));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        endpoint.handleDatagram(clock, CLIENT_B, Datagrams.initial(V1, DCID_B, SCID, new byte[0], 1200));

        assertThat(connections).hasSize(1);
        assertThat(endpoint.connectionCount()).isEqualTo(1);
    }

    @Test
    void forgetsTerminatedConnectionAndItsRoutes_rfc9000_10() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults().withMaxConnections(1));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        FakeConnection a = connections.get(0);
        a.terminated = true;
        a.deadline = clock;
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(a.issued.get(0), 100));

        assertThat(endpoint.connectionCount()).isZero();
        // Its connection ID now gets a stateless reset, and a new client is accepted again.
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(a.issued.get(0), 100));
        assertThat(a.received).hasSize(2);
        assertThat(endpoint.stats().statelessResetsSent()).isEqualTo(1);
        endpoint.handleDatagram(clock, CLIENT_B, Datagrams.initial(V1, DCID_B, SCID, new byte[0], 1200));
        assertThat(connections).hasSize(2);
    }

    @Test
    void firesOnlyDueTimersAndReportsTheSoonest() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        for (int i = 0; i < 5; i++) {
            ConnectionId dcid = ConnectionId.fromHex("01020304050607" + "0" + i);
            endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, dcid, SCID, new byte[0], 1200));
        }
        long[] deadlines = {500, 100, 300, Long.MAX_VALUE, 200};
        for (int i = 0; i < 5; i++) {
            FakeConnection c = connections.get(i);
            c.deadline = deadlines[i];
            endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(c.issued.get(0), 50));
        }
        assertThat(endpoint.nextTimeoutNanos()).isEqualTo(100);

        endpoint.handleTimeout(250);

        assertThat(connections.get(1).timeouts).containsExactly(250L);
        assertThat(connections.get(4).timeouts).containsExactly(250L);
        assertThat(connections.get(0).timeouts).isEmpty();
        assertThat(connections.get(2).timeouts).isEmpty();
        assertThat(endpoint.nextTimeoutNanos()).isEqualTo(300);
    }

    @Test
    void transmitsRoundRobinAcrossConnections() {
        QuicEndpoint endpoint = server(EndpointConfig.defaults());
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));
        endpoint.handleDatagram(clock, CLIENT_B, Datagrams.initial(V1, DCID_B, SCID, new byte[0], 1200));
        FakeConnection a = connections.get(0);
        FakeConnection b = connections.get(1);
        for (int i = 0; i < 3; i++) {
            a.toSend.add(new byte[] {'a'});
            b.toSend.add(new byte[] {'b'});
        }
        StringBuilder order = new StringBuilder();
        ByteBuffer out = out();
        while (endpoint.pollTransmit(clock, out.clear()) != null) {
            order.append((char) out.get(0));
        }
        assertThat(order.toString()).isEqualTo("ababab");
    }

    @Test
    void clientEndpointHandsEveryDatagramToItsConnection() {
        QuicEndpoint endpoint = QuicEndpoint.client(EndpointConfig.defaults());
        FakeConnection[] c = new FakeConnection[1];
        endpoint.connect(slot -> c[0] = new FakeConnection(endpoint, null, 0));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(ConnectionId.fromHex("0909090909090909"), 50));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(0x1a2a3a4a, DCID_A, SCID, new byte[0], 1200));

        assertThat(c[0].received).hasSize(2);
        assertThat(endpoint.pollTransmit(clock, out())).isNull();
        assertThatThrownBy(() -> endpoint.connect(slot -> c[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sharedClientEndpointRoutesByTheConnectionIdsItsConnectionsChose_rfc9000_5_2_1() {
        QuicEndpoint endpoint = QuicEndpoint.sharedClient(EndpointConfig.defaults());
        FakeConnection[] c = new FakeConnection[2];
        endpoint.connect(slot -> c[0] = new FakeConnection(endpoint, null, 1));
        endpoint.connect(slot -> c[1] = new FakeConnection(endpoint, null, 1));
        assertThat(endpoint.connectionCount()).isEqualTo(2);

        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(c[1].issued.get(0), 50));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, c[0].issued.get(0), SCID, new byte[0], 1200));
        assertThat(c[0].received).hasSize(1);
        assertThat(c[1].received).hasSize(1);
        assertThat(c[0].received.get(0)[0] & 0x80).isNotZero();
        assertThat(c[1].received.get(0)[0] & 0x80).isZero();
    }

    @Test
    void sharedClientEndpointDiscardsDatagramsForNoConnection_rfc9000_5_2_1() {
        QuicEndpoint endpoint = QuicEndpoint.sharedClient(EndpointConfig.defaults());
        FakeConnection[] c = new FakeConnection[1];
        endpoint.connect(slot -> c[0] = new FakeConnection(endpoint, null, 1));

        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(ConnectionId.fromHex("0909090909090909"), 50));
        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.initial(V1, DCID_A, SCID, new byte[0], 1200));

        assertThat(c[0].received).isEmpty();
        assertThat(endpoint.stats().dropped()).isEqualTo(2);
        assertThat(endpoint.pollTransmit(clock, out())).isNull(); // a client never answers statelessly
    }

    @Test
    void sharedClientEndpointForgetsATerminatedConnectionAndItsRoutes() {
        QuicEndpoint endpoint = QuicEndpoint.sharedClient(EndpointConfig.defaults());
        FakeConnection[] c = new FakeConnection[2];
        ConnectionSlot first = endpoint.connect(slot -> c[0] = new FakeConnection(endpoint, null, 1));
        endpoint.connect(slot -> c[1] = new FakeConnection(endpoint, null, 1));
        c[0].terminated = true;
        endpoint.drive(first, () -> { });

        endpoint.handleDatagram(clock, CLIENT_A, Datagrams.shortHeader(c[0].issued.get(0), 50));
        assertThat(first.isRemoved()).isTrue();
        assertThat(endpoint.connectionCount()).isEqualTo(1);
        assertThat(c[0].received).isEmpty();
    }

    @Test
    void sharedClientEndpointRejectsAConnectionWithoutRoutableConnectionId_rfc9000_5_1() {
        QuicEndpoint endpoint = QuicEndpoint.sharedClient(EndpointConfig.defaults());
        assertThatThrownBy(() -> endpoint.connect(slot -> new FakeConnection(endpoint, null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> endpoint.connect(slot -> {
            endpoint.routes().add(ConnectionId.fromHex("0102"), new byte[16]);
            return new FakeConnection(endpoint, null, 0);
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(endpoint.connectionCount()).isZero();
    }

    @Test
    void rejectsConnectionIdLengthOutside8To20AtConfiguration() {
        assertThatThrownBy(() -> EndpointConfig.defaults().withConnectionIdLength(4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8..20");
        assertThatThrownBy(() -> EndpointConfig.defaults().withConnectionIdLength(21))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
