package io.mqttd.quic.recovery.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mqttd.quic.recovery.RttEstimator;
import org.junit.jupiter.api.Test;

/** RFC 9438 for {@link Cubic}. */
class CubicTest {
    static final long MS = 1_000_000L;
    static final int MDS = 1200;

    static RttEstimator rtt(long ms) {
        RttEstimator r = new RttEstimator();
        r.onSample(0, ms * MS, 0, false, 0);
        return r;
    }

    /** Grows the window in slow start to {@code segments} full-sized packets. */
    static Cubic withWindow(int segments) {
        Cubic cc = new Cubic(MDS);
        cc.onPacketAcked(1, 0, segments * MDS - 12000, false, rtt(100));
        assertThat(cc.congestionWindow()).isEqualTo((long) segments * MDS);
        return cc;
    }

    @Test
    void reductionMultipliesWindowByBeta_rfc9438_4_6() {
        Cubic cc = withWindow(100);
        assertThat(cc.onCongestionEvent(10 * MS, 5 * MS, false, rtt(100))).isTrue();
        assertThat(cc.congestionWindow()).isEqualTo(84000);
        assertThat(cc.slowStartThreshold()).isEqualTo(84000);
        assertThat(cc.wMaxBytes()).isEqualTo(120000.0);
    }

    @Test
    void fastConvergenceLowersWMax_rfc9438_4_7() {
        Cubic cc = withWindow(100);
        cc.onCongestionEvent(10 * MS, 5 * MS, false, rtt(100));
        // Second event below the previous maximum: W_max = cwnd * (1 + beta) / 2.
        cc.onCongestionEvent(20 * MS, 15 * MS, false, rtt(100));
        assertThat(cc.wMaxBytes()).isCloseTo(84000 * 1.7 / 2, within(1e-6));
        assertThat(cc.congestionWindow()).isEqualTo((long) (84000 * 0.7));

        Cubic plain = new Cubic(MDS, false, false);
        plain.onPacketAcked(1, 0, 100 * MDS - 12000, false, rtt(100));
        plain.onCongestionEvent(10 * MS, 5 * MS, false, rtt(100));
        plain.onCongestionEvent(20 * MS, 15 * MS, false, rtt(100));
        assertThat(plain.wMaxBytes()).isEqualTo(84000.0);
    }

    @Test
    void kIsTimeToReturnToWMax_rfc9438_4_2() {
        Cubic cc = withWindow(100);
        cc.onCongestionEvent(10 * MS, 5 * MS, false, rtt(100));
        cc.onPacketAcked(20 * MS, 15 * MS, MDS, false, rtt(100));
        // K = cbrt(W_max * (1 - beta) / C) in segments: cbrt(100 * 0.3 / 0.4) = cbrt(75).
        assertThat(cc.kSeconds()).isCloseTo(Math.cbrt(75), within(1e-3));
        assertThat(cc.wCubic(cc.kSeconds())).isCloseTo(120000.0, within(1e-6));
        assertThat(cc.wCubic(0)).isCloseTo(84000.0, within(1.0));
    }

    @Test
    void windowClimbsBackToWMaxAfterKSeconds_rfc9438_4_2() {
        Cubic cc = withWindow(100);
        RttEstimator rtt = rtt(100);
        cc.onCongestionEvent(0, 0, false, rtt);
        long now = MS;
        double k = Math.cbrt(75);
        // Acknowledge a full window every 100 ms RTT until K seconds passed.
        while (now < (long) (k * 1e9)) {
            long cwnd = cc.congestionWindow();
            for (long b = 0; b < cwnd; b += MDS) {
                cc.onPacketAcked(now, now - 1, MDS, false, rtt);
            }
            now += 100 * MS;
        }
        // Concave region: the window approached W_max = 120000 without overshooting much.
        assertThat(cc.congestionWindow()).isBetween(114000L, 126000L);
    }

