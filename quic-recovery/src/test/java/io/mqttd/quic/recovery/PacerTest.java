package io.mqttd.quic.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9002 §7.7 for {@link Pacer}. */
class PacerTest {
    static final long MS = 1_000_000L;

    @Test
    void allowsInitialBurstThenSpacesPacketsAtRate_rfc9002_7_7() {
        Pacer pacer = new Pacer(1200);
        long cwnd = 120_000;
        long srtt = 100 * MS;
        int burst = 0;
        while (pacer.nextSendTimeNanos(0, 1200, cwnd, srtt) == 0) {
            pacer.onPacketSent(0, 1200, cwnd, srtt);
            burst++;
        }
        assertThat(burst).isEqualTo(Pacer.BURST_PACKETS);
        // interval = srtt * size / (1.25 * cwnd) = 100 ms * 1200 / 150000 = 0.8 ms
        long next = pacer.nextSendTimeNanos(0, 1200, cwnd, srtt);
        assertThat(next).isBetween(799_000L, 801_000L);
        // Over one RTT the pacer lets through 1.25 windows (plus the burst), not more.
        long now = next;
        long sent = 0;
        while (now < srtt) {
            long t = pacer.nextSendTimeNanos(now, 1200, cwnd, srtt);
            if (t > now) {
                now = t;
                continue;
            }
            pacer.onPacketSent(now, 1200, cwnd, srtt);
            sent += 1200;
        }
        assertThat(sent).isBetween((long) (1.25 * cwnd) - 2400, (long) (1.25 * cwnd) + 1200);
    }

    @Test
    void burstNeverExceedsCongestionWindow_rfc9002_7_7() {
        Pacer pacer = new Pacer(1200);
        int burst = 0;
        while (pacer.nextSendTimeNanos(0, 1200, 3600, 100 * MS) == 0 && burst < 100) {
            pacer.onPacketSent(0, 1200, 3600, 100 * MS);
            burst++;
        }
        assertThat(burst).isEqualTo(3);
    }
}
