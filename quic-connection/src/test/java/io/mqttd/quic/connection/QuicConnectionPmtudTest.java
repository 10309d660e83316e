package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.CLIENT_ADDRESS;
import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static io.mqttd.quic.connection.ConnectionPair.SERVER_ADDRESS;
import static io.mqttd.quic.connection.QuicConnectionTransferTest.assertNoError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.QuicConnectionTransferTest.Transfer;
import io.mqttd.quic.connection.path.PathMtuDiscovery;
import io.mqttd.quic.connection.sim.DatagramEndpoint;
import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.connection.sim.SimulatedNetwork;
import io.mqttd.quic.recovery.cc.WindowBasedController;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DPLPMTUD (RFC 9000 §14.2-14.4, RFC 8899) of whole connections in the simulated network. */
class QuicConnectionPmtudTest {
    private static final int GRANULARITY = PathMtuDiscovery.SEARCH_GRANULARITY;

    private static TransportSettings withPayload(int maxUdpPayloadSize) {
        return TransportSettings.defaults().withMaxUdpPayloadSize(maxUdpPayloadSize);
    }

    private static ConnectionPair pair(long seed, LinkConditions link, TransportSettings client,
            TransportSettings server) {
        return new ConnectionPair(seed, link, b -> b.transport(client), b -> b.transport(server), false);
    }

    private static boolean searchesComplete(ConnectionPair pair) {
        return pair.handshakeDone() && pair.client.stats().pmtuProbesSent() > 0
                && pair.serverConnection().stats().pmtuProbesSent() > 0
                && pair.client.maxDatagramSize() > PathMtuDiscovery.BASE_PLPMTU
                && pair.serverConnection().maxDatagramSize() > PathMtuDiscovery.BASE_PLPMTU;
    }

    private static void transfer(ConnectionPair pair, Transfer t, long id, long maxNanos, Runnable midway) {
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        assertThat(pair.runUntil(() -> {
            t.pump(pair.client, id);
            t.drain(pair.serverConnection(), id, scratch);
            midway.run();
            return t.ended;
        }, maxNanos)).as(pair.network.stats().toString()).isTrue();
        assertThat(t.read).isEqualTo(t.size);
        assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
    }

    @Test
    void datagramsStayAt1200BytesUntilTheHandshakeIsConfirmed_rfc9000_14_2() {
        // The old behaviour raised the size straight to max_udp_payload_size (§14: a receive limit).
        ConnectionPair pair = pair(40, LinkConditions.delay(10 * MS).withMaxDatagramSize(1200),
                withPayload(1472), withPayload(1472));
        assertThat(pair.client.maxDatagramSize()).isEqualTo(1200);
        // The client has the server's transport parameters (max_udp_payload_size 1472) and has
        // completed its handshake, but it is not confirmed: still 1200 bytes, no probe yet.
        assertThat(pair.runUntil(() -> pair.client.state() == ConnectionState.ESTABLISHED, 10 * SECOND)).isTrue();
        assertThat(pair.client.isHandshakeConfirmed()).isFalse();
        assertThat(pair.client.peerTransportParameters().maxUdpPayloadSize()).isEqualTo(1472);
        assertThat(pair.client.maxDatagramSize()).isEqualTo(1200);
        assertThat(pair.client.stats().pmtuProbesSent()).isZero();
        assertThat(pair.network.stats().tooBig).isZero();
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        pair.network.runFor(5 * SECOND);
        // Probes went out and were dropped; ordinary datagrams never exceeded 1200 bytes.
        assertThat(pair.network.stats().tooBig).isPositive();
        assertThat(pair.client.maxDatagramSize()).isEqualTo(1200);
        assertThat(pair.serverConnection().maxDatagramSize()).isEqualTo(1200);
        assertNoError(pair);
    }

