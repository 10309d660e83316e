package io.mqttd.quic.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9002 §5 for {@link RttEstimator}. */
class RttEstimatorTest {
    static final long MS = 1_000_000L;

    @Test
    void startsFromInitialRtt_rfc9002_6_2_2() {
        RttEstimator rtt = new RttEstimator();
        assertThat(rtt.smoothedRttNanos()).isEqualTo(333 * MS);
        assertThat(rtt.rttvarNanos()).isEqualTo(333 * MS / 2);
        // PTO of the handshake: about one second.
        assertThat(rtt.ptoPeriodNanos(0)).isEqualTo(999 * MS);
    }

    @Test
    void minRttIgnoresAckDelay_rfc9002_5_2() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(0, 100 * MS, 0, true, 25 * MS);
        rtt.onSample(0, 90 * MS, 20 * MS, true, 25 * MS);
        assertThat(rtt.minRttNanos()).isEqualTo(90 * MS);
    }

    @Test
    void capsAckDelayByMaxAckDelayOnceConfirmed_rfc9002_5_3() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(0, 100 * MS, 0, true, 25 * MS);
        rtt.onSample(0, 200 * MS, 80 * MS, true, 25 * MS);
        // adjusted = 200 - min(80, 25) = 175
        assertThat(rtt.smoothedRttNanos()).isEqualTo((7 * 100 * MS + 175 * MS) / 8);
        assertThat(rtt.rttvarNanos()).isEqualTo((3 * 50 * MS + 75 * MS) / 4);
    }

    @Test
    void usesFullAckDelayBeforeConfirmation_rfc9002_5_3() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(0, 100 * MS, 0, false, 25 * MS);
        rtt.onSample(0, 200 * MS, 80 * MS, false, 25 * MS);
        assertThat(rtt.smoothedRttNanos()).isEqualTo((7 * 100 * MS + 120 * MS) / 8);
    }

    @Test
    void neverSubtractsAckDelayBelowMinRtt_rfc9002_5_3() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(0, 100 * MS, 0, true, 25 * MS);
        rtt.onSample(0, 110 * MS, 20 * MS, true, 25 * MS);
        // 110 - 20 = 90 < min_rtt 100: the sample is used unadjusted.
        assertThat(rtt.smoothedRttNanos()).isEqualTo((7 * 100 * MS + 110 * MS) / 8);
    }

    @Test
    void persistentCongestionRestartsMinRtt_rfc9002_5_2() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(0, 50 * MS, 0, true, 0);
        rtt.onSample(0, 300 * MS, 0, true, 0);
        rtt.onPersistentCongestion();
        assertThat(rtt.minRttNanos()).isEqualTo(300 * MS);
    }

    @Test
    void lossDelayIsNineEighthsOfLargerRtt_rfc9002_6_1_2() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(0, 80 * MS, 0, true, 0);
        rtt.onSample(0, 160 * MS, 0, true, 0);
        // smoothed = 90, latest = 160 -> 9/8 * 160 = 180
        assertThat(rtt.lossDelayNanos()).isEqualTo(180 * MS);
    }
}
