package io.mqttd.quic.recovery.cc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.recovery.RttEstimator;
import org.junit.jupiter.api.Test;

/** RFC 9002 §7 and Appendix B for {@link NewReno}. */
class NewRenoTest {
    static final long MS = 1_000_000L;
    final RttEstimator rtt = new RttEstimator();

    @Test
    void initialWindowIsTenDatagramsCappedAt14720_rfc9002_7_2() {
        assertThat(new NewReno(1200).congestionWindow()).isEqualTo(12000);
        assertThat(new NewReno(1500).congestionWindow()).isEqualTo(14720);
        assertThat(new NewReno(9000).congestionWindow()).isEqualTo(18000);
        assertThat(new NewReno(1200).minimumWindow()).isEqualTo(2400);
        assertThat(new NewReno(1200).slowStartThreshold()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void slowStartGrowsByBytesAcked_rfc9002_7_3_1() {
        NewReno cc = new NewReno(1200);
        cc.onPacketAcked(100 * MS, 0, 1200, false, rtt);
        cc.onPacketAcked(100 * MS, 0, 700, false, rtt);
        assertThat(cc.congestionWindow()).isEqualTo(12000 + 1900);
        assertThat(cc.inSlowStart()).isTrue();
    }

    @Test
    void lossHalvesWindowAndEntersRecovery_rfc9002_7_3_2() {
        NewReno cc = new NewReno(1200);
        assertThat(cc.onCongestionEvent(100 * MS, 50 * MS, false, rtt)).isTrue();
        assertThat(cc.congestionWindow()).isEqualTo(6000);
        assertThat(cc.slowStartThreshold()).isEqualTo(6000);
        // A loss of a packet sent before the recovery period started does not reduce again.
        assertThat(cc.onCongestionEvent(120 * MS, 90 * MS, false, rtt)).isFalse();
        assertThat(cc.congestionWindow()).isEqualTo(6000);
        // Nor do acks of such packets grow the window.
        cc.onPacketAcked(130 * MS, 100 * MS, 1200, false, rtt);
        assertThat(cc.congestionWindow()).isEqualTo(6000);
        // A packet sent after the start of recovery ends it: its loss is a new event.
        assertThat(cc.onCongestionEvent(300 * MS, 101 * MS, false, rtt)).isTrue();
        assertThat(cc.congestionWindow()).isEqualTo(3000);
    }

    @Test
    void windowNeverBelowMinimum_rfc9002_7_2() {
        NewReno cc = new NewReno(1200);
        for (int i = 0; i < 10; i++) {
            cc.onCongestionEvent(i * 100 * MS, i * 100 * MS, false, rtt);
        }
        assertThat(cc.congestionWindow()).isEqualTo(2400);
    }

    @Test
    void congestionAvoidanceAddsOneDatagramPerWindow_rfc9002_7_3_3() {
        NewReno cc = new NewReno(1200);
        cc.onCongestionEvent(100 * MS, 50 * MS, false, rtt);
        long cwnd = cc.congestionWindow();
        assertThat(cc.inSlowStart()).isFalse();
        long acked = 0;
        while (acked + 1200 < cwnd) {
            cc.onPacketAcked(200 * MS, 150 * MS, 1200, false, rtt);
            acked += 1200;
        }
        assertThat(cc.congestionWindow()).isEqualTo(cwnd);
        cc.onPacketAcked(200 * MS, 150 * MS, 1200, false, rtt);
        assertThat(cc.congestionWindow()).isEqualTo(cwnd + 1200);
    }

    @Test
    void ecnCeReducesLikeLoss_rfc9002_b_7() {
        NewReno cc = new NewReno(1200);
        assertThat(cc.onCongestionEvent(100 * MS, 50 * MS, true, rtt)).isTrue();
        assertThat(cc.congestionWindow()).isEqualTo(6000);
    }

    @Test
    void persistentCongestionResetsToMinimumWindowAndLeavesRecovery_rfc9002_7_6_2() {
        NewReno cc = new NewReno(1200);
        cc.onPacketAcked(10 * MS, 0, 48000, false, rtt);
        cc.onCongestionEvent(100 * MS, 50 * MS, false, rtt);
        cc.onPersistentCongestion(100 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(2400);
        assertThat(cc.inRecovery(60 * MS)).isFalse();
        // Slow start again, up to the ssthresh set by the congestion event.
        cc.onPacketAcked(200 * MS, 60 * MS, 1200, false, rtt);
        assertThat(cc.congestionWindow()).isEqualTo(3600);
    }

    @Test
    void noGrowthWhenApplicationLimited_rfc9002_7_8() {
        NewReno cc = new NewReno(1200);
        cc.onPacketAcked(10 * MS, 0, 1200, true, rtt);
        assertThat(cc.congestionWindow()).isEqualTo(12000);
    }

    @Test
    void largerDatagramSizeRecomputesUntouchedInitialWindow_rfc9002_7_2() {
        NewReno cc = new NewReno(1200);
        cc.setMaxDatagramSize(1400);
        assertThat(cc.congestionWindow()).isEqualTo(14000);
        cc.onCongestionEvent(10 * MS, 5 * MS, false, rtt);
        cc.setMaxDatagramSize(1500);
        assertThat(cc.congestionWindow()).isEqualTo(7000);
        assertThat(cc.minimumWindow()).isEqualTo(3000);
    }

    @Test
    void smallerDatagramSizeResetsInitialWindow_rfc9002_7_2() {
        NewReno cc = new NewReno(1500);
        cc.setMaxDatagramSize(1200);
        assertThat(cc.congestionWindow()).isEqualTo(12000);
        assertThat(cc.minimumWindow()).isEqualTo(2400);
    }
}