    @ParameterizedTest
    @ValueSource(ints = {1250, 1280, 1350, 1400, 1472})
    void probesRaiseTheDatagramSizeToThePathMtu_rfc9000_14_3(int pathMtu) {
        ConnectionPair pair = pair(41, LinkConditions.delay(10 * MS).withMaxDatagramSize(pathMtu),
                withPayload(1472), withPayload(1472));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        pair.network.runFor(10 * SECOND);
        for (QuicConnection c : new QuicConnection[] {pair.client, pair.serverConnection()}) {
            assertThat(c.maxDatagramSize()).isLessThanOrEqualTo(pathMtu).isGreaterThan(pathMtu - GRANULARITY - 1);
            assertThat(c.stats().pmtuBlackHoles()).isZero();
        }
        // The data that follows uses the discovered size and gets through.
        long id = pair.client.openStream(false);
        transfer(pair, new Transfer(256 * 1024, pathMtu), id, 30 * SECOND, () -> { });
        assertThat(pair.client.maxDatagramSize()).isGreaterThan(pathMtu - GRANULARITY - 1);
        assertNoError(pair);
    }

    @Test
    void neverSendsMoreThanThePeersMaxUdpPayloadSize_rfc9000_18_2() {
        // The path would carry anything; the server accepts only 1350 bytes, and the client's
        // probes must stop there: the client-to-server link drops, and counts, anything larger.
        ConnectionPair pair = pair(42, LinkConditions.delay(10 * MS), withPayload(1472), withPayload(1350));
        pair.network.setLink(CLIENT_ADDRESS, SERVER_ADDRESS, LinkConditions.delay(10 * MS).withMaxDatagramSize(1350));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        pair.network.runFor(5 * SECOND);
        long id = pair.client.openStream(false);
        transfer(pair, new Transfer(256 * 1024, 2), id, 30 * SECOND, () -> { });
        assertThat(pair.client.maxDatagramSize()).isEqualTo(1350);
        assertThat(pair.network.stats().tooBig).isZero();
        // The server's own ceiling is its setting, 1350, below the client's 1472.
        assertThat(pair.serverConnection().maxDatagramSize()).isEqualTo(1350);
        assertNoError(pair);
    }

    @Test
    void lostProbesDoNotShrinkTheCongestionWindow_rfc9000_14_4() {
        // Every probe above 1250 bytes is lost, and nothing else is: the window must not shrink.
        ConnectionPair pair = pair(43, LinkConditions.delay(10 * MS).withMaxDatagramSize(1250),
                withPayload(1472), withPayload(1472));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        pair.network.runFor(10 * SECOND);
        ConnectionStats stats = pair.client.stats();
        assertThat(stats.packetsLost()).as("probes were lost").isGreaterThanOrEqualTo(PathMtuDiscovery.MAX_PROBES);
        assertThat(pair.network.stats().tooBig).isGreaterThanOrEqualTo(PathMtuDiscovery.MAX_PROBES);
        assertThat(stats.maxDatagramSize()).isGreaterThan(1200);
        // RFC 9002 §7.2: the untouched initial window, recomputed for the new size; a congestion
        // event or persistent congestion would have left it at half that or at the minimum.
        assertThat(stats.congestionWindow()).isGreaterThanOrEqualTo(
                WindowBasedController.initialWindow(stats.maxDatagramSize()));
        assertNoError(pair);
    }

    @Test
    void pathMtuDropMidTransferFallsBackTo1200AndTheTransferCompletes_rfc8899_4_3() {
        ConnectionPair pair = pair(44, LinkConditions.delay(10 * MS), withPayload(1472), withPayload(1472));
        assertThat(pair.runUntil(() -> searchesComplete(pair), 10 * SECOND)).isTrue();
        assertThat(pair.client.maxDatagramSize()).isEqualTo(1472);
        long id = pair.client.openStream(false);
        Transfer t = new Transfer(4L << 20, 44);
        boolean[] dropped = {false};
        transfer(pair, t, id, 120 * SECOND, () -> {
            if (!dropped[0] && t.read > (1 << 20)) {
                // A route change: the path now carries 1300 bytes at most, in both directions.
                LinkConditions narrow = LinkConditions.delay(10 * MS).withMaxDatagramSize(1300);
                pair.network.setLink(CLIENT_ADDRESS, SERVER_ADDRESS, narrow);
                pair.network.setLink(SERVER_ADDRESS, CLIENT_ADDRESS, narrow);
                dropped[0] = true;
            }
        });
        assertThat(dropped[0]).isTrue();
        assertThat(pair.network.stats().tooBig).isPositive();
        assertThat(pair.client.stats().pmtuBlackHoles()).isPositive();
        // The new search found the narrower path.
        pair.network.runFor(10 * SECOND);
        assertThat(pair.client.maxDatagramSize()).isLessThanOrEqualTo(1300).isGreaterThan(1300 - GRANULARITY - 1);
        assertNoError(pair);
    }

