package io.mqttd.quic.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.packet.VarInt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Random arrivals (duplicates, reordering, gaps) against a set model of what was accepted. */
class ReceivedPacketTrackerProperties {
    static final long MS = 1_000_000L;
    static final long MAX_ACK_DELAY = 25 * MS;

    @Property(tries = 400)
    void neverAcceptsTwiceAndNeverAcknowledgesUnreceived(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 100_000) Integer> ops,
            @ForAll @IntRange(min = 1, max = 8) int maxRanges) {
        ReceivedPacketTracker t = new ReceivedPacketTracker(PacketNumberSpace.APPLICATION_DATA, MAX_ACK_DELAY, maxRanges);
        Set<Long> accepted = new HashSet<>();
        List<Long> sentFrameLargest = new ArrayList<>();
        long now = 0;
        long oldestUnackedEliciting = Long.MAX_VALUE;
        long base = 0;
        for (int op : ops) {
            now += (op % 7) * 100_000L;
            int kind = op % 10;
            if (kind < 7) {
                // Mostly ascending numbers with jitter: reordering, duplicates and gaps.
                base += op % 3 == 0 ? 1 : 0;
                long pn = Math.max(0, base + (op / 10) % 9 - 4);
                boolean eliciting = (op / 90) % 4 != 0;
                boolean before = accepted.contains(pn);
                boolean fresh = t.onPacketReceived(now, pn, eliciting,
                        (op / 360) % 5 == 0 ? EcnCodepoint.ECT_0 : EcnCodepoint.NOT_ECT);
                if (before) {
                    assertThat(fresh).as("duplicate %d accepted", pn).isFalse();
                }
                if (fresh) {
                    accepted.add(pn);
                    if (eliciting) {
                        oldestUnackedEliciting = Math.min(oldestUnackedEliciting, now);
                    }
                }
            } else if (kind < 9) {
                AckFrame frame = t.buildAckFrame(now, 3);
                if (frame != null) {
                    assertThat(frame.rangeCount()).isLessThanOrEqualTo(maxRanges);
                    for (int i = 0; i < frame.rangeCount(); i++) {
                        for (long pn = frame.rangeSmallest(i); pn <= frame.rangeLargest(i); pn++) {
                            assertThat(accepted).as("acknowledges %d never received", pn).contains(pn);
                        }
                    }
                    assertThat(frame.largestAcknowledged()).isEqualTo(t.largestReceived());
                    // Completeness: every accepted packet at or above the floor is reported.
                    for (long pn : accepted) {
                        if (pn >= t.floor()) {
                            assertThat(frame.acknowledges(pn)).as("forgot %d (floor %d)", pn, t.floor()).isTrue();
                        }
                    }
                    t.onAckFrameSent();
                    sentFrameLargest.add(frame.largestAcknowledged());
                    oldestUnackedEliciting = Long.MAX_VALUE;
                }
            } else if (!sentFrameLargest.isEmpty()) {
                t.onAckFrameAcknowledged(sentFrameLargest.get((op / 10) % sentFrameLargest.size()));
            }
            // §13.2.1: an ack-eliciting packet is acknowledged within max_ack_delay.
            if (oldestUnackedEliciting != Long.MAX_VALUE) {
                assertThat(t.ackDeadlineNanos()).isLessThanOrEqualTo(oldestUnackedEliciting + MAX_ACK_DELAY);
            }
            assertThat(t.rangeCount()).isLessThanOrEqualTo(maxRanges);
        }
    }

    /** Peer-chosen packet numbers anywhere in 0..2^62-1 never break the tracker or its ACK frame. */
    @Property(tries = 300)
    void arbitraryPacketNumbersYieldValidAckFrames(
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = VarInt.MAX_VALUE) Long> pns,
            @ForAll @IntRange(min = 0, max = 20) int exponent) {
        ReceivedPacketTracker t = new ReceivedPacketTracker(PacketNumberSpace.APPLICATION_DATA, MAX_ACK_DELAY, 8);
        long now = 0;
        long largest = -1;
        for (long pn : pns) {
            now += 1000;
            if (t.onPacketReceived(now, pn, true, EcnCodepoint.CE)) {
                largest = Math.max(largest, pn);
            }
            AckFrame frame = t.buildAckFrame(now + 5000, exponent);
            assertThat(frame).isNotNull();
            assertThat(frame.largestAcknowledged()).isEqualTo(largest);
            assertThat(frame.acknowledges(largest)).isTrue();
        }
    }
}
