package io.mqttd.quic.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.frame.EcnCounts;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.VarInt;
import io.mqttd.quic.recovery.cc.CongestionController;
import io.mqttd.quic.recovery.cc.Cubic;
import io.mqttd.quic.recovery.cc.NewReno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sends, ACKs (any order, duplicates, several ranges, bogus ECN counts), timer expiries and
 * key discards keep RFC 9002's bookkeeping consistent. Each operation is decoded from one int so
 * jqwik can shrink a failing run to a short one.
 */
class LossRecoveryProperties {
    static final long MS = 1_000_000L;
    static final PacketNumberSpace[] SPACES = PacketNumberSpace.values();

    /** What the test knows about each sent packet. */
    record Sent(int size, boolean inFlight) {
    }

    static final class Model implements RecoveryListener<Long> {
        final Map<PacketNumberSpace, Map<Long, Sent>> sent = new HashMap<>();
        final Map<PacketNumberSpace, Set<Long>> acknowledgedByPeer = new HashMap<>();
        final Set<String> outcomes = new HashSet<>();
        final Set<String> lost = new HashSet<>();
        final List<String> violations = new ArrayList<>();

        Model() {
            for (PacketNumberSpace s : SPACES) {
                sent.put(s, new HashMap<>());
                acknowledgedByPeer.put(s, new HashSet<>());
            }
        }

        private void outcome(PacketNumberSpace space, long pn, Long handle, String what) {
            if (!sent.get(space).containsKey(pn)) {
                violations.add(what + " of unsent " + space + " " + pn);
            }
            if (handle == null || handle != pn) {
                violations.add(what + " with wrong handle " + handle + " for " + pn);
            }
            if (!outcomes.add(space + "/" + pn)) {
                violations.add("second outcome (" + what + ") for " + space + " " + pn);
            }
        }

        @Override
        public void onPacketAcked(PacketNumberSpace space, long pn, Long frames) {
            outcome(space, pn, frames, "ack");
            if (!acknowledgedByPeer.get(space).contains(pn)) {
                violations.add("acked " + space + " " + pn + " that no ACK frame covered");
            }
        }

        @Override
        public void onPacketLost(PacketNumberSpace space, long pn, Long frames) {
            outcome(space, pn, frames, "loss");
            lost.add(space + "/" + pn);
        }

        @Override
        public void onSpuriousLoss(PacketNumberSpace space, long pn) {
            if (!lost.remove(space + "/" + pn)) {
                violations.add("spurious loss of " + space + " " + pn + " that was not lost (or reported twice)");
            }
        }

        @Override
        public void onPacketDiscarded(PacketNumberSpace space, long pn, Long frames) {
            outcome(space, pn, frames, "discard");
        }

        long expectedBytesInFlight() {
            long sum = 0;
            for (PacketNumberSpace s : SPACES) {
                for (Map.Entry<Long, Sent> e : sent.get(s).entrySet()) {
                    if (e.getValue().inFlight() && !outcomes.contains(s + "/" + e.getKey())) {
                        sum += e.getValue().size();
                    }
                }
            }
            return sum;
        }
    }

    @Property(tries = 300)
    void bookkeepingStaysConsistent(@ForAll @Size(max = 250) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> ops,
            @ForAll @IntRange(min = 0, max = 3) int controller, @ForAll boolean server, @ForAll boolean ecn, @ForAll boolean pacing) {
        Model model = new Model();
        CongestionController cc = controller % 2 == 0 ? new NewReno(1200, controller >= 2) : new Cubic(1200, true, controller >= 2);
        LossRecovery<Long> r = new LossRecovery<>(
                RecoveryConfig.defaults(server).withEcn(ecn).withPacing(pacing), cc, model);
        long now = 0;
        long[] nextPn = new long[3];
        boolean[] discarded = new boolean[3];
        for (int op : ops) {
            int kind = op % 8;
            int rest = op / 8;
            PacketNumberSpace space = SPACES[rest % 3];
            int si = space.ordinal();
            switch (kind) {
                case 0, 1, 2 -> {
                    if (discarded[si]) {
                        break;
                    }
                    boolean ackEliciting = (rest / 3) % 4 != 0;
                    boolean inFlight = ackEliciting || (rest / 12) % 2 == 0;
                    int size = 40 + (rest / 24) % 1300;
                    long pn = nextPn[si] + ((rest / 31_000) % 5 == 0 ? 1 + rest % 3 : 0);
                    r.canSend(now, size, (rest / 7) % 9 == 0 ? 0 : Long.MAX_VALUE);
                    r.onPacketSent(now, space, pn, size, ackEliciting, inFlight, pn);
                    model.sent.get(space).put(pn, new Sent(size, inFlight));
                    nextPn[si] = pn + 1;
                }
                case 3, 4 -> {
                    if (nextPn[si] == 0) {
                        break;
                    }
                    AckFrame ack = randomAck(rest, nextPn[si] - 1, ecn);
                    for (int i = 0; i < ack.rangeCount(); i++) {
                        for (long pn = ack.rangeSmallest(i); pn <= ack.rangeLargest(i); pn++) {
                            model.acknowledgedByPeer.get(space).add(pn);
                        }
                    }
                    r.onAckReceived(now, space, ack);
                }
                case 5 -> now += (rest % 200) * MS + rest % 1000;
                case 6 -> {
                    long t = r.nextTimeoutNanos();
                    if (t != LossRecovery.NO_TIMER) {
                        now = Math.max(now, t);
                        r.onTimeout(now);
                    }
                }
                default -> {
                    switch (rest % 6) {
                        case 0 -> r.onHandshakeConfirmed(now);
                        case 5 -> r.onZeroRttRejected(now);
                        case 1 -> r.onHandshakeKeysAvailable(now);
                        case 2 -> r.setAtAmplificationLimit((rest / 5) % 2 == 0, now);
                        default -> {
                            PacketNumberSpace d = (rest % 6) == 3 ? PacketNumberSpace.INITIAL : PacketNumberSpace.HANDSHAKE;
                            r.discardSpace(d, now);
                            discarded[d.ordinal()] = true;
                        }
                    }
                }
            }
            assertThat(model.violations).isEmpty();
            assertThat(r.bytesInFlight()).isGreaterThanOrEqualTo(0).isEqualTo(model.expectedBytesInFlight());
            assertThat(r.congestionWindow()).isGreaterThanOrEqualTo(cc.minimumWindow());
            assertThat(r.packetThreshold()).isBetween(LossRecovery.PACKET_THRESHOLD, LossRecovery.MAX_PACKET_THRESHOLD);
            assertThat(r.timeThresholdEighths())
                    .isBetween(LossRecovery.TIME_THRESHOLD_EIGHTHS, LossRecovery.MAX_TIME_THRESHOLD_EIGHTHS);
            assertThat(r.nextTimeoutNanos()).isGreaterThanOrEqualTo(0);
        }
    }