    @Test
    void pathMtuDropWhileIdleIsFoundByTheFirstPtoAndTheTransferCompletes_rfc8899_4_3() {
        // The peer has nothing to send, so nothing but our own PTO probes can reveal the black
        // hole: those must fit in 1200 bytes, or they would be lost like the data until idle timeout.
        ConnectionPair pair = pair(47, LinkConditions.delay(10 * MS), withPayload(1472), withPayload(1472));
        assertThat(pair.runUntil(() -> searchesComplete(pair), 10 * SECOND)).isTrue();
        pair.network.runFor(SECOND);
        LinkConditions narrow = LinkConditions.delay(10 * MS).withMaxDatagramSize(1300);
        pair.network.setLink(CLIENT_ADDRESS, SERVER_ADDRESS, narrow);
        pair.network.setLink(SERVER_ADDRESS, CLIENT_ADDRESS, narrow);
        long id = pair.client.openStream(false);
        transfer(pair, new Transfer(1 << 20, 47), id, 20 * SECOND, () -> { });
        assertThat(pair.client.stats().pmtuBlackHoles()).isPositive();
        assertThat(pair.client.maxDatagramSize()).isLessThanOrEqualTo(1300);
        assertNoError(pair);
    }

    @Test
    void tenMegabyteTransferUnderLossCompletesWithDiscovery_rfc9000_14_3() {
        ConnectionPair pair = pair(45, LinkConditions.delay(10 * MS).withLoss(0.03)
                .withBandwidth(100_000_000L, 256 * 1024).withMaxDatagramSize(1400), withPayload(1472), withPayload(1472));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long id = pair.client.openStream(false);
        transfer(pair, new Transfer(10L << 20, 45), id, 120 * SECOND, () -> { });
        assertThat(pair.client.stats().packetsLost()).isPositive();
        assertThat(pair.client.maxDatagramSize()).isLessThanOrEqualTo(1400).isGreaterThan(1400 - GRANULARITY - 1);
        // Random loss and queue overflow are not mistaken for a black hole.
        assertThat(pair.client.stats().pmtuBlackHoles()).isZero();
        assertNoError(pair);
    }

    @ParameterizedTest
    @ValueSource(longs = {61, 62, 63})
    void reorderingDuplicationAndCorruptionAreNotABlackHole_rfc8899_4_3(long seed) {
        LinkConditions hostile = LinkConditions.delay(10 * MS).withJitter(8 * MS).withLoss(0.02)
                .withDuplication(0.05).withCorruption(0.05).withReordering(0.05, 30 * MS).withBurstLoss(0.01, 0.5);
        ConnectionPair pair = pair(seed, hostile, withPayload(1472), withPayload(1472));
        assertThat(pair.runUntil(pair::handshakeDone, 30 * SECOND)).isTrue();
        transfer(pair, new Transfer(2 << 20, seed), pair.client.openStream(false), 120 * SECOND, () -> { });
        assertThat(pair.client.stats().pmtuBlackHoles()).isZero();
        assertThat(pair.client.maxDatagramSize()).isEqualTo(1472);
        assertNoError(pair);
    }

    @Test
    void serverSearchesAgainWhenTheClientsAddressChanges_rfc9000_14_3() {
        // A NAT rebinds the client to a new address whose path carries only 1300 bytes. The server
        // sends nothing but small ACKs during the upload, so only the per-path reset (§14.3: one
        // PLPMTU per pair of addresses) can bring its size down.
        InetSocketAddress before = CLIENT_ADDRESS;
        InetSocketAddress after = new InetSocketAddress("10.0.0.9", 51000);
        SimulatedNetwork network = new SimulatedNetwork(49, LinkConditions.delay(10 * MS));
        SimulatedServer server = new SimulatedServer(
                QuicServerSettings.builder(ConnectionPair.CERTIFICATE).alpn("hq-interop").build(), false);
        QuicConnection client = QuicConnection.client(QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate())
                .serverName("localhost").alpn("hq-interop").build(), SERVER_ADDRESS, 0);
        boolean[] rebound = {false};
        network.add(before, natSide(client, rebound, false));
        network.add(after, natSide(client, rebound, true));
        network.add(SERVER_ADDRESS, server);
        LinkConditions narrow = LinkConditions.delay(10 * MS).withMaxDatagramSize(1300);
        network.setLink(after, SERVER_ADDRESS, narrow);
        network.setLink(SERVER_ADDRESS, after, narrow);
        assertThat(network.runUntil(() -> client.isHandshakeConfirmed() && server.connection() != null
                && server.connection().maxDatagramSize() == 1472 && client.maxDatagramSize() == 1472,
                network.now() + 5 * SECOND)).isTrue();

