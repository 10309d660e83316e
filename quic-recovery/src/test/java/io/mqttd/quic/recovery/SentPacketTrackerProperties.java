package io.mqttd.quic.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The ring with skip pointers answers like a plain sorted map of outstanding packets, through
 * growth, wrap-around, skipped packet numbers and compaction.
 */
class SentPacketTrackerProperties {

    @Property(tries = 300)
    void nextLiveMatchesSortedMapModel(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 1_000_000) Integer> ops) {
        SentPacketTracker<Long> t = new SentPacketTracker<>();
        TreeMap<Long, Integer> outstanding = new TreeMap<>();
        long next = 0;
        long inFlight = 0;
        for (int op : ops) {
            int kind = op % 4;
            if (kind <= 1) {
                long pn = next + (op / 4) % 3 / 2; // sometimes skips one number
                int size = 1 + (op / 12) % 1500;
                t.add(pn, pn, size, (byte) (SentPacketTracker.IN_FLIGHT | SentPacketTracker.ACK_ELICITING), pn);
                outstanding.put(pn, size);
                inFlight += size;
                next = pn + 1;
            } else if (!outstanding.isEmpty()) {
                // Finish (ack or lose) a packet picked among the outstanding ones.
                long pick = outstanding.firstKey() + (op / 4) % (next - outstanding.firstKey());
                Long pn = outstanding.ceilingKey(pick);
                if (pn != null) {
                    assertThat(t.nextLive(pick)).isEqualTo(pn);
                    assertThat(t.frames(pn)).isEqualTo(pn);
                    if (kind == 2) {
                        t.markAcked(pn);
                    } else {
                        t.markLost(pn);
                    }
                    inFlight -= outstanding.remove(pn);
                }
                if ((op / 8) % 3 == 0) {
                    t.compact();
                }
            }
            long probe = (op / 16) % (next + 2);
            Long expected = outstanding.ceilingKey(probe);
            assertThat(t.nextLive(probe)).isEqualTo(expected == null ? t.end() : expected);
            assertThat(t.bytesInFlight()).isEqualTo(inFlight);
            assertThat(t.hasAckElicitingInFlight()).isEqualTo(!outstanding.isEmpty());
        }
        t.compact();
        assertThat(t.trackedSlots()).isLessThanOrEqualTo(outstanding.isEmpty() ? 0 : (int) (next - outstanding.firstKey()));
    }
}