    /** One to three descending ranges at or below {@code largestSent}, from the bits of {@code x}. */
    static AckFrame randomAck(int x, long largestSent, boolean withEcn) {
        long largest = largestSent - (x % 4 == 0 ? (x / 4) % (largestSent + 1) : 0);
        List<Long> r = new ArrayList<>();
        long hi = largest;
        int ranges = 1 + (x / 16) % 3;
        int bits = x / 48;
        for (int i = 0; i < ranges && hi >= 0; i++) {
            long len = bits % 6;
            bits /= 6;
            long lo = Math.max(0, hi - len);
            r.add(hi);
            r.add(lo);
            hi = lo - 2 - bits % 3;
            bits /= 3;
        }
        long[] arr = r.stream().mapToLong(Long::longValue).toArray();
        EcnCounts counts = withEcn && x % 3 != 0 ? new EcnCounts(x % 40, x % 7 == 0 ? 1 : 0, (x / 40) % 5) : null;
        return AckFrame.of((x / 7) % 5000, arr, counts);
    }

    /** Peer-controlled ACK frames: any valid shape, any numbers; only TransportError may escape. */
    @Property(tries = 500)
    void arbitraryAckFramesOnlyRaiseTransportError(
            @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = VarInt.MAX_VALUE) Long> numbers,
            @ForAll @LongRange(min = 0, max = VarInt.MAX_VALUE) long ackDelay,
            @ForAll @LongRange(min = 0, max = VarInt.MAX_VALUE) long ce,
            @ForAll @IntRange(min = 0, max = 40) int sent,
            @ForAll boolean nearSent) {
        RecordingLongListener listener = new RecordingLongListener();
        LossRecovery<Long> r = new LossRecovery<>(RecoveryConfig.defaults(false).withEcn(true), new Cubic(1200), listener);
        r.onHandshakeConfirmed(0);
        for (long pn = 0; pn < sent; pn++) {
            r.onPacketSent(pn * MS, PacketNumberSpace.APPLICATION_DATA, pn, 1200, true, true, pn);
        }
        // Build descending, non-touching ranges; "nearSent" folds numbers onto the sent ones.
        long[] sorted = numbers.stream().mapToLong(n -> nearSent ? n % (sent + 3) : n).sorted().distinct().toArray();
        List<Long> ranges = new ArrayList<>();
        long lastLo = Long.MAX_VALUE;
        for (int i = sorted.length - 1; i >= 0; i -= 2) {
            long hi = sorted[i];
            long lo = i > 0 ? sorted[i - 1] : hi;
            if (hi > lastLo - 2) {
                continue;
            }
            ranges.add(hi);
            ranges.add(lo);
            lastLo = lo;
        }
        if (ranges.isEmpty()) {
            return;
        }
        AckFrame ack = AckFrame.of(ackDelay, ranges.stream().mapToLong(Long::longValue).toArray(),
                new EcnCounts(ce, ce / 2, ce / 3));
        try {
            r.onAckReceived(sent * MS + 5 * MS, PacketNumberSpace.APPLICATION_DATA, ack);
            r.onTimeout(r.nextTimeoutNanos() == LossRecovery.NO_TIMER ? 0 : r.nextTimeoutNanos());
        } catch (TransportError e) {
            assertThat(ack.largestAcknowledged()).isGreaterThanOrEqualTo(sent);
            return;
        }
        assertThat(ack.largestAcknowledged()).isLessThan(Math.max(sent, 1));
        assertThat(r.bytesInFlight()).isBetween(0L, sent * 1200L);
        assertThat(r.rtt().smoothedRttNanos()).isPositive();
    }

    static final class RecordingLongListener implements RecoveryListener<Long> {
        int events;

        @Override
        public void onPacketAcked(PacketNumberSpace space, long packetNumber, Long frames) {
            events++;
        }

        @Override
        public void onPacketLost(PacketNumberSpace space, long packetNumber, Long frames) {
            events++;
        }
    }
}
