package io.mqttd.quic.connection.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class SimulatedNetworkTest {
    private static final long MS = 1_000_000;
    private static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 1000);
    private static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 2000);

    /** A stop-and-wait sender: message i is resent every {@code rto} until acknowledged; CRC-protected. */
    static final class StopAndWaitSender implements DatagramEndpoint {
        final int total;
        final long rto;
        final List<String> trace;
        int next;
        long timer = 0;

        StopAndWaitSender(int total, long rto, List<String> trace) {
            this.total = total;
            this.rto = rto;
            this.trace = trace;
        }

        @Override
        public void handleDatagram(long now, InetSocketAddress from, ByteBuffer d) {
            Integer acked = Framing.open(d);
            trace.add(now + " ack " + acked);
            if (acked != null && acked == next) {
                next++;
                timer = next < total ? now : Long.MAX_VALUE;
            }
        }

        @Override
        public InetSocketAddress pollTransmit(long now, ByteBuffer out) {
            if (next >= total || timer > now) {
                return null;
            }
            Framing.seal(out, next, 1000);
            timer = now + rto;
            trace.add(now + " send " + next);
            return B;
        }

        @Override
        public long nextTimeoutNanos() {
            return timer;
        }

        @Override
        public void handleTimeout(long now) {
            // the timer is read by pollTransmit
        }
    }

    static final class Receiver implements DatagramEndpoint {
        final List<Integer> delivered = new ArrayList<>();
        final ArrayDeque<Integer> acks = new ArrayDeque<>();
        final List<Long> arrivals = new ArrayList<>();

        @Override
        public void handleDatagram(long now, InetSocketAddress from, ByteBuffer d) {
            arrivals.add(now);
            Integer seq = Framing.open(d);
            if (seq == null) {
                return; // corrupted
            }
            if (seq == delivered.size()) {
                delivered.add(seq);
            }
            acks.add(seq);
        }

        @Override
        public InetSocketAddress pollTransmit(long now, ByteBuffer out) {
            Integer ack = acks.poll();
            if (ack == null) {
                return null;
            }
            Framing.seal(out, ack, 20);
            return A;
        }

        @Override
        public long nextTimeoutNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void handleTimeout(long now) {
        }
    }

    /** seq (4 bytes) + padding + CRC32 of everything before it. */
    static final class Framing {
        static void seal(ByteBuffer out, int seq, int size) {
            int start = out.position();
            out.putInt(seq);
            for (int i = 4; i < size - 8; i++) {
                out.put((byte) i);
            }
            CRC32 crc = new CRC32();
            crc.update(out.array(), start, out.position() - start);
            out.putLong(crc.getValue());
        }

        static Integer open(ByteBuffer d) {
            if (d.remaining() < 12) {
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(d.array(), d.position(), d.remaining() - 8);
            if (crc.getValue() != d.getLong(d.limit() - 8)) {
                return null;
            }
            return d.getInt(d.position());
        }
    }

    /** Sends {@code count} datagrams of {@code size} bytes at time 0. */
    static final class Burst implements DatagramEndpoint {
        int left;
        final int size;

        Burst(int count, int size) {
            this.left = count;
            this.size = size;
        }

        @Override
        public void handleDatagram(long now, InetSocketAddress from, ByteBuffer d) {
        }

        @Override
        public InetSocketAddress pollTransmit(long now, ByteBuffer out) {
            if (left == 0) {
                return null;
            }
            left--;
            out.put(new byte[size]);
            return B;
        }

        @Override
        public long nextTimeoutNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void handleTimeout(long now) {
        }
    }

    private static LinkConditions hostile() {
        return LinkConditions.delay(10 * MS).withLoss(0.2).withDuplication(0.1).withCorruption(0.1)
                .withReordering(0.1, 15 * MS).withJitter(2 * MS);
    }

    private static List<String> run(long seed, Receiver receiver) {
        List<String> trace = new ArrayList<>();
        SimulatedNetwork net = new SimulatedNetwork(seed, hostile());
        StopAndWaitSender sender = new StopAndWaitSender(200, 50 * MS, trace);
        net.add(A, sender);
        net.add(B, receiver);
        assertThat(net.runUntil(() -> sender.next == 200, 3_600_000 * MS)).isTrue();
        trace.add("stats " + net.stats());
        return trace;
    }

    @Test
    void deliversEverythingExactlyOnceThroughAHostileLink() {
        Receiver receiver = new Receiver();
        List<String> trace = run(42, receiver);
        assertThat(receiver.delivered).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(receiver.delivered.get(i)).isEqualTo(i);
        }
        String stats = trace.get(trace.size() - 1);
        assertThat(stats).doesNotContain("lost=0 ").doesNotContain("duplicated=0 ").doesNotContain("corrupted=0 ")
                .doesNotContain("reordered=0");
    }

    @Test
    void sameSeedReplaysExactlyAndAnotherSeedDoesNot() {
        List<String> first = run(7, new Receiver());
        List<String> second = run(7, new Receiver());
        List<String> other = run(8, new Receiver());
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void bottleneckSerializesABurst() {
        SimulatedNetwork net = new SimulatedNetwork(1, LinkConditions.delay(30 * MS).withBandwidth(10_000_000, 0));
        Receiver sink = new Receiver();
        net.add(A, new Burst(100, 1250));
        net.add(B, sink);
        net.runFor(1000 * MS);
        assertThat(sink.arrivals).hasSize(100);
        // 1250 bytes at 10 Mbit/s take exactly 1 ms each.
        assertThat(sink.arrivals.get(0)).isEqualTo(31 * MS);
        assertThat(sink.arrivals.get(99)).isEqualTo(130 * MS);
    }

    @Test
    void dropTailQueueDropsWhatDoesNotFit() {
        SimulatedNetwork net = new SimulatedNetwork(1, LinkConditions.delay(0).withBandwidth(10_000_000, 12_500));
        Receiver sink = new Receiver();
        net.add(A, new Burst(100, 1250));
        net.add(B, sink);
        net.runFor(1000 * MS);
        assertThat(sink.arrivals).hasSize(10);
        assertThat(net.stats().queueDropped).isEqualTo(90);
    }

    @Test
    void randomLossMatchesTheConfiguredRate() {
        SimulatedNetwork net = new SimulatedNetwork(3, LinkConditions.delay(MS).withLoss(0.05));
        Receiver sink = new Receiver();
        net.add(A, new Burst(20_000, 100));
        net.add(B, sink);
        net.runFor(10 * MS);
        assertThat(net.stats().lost).isBetween(800L, 1200L);
        assertThat(sink.arrivals).hasSize(20_000 - (int) net.stats().lost);
    }

    @Test
    void burstLossLosesRunsOfDatagrams() {
        SimulatedNetwork net = new SimulatedNetwork(5, LinkConditions.delay(MS).withBurstLoss(0.01, 0.25));
        Receiver sink = new Receiver();
        net.add(A, new Burst(20_000, 100));
        net.add(B, sink);
        net.runFor(10 * MS);
        long lost = net.stats().burstLost;
        // Stationary loss of the Gilbert model: enter / (enter + exit) = 0.01 / 0.26, about 3.8%.
        assertThat(lost).isBetween(500L, 1100L);
        assertThat(sink.arrivals).hasSize(20_000 - (int) lost);
    }
}