        long id = client.openStream(false);
        Transfer t = new Transfer(2 << 20, 49);
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        assertThat(network.runUntil(() -> {
            t.pump(client, id);
            t.drain(server.connection(), id, scratch);
            if (!rebound[0] && t.read > (512 << 10)) {
                rebound[0] = true;
            }
            return t.ended;
        }, network.now() + 30 * SECOND)).as(network.stats().toString()).isTrue();
        assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
        // Past the path validation timeout (§8.2.4): the new address was validated, not abandoned.
        network.runFor(5 * SECOND);
        assertThat(server.connection().peerAddress()).isEqualTo(after);
        assertThat(server.connection().maxDatagramSize()).isLessThanOrEqualTo(1300).isGreaterThan(1300 - GRANULARITY - 1);
        assertThat(client.maxDatagramSize()).isLessThanOrEqualTo(1300);
        assertThat(server.connection().state()).isEqualTo(ConnectionState.ESTABLISHED);
    }

    /** One public address of a NAT in front of {@code client}: live before or after the rebinding. */
    private static DatagramEndpoint natSide(QuicConnection client, boolean[] rebound, boolean after) {
        return new DatagramEndpoint() {
            @Override
            public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
                if (rebound[0] == after) {
                    client.handleDatagram(nowNanos, from, datagram);
                }
            }

            @Override
            public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
                return rebound[0] == after ? client.pollTransmit(nowNanos, out) : null;
            }

            @Override
            public long nextTimeoutNanos() {
                return rebound[0] == after ? client.nextTimeoutNanos() : Long.MAX_VALUE;
            }

            @Override
            public void handleTimeout(long nowNanos) {
                client.handleTimeout(nowNanos);
            }
        };
    }

    /** Client packets for 10 MiB over a clean 1 ms path (the counts in docs/benchmarks-pmtud.md). */
    private static long packetsFor10MiB(TransportSettings settings) {
        ConnectionPair pair = pair(48, LinkConditions.delay(MS), settings, settings);
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long before = pair.client.stats().packetsSent();
        transfer(pair, new Transfer(10L << 20, 48), pair.client.openStream(false), 60 * SECOND, () -> { });
        assertNoError(pair);
        return pair.client.stats().packetsSent() - before;
    }

    @Test
    void discoveredSizeCutsThePacketsOfABulkTransfer_rfc9000_14_3() {
        long at1200 = packetsFor10MiB(TransportSettings.defaults().withPathMtuDiscovery(false));
        long at1472 = packetsFor10MiB(TransportSettings.defaults());
        long at16383 = packetsFor10MiB(TransportSettings.defaults().withMaxUdpPayloadSize(65527));
        // 10 MiB / ~1170 payload bytes = ~9000 packets; / ~1440 = ~7300; / ~16350 = ~640 (plus ACKs).
        assertThat(at1472).isLessThan(at1200 * 85 / 100);
        assertThat(at16383).isLessThan(at1200 / 8);
    }

    @Test
    void disablingDiscoveryKeeps1200ByteDatagrams_rfc9000_14_2() {
        TransportSettings off = withPayload(1472).withPathMtuDiscovery(false);
        ConnectionPair pair = pair(46, LinkConditions.delay(10 * MS).withMaxDatagramSize(1200), off, off);
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long id = pair.client.openStream(false);
        transfer(pair, new Transfer(512 * 1024, 46), id, 30 * SECOND, () -> { });
        assertThat(pair.client.maxDatagramSize()).isEqualTo(1200);
        assertThat(pair.serverConnection().maxDatagramSize()).isEqualTo(1200);
        assertThat(pair.client.stats().pmtuProbesSent()).isZero();
        assertThat(pair.network.stats().tooBig).isZero();
        assertNoError(pair);
    }
}
