package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.crypto.KeyUpdateStatus;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuicConnectionTransferTest {

    /** Feeds one stream from a deterministic pseudo-random source and digests what is read. */
    static final class Transfer {
        final long size;
        final Random source;
        final MessageDigest sent = sha256();
        final MessageDigest received = sha256();
        long written;
        long read;
        boolean finished;
        boolean ended;

        Transfer(long size, long seed) {
            this.size = size;
            this.source = new Random(seed);
        }

        void pump(QuicConnection sender, long id) {
            while (written < size) {
                int n = (int) Math.min(16 * 1024, size - written);
                byte[] chunk = new byte[n];
                // Same bytes whatever the write sizes: draw them one at a time from the seeded source.
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ((written + i) * 31 + (written + i) / 251);
                }
                ByteBuffer buf = ByteBuffer.wrap(chunk);
                int taken = sender.write(id, buf);
                sent.update(chunk, 0, taken);
                written += taken;
                if (taken < n) {
                    return;
                }
            }
            if (!finished) {
                sender.finish(id);
                finished = true;
            }
        }

        void drain(QuicConnection receiver, long id, ByteBuffer scratch) {
            while (!ended) {
                scratch.clear();
                int n = receiver.read(id, scratch);
                if (n < 0) {
                    ended = true;
                    return;
                }
                if (n == 0) {
                    return;
                }
                received.update(scratch.array(), 0, n);
                read += n;
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tenMegabyteTransferArrivesIntactUnderFivePercentLoss_rfc9000_13_3() {
        ConnectionPair pair = ConnectionPair.of(21,
                LinkConditions.delay(10 * MS).withLoss(0.05).withBandwidth(100_000_000L, 256 * 1024));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long id = pair.client.openStream(false);
        Transfer t = new Transfer(10L << 20, 1);
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        assertThat(pair.runUntil(() -> {
            t.pump(pair.client, id);
            t.drain(pair.serverConnection(), id, scratch);
            return t.ended;
        }, 120 * SECOND)).as(pair.network.stats().toString()).isTrue();
        assertThat(t.read).isEqualTo(10L << 20);
        assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
        assertThat(pair.client.stats().packetsLost()).isPositive();
        assertNoError(pair);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {61, 62, 63})
    void transferSurvivesReorderingDuplicationAndCorruption_rfc9000_12_3(long seed) {
        LinkConditions hostile = LinkConditions.delay(10 * MS).withJitter(8 * MS).withLoss(0.02)
                .withDuplication(0.05).withCorruption(0.05).withReordering(0.05, 30 * MS);
        ConnectionPair pair = ConnectionPair.of(seed, hostile);
        assertThat(pair.runUntil(pair::handshakeDone, 30 * SECOND)).isTrue();
        long id = pair.client.openStream(true);
        Transfer t = new Transfer(1 << 20, seed);
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        assertThat(pair.runUntil(() -> {
            t.pump(pair.client, id);
            t.drain(pair.serverConnection(), id, scratch);
            return t.ended;
        }, 120 * SECOND)).as(pair.network.stats().toString()).isTrue();
        assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
        assertThat(pair.network.stats().corrupted).isPositive();
        assertThat(pair.network.stats().duplicated).isPositive();
        assertNoError(pair);
    }

    @Test
    void hundredConcurrentStreamsInterleaveAndArriveIntact_rfc9000_2() {
        ConnectionPair pair = ConnectionPair.of(22, LinkConditions.delay(10 * MS).withLoss(0.02));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        Map<Long, Transfer> transfers = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            long id = pair.client.openStream(true);
            assertThat(id).isNotNegative();
            transfers.put(id, new Transfer(20_000 + i * 997L, i));
        }
        // The default limit is 100 bidirectional streams: the 101st must wait (RFC 9000 §4.6).
        assertThat(pair.client.openStream(true)).isEqualTo(-1);
        ByteBuffer scratch = ByteBuffer.allocate(8 * 1024);
        assertThat(pair.runUntil(() -> {
            boolean all = true;
            for (Map.Entry<Long, Transfer> e : transfers.entrySet()) {
                e.getValue().pump(pair.client, e.getKey());
                e.getValue().drain(pair.serverConnection(), e.getKey(), scratch);
                all &= e.getValue().ended;
            }
            return all;
        }, 60 * SECOND)).isTrue();
        for (Transfer t : transfers.values()) {
            assertThat(t.read).isEqualTo(t.size);
            assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
        }
        // Once the server read everything and closed its halves, the streams are gone and their
        // slots are re-advertised with MAX_STREAMS (§4.6).
        transfers.keySet().forEach(pair.serverConnection()::finish);
        assertThat(pair.runUntil(() -> pair.client.openStream(true) >= 0, 10 * SECOND)).isTrue();
        assertNoError(pair);
    }

    @Test
    void flowControlHoldsASenderAtTheReceiversWindow_rfc9000_4_1() {
        ConnectionPair pair = new ConnectionPair(23, LinkConditions.delay(10 * MS), b -> b,
                b -> b.transport(TransportSettings.defaults().withMaxData(64 * 1024, 64 * 1024)
                        .withMaxStreamData(16 * 1024, 16 * 1024, 16 * 1024, 16 * 1024)), false);
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long id = pair.client.openStream(false);
        Transfer t = new Transfer(1 << 20, 3);
        t.pump(pair.client, id);
        pair.network.runFor(2 * SECOND);
        // Nothing read yet: exactly the stream window has arrived, no more.
        ByteBuffer scratch = ByteBuffer.allocate(1 << 20);
        assertThat(pair.serverConnection().read(id, scratch)).isEqualTo(16 * 1024);
        // Reading opens the window; everything arrives, with no FLOW_CONTROL_ERROR on the way.
        assertThat(pair.runUntil(() -> {
            t.pump(pair.client, id);
            t.drain(pair.serverConnection(), id, scratch);
            return t.ended;
        }, 60 * SECOND)).isTrue();
        assertThat(t.read + 16 * 1024).isEqualTo(1 << 20);
        assertNoError(pair);
    }

    @Test
    void keyUpdateMidTransferKeepsDataFlowing_rfc9001_6() {
        ConnectionPair pair = ConnectionPair.of(24, LinkConditions.delay(10 * MS).withLoss(0.01));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long id = pair.client.openStream(false);
        Transfer t = new Transfer(4L << 20, 4);
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        boolean[] updated = new boolean[2];
        assertThat(pair.runUntil(() -> {
            t.pump(pair.client, id);
            t.drain(pair.serverConnection(), id, scratch);
            if (!updated[0] && t.read > (1 << 20)) {
                updated[0] = pair.client.initiateKeyUpdate() == KeyUpdateStatus.UPDATED;
            }
            if (updated[0] && !updated[1] && t.read > (2 << 20)) {
                updated[1] = pair.serverConnection().initiateKeyUpdate() == KeyUpdateStatus.UPDATED;
            }
            return t.ended;
        }, 60 * SECOND)).isTrue();
        assertThat(updated).containsExactly(true, true);
        assertThat(pair.client.stats().keyUpdates()).isEqualTo(2);
        assertThat(pair.serverConnection().stats().keyUpdates()).isEqualTo(2);
        assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
        assertNoError(pair);
    }

    @Test
    void resetStreamAndStopSendingReachThePeer_rfc9000_3_5() {
        ConnectionPair pair = ConnectionPair.of(25, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long id = pair.client.openStream(true);
        pair.client.write(id, ByteBuffer.wrap(new byte[1000]));
        assertThat(pair.runUntil(() -> pair.serverEvents.contains(new ConnectionEvent.StreamOpened(id)), SECOND))
                .isTrue();
        pair.client.resetStream(id, 7);
        pair.serverConnection().stopSending(id, 9);
        assertThat(pair.runUntil(() -> pair.serverEvents.contains(new ConnectionEvent.StreamReset(id, 7))
                && pair.clientEvents.contains(new ConnectionEvent.StopSendingReceived(id, 9)), SECOND)).isTrue();
        assertThat(pair.serverConnection().read(id, ByteBuffer.allocate(10))).isEqualTo(-1);
        assertNoError(pair);
    }

    @Test
    void datagramFramesReachThePeerWhenBothAdvertiseSupport_rfc9221_3() {
        ConnectionPair pair = new ConnectionPair(26, LinkConditions.delay(5 * MS),
                b -> b.transport(TransportSettings.defaults().withMaxDatagramFrameSize(1200)),
                b -> b.transport(TransportSettings.defaults().withMaxDatagramFrameSize(100)), false);
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        // The server accepts frames of at most 100 bytes: a larger one is refused locally.
        assertThat(pair.client.sendDatagram(ByteBuffer.wrap(new byte[200]))).isFalse();
        assertThat(pair.client.sendDatagram(ByteBuffer.wrap("ping".getBytes()))).isTrue();
        assertThat(pair.serverConnection().sendDatagram(ByteBuffer.wrap("pong".getBytes()))).isTrue();
        assertThat(pair.runUntil(() -> pair.serverEvents.stream().anyMatch(e -> e instanceof ConnectionEvent.DatagramReceived d
                && new String(d.data()).equals("ping")) && pair.clientEvents.stream().anyMatch(
                        e -> e instanceof ConnectionEvent.DatagramReceived d && new String(d.data()).equals("pong")),
                SECOND)).isTrue();
        assertNoError(pair);
    }

    @Test
    void datagramFramesAreRefusedWithoutThePeersSupport_rfc9221_3() {
        ConnectionPair pair = ConnectionPair.of(27, LinkConditions.delay(5 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        assertThat(pair.client.sendDatagram(ByteBuffer.wrap("ping".getBytes()))).isFalse();
    }

    static void assertNoError(ConnectionPair pair) {
        pair.drainEvents();
        assertThat(pair.clientEvents).noneMatch(ConnectionEvent.ConnectionClosed.class::isInstance);
        assertThat(pair.serverEvents).noneMatch(ConnectionEvent.ConnectionClosed.class::isInstance);
        assertThat(pair.client.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(pair.serverConnection().state()).isEqualTo(ConnectionState.ESTABLISHED);
    }
}