    @Test
    void renoFriendlyRegionFollowsRenoEstimate_rfc9438_4_3() {
        // A small window on a short RTT: Reno's growth beats the cubic curve's.
        Cubic cc = withWindow(20);
        RttEstimator rtt = rtt(1);
        cc.onCongestionEvent(0, 0, false, rtt);
        long start = cc.congestionWindow();
        long now = MS;
        for (int round = 0; round < 200; round++) {
            long cwnd = cc.congestionWindow();
            for (long b = 0; b < cwnd; b += MDS) {
                cc.onPacketAcked(now, now - 1, MDS, false, rtt);
            }
            now += MS;
        }
        // 200 RTTs of W_est at alpha 0.53 then 1 segment per RTT; W_cubic after 0.2 s is ~14 segments.
        assertThat(cc.congestionWindow()).isGreaterThan(start + 100L * MDS);
        assertThat(cc.wCubic(0.2)).isLessThan(cc.congestionWindow());
        assertThat((double) cc.congestionWindow()).isCloseTo(cc.renoEstimateBytes(), within(2.0 * MDS));
    }

    @Test
    void alphaIsRenoEquivalentForBetaPointSeven_rfc9438_4_3() {
        assertThat(Cubic.ALPHA).isCloseTo(0.5294, within(1e-4));
    }

    @Test
    void growthPerAckCappedAtHalfWindowPerRtt_rfc9438_4_2() {
        Cubic cc = withWindow(100);
        RttEstimator rtt = rtt(100);
        cc.onCongestionEvent(0, 0, false, rtt);
        // Far in the convex region the target is capped at 1.5 * cwnd: one RTT of acks adds < 50%.
        long cwnd = cc.congestionWindow();
        cc.onPacketAcked(MS, 1, MDS, false, rtt);
        long later = 100_000 * MS;
        long before = cc.congestionWindow();
        for (long b = 0; b < before; b += MDS) {
            cc.onPacketAcked(later, later - 1, MDS, false, rtt);
        }
        assertThat(cc.congestionWindow()).isGreaterThan(before).isLessThanOrEqualTo((long) (before * 1.5) + MDS);
        assertThat(cwnd).isEqualTo(84000);
    }

    @Test
    void undoOfSpuriousEventRestoresWindowAndCurve_rfc9438_4_9_2() {
        Cubic cc = withWindow(100);
        cc.onCongestionEvent(0, 0, false, rtt(100));
        cc.onPacketAcked(MS, 1, MDS, false, rtt(100));
        double wMax = cc.wMaxBytes();
        double k = cc.kSeconds();
        cc.onCongestionEvent(200 * MS, 150 * MS, false, rtt(100));
        assertThat(cc.wMaxBytes()).isLessThan(wMax);
        cc.onSpuriousCongestionEvent(300 * MS);
        assertThat(cc.wMaxBytes()).isEqualTo(wMax);
        assertThat(cc.kSeconds()).isEqualTo(k);
        assertThat(cc.congestionWindow()).isGreaterThanOrEqualTo(84000);
        // Only once per event.
        long cwnd = cc.congestionWindow();
        cc.onSpuriousCongestionEvent(310 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(cwnd);
    }

    @Test
    void ecnReductionIsNeverUndone_rfc9438_4_9() {
        Cubic cc = withWindow(100);
        cc.onCongestionEvent(0, 0, true, rtt(100));
        cc.onSpuriousCongestionEvent(MS);
        assertThat(cc.congestionWindow()).isEqualTo(84000);
    }

    @Test
    void persistentCongestionRestartsFromMinimumWindow_rfc9438_4_8() {
        Cubic cc = withWindow(100);
        cc.onCongestionEvent(0, 0, false, rtt(100));
        cc.onPersistentCongestion(MS);
        assertThat(cc.congestionWindow()).isEqualTo(2400);
        assertThat(cc.inSlowStart()).isTrue();
    }
}
