package io.mqttd.quic.recovery.cc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.recovery.RttEstimator;
import org.junit.jupiter.api.Test;

/** RFC 9406 HyStart++ inside {@link WindowBasedController}. */
class HyStartPlusPlusTest {
    static final long MS = 1_000_000L;
    static final int MDS = 1200;

    static RttEstimator latest(long rttMs) {
        RttEstimator r = new RttEstimator();
        r.onSample(0, rttMs * MS, 0, false, 0);
        return r;
    }

    /** One round: ten ACK frames of one packet each, all sent after the previous round began. */
    static void round(WindowBasedController cc, int round, long rttMs) {
        long now = round * 100 * MS;
        RttEstimator rtt = latest(rttMs);
        for (int i = 0; i < 10; i++) {
            cc.onPacketAcked(now + i, now - 50 * MS, MDS, false, rtt);
            cc.onAckProcessed(now + i, 0, 0, rtt);
        }
    }

    @Test
    void entersConservativeSlowStartWhenRoundMinRttGrows_rfc9406_4_2() {
        NewReno cc = new NewReno(MDS, true);
        for (int r = 1; r <= 3; r++) {
            round(cc, r, 100);
        }
        assertThat(cc.hyStart().inConservativeSlowStart()).isFalse();
        long before = cc.congestionWindow();
        // 100 ms + max(4, min(100/8, 16)) ms = 112.5 ms: 120 ms is an increase.
        round(cc, 4, 120);
        assertThat(cc.hyStart().inConservativeSlowStart()).isTrue();
        // Eight samples at full slow start growth, then two at a quarter (CSS_GROWTH_DIVISOR).
        assertThat(cc.congestionWindow() - before).isEqualTo(8 * MDS + 2 * (MDS / 4));
        assertThat(cc.inSlowStart()).isTrue();
    }

    @Test
    void leavesSlowStartAfterFiveConservativeRounds_rfc9406_4_2() {
        NewReno cc = new NewReno(MDS, true);
        int r = 1;
        for (; r <= 3; r++) {
            round(cc, r, 100);
        }
        round(cc, r++, 120);
        for (int css = 0; css < HyStartPlusPlus.CSS_ROUNDS - 1; css++) {
            round(cc, r++, 120);
            assertThat(cc.inSlowStart()).isTrue();
        }
        round(cc, r, 120);
        assertThat(cc.inSlowStart()).isFalse();
        assertThat(cc.slowStartThreshold()).isEqualTo(cc.congestionWindow());
    }

    @Test
    void returnsToSlowStartWhenRttIncreaseWasSpurious_rfc9406_4_2() {
        NewReno cc = new NewReno(MDS, true);
        int r = 1;
        for (; r <= 3; r++) {
            round(cc, r, 100);
        }
        round(cc, r++, 120);
        assertThat(cc.hyStart().inConservativeSlowStart()).isTrue();
        round(cc, r, 105);
        assertThat(cc.hyStart().inConservativeSlowStart()).isFalse();
        assertThat(cc.inSlowStart()).isTrue();
    }

    @Test
    void smallRttGrowthBelowThresholdKeepsSlowStart_rfc9406_4_2() {
        NewReno cc = new NewReno(MDS, true);
        for (int r = 1; r <= 3; r++) {
            round(cc, r, 100);
        }
        round(cc, 4, 112);
        assertThat(cc.hyStart().inConservativeSlowStart()).isFalse();
    }

    @Test
    void offByDefaultLikeRfc9002() {
        assertThat(new NewReno(MDS).hyStart()).isNull();
        assertThat(new Cubic(MDS).hyStart()).isNull();
        assertThat(new Cubic(MDS, true, true).hyStart()).isNotNull();
    }
}
