package io.mqttd.quic.recovery;

/**
 * The round-trip time estimator of RFC 9002 §5: latest_rtt, min_rtt, smoothed_rtt and rttvar of
 * one network path. All values are in nanoseconds.
 *
 * <p>Before the first sample smoothed_rtt is the initial RTT and rttvar half of it (§5.3, §6.2.2);
 * the first sample resets the estimator to that sample.
 */
public final class RttEstimator {
    /** RFC 9002 §6.2.2: the initial RTT when nothing better is known. */
    public static final long DEFAULT_INITIAL_RTT_NANOS = 333_000_000L;
    /** RFC 9002 §6.1.2: kGranularity, the timer granularity. */
    public static final long GRANULARITY_NANOS = 1_000_000L;

    private long latestRtt;
    private long minRtt;
    private long smoothedRtt;
    private long rttvar;
    private boolean hasSample;
    private long firstSampleTimeNanos;

    public RttEstimator(long initialRttNanos) {
        if (initialRttNanos <= 0) {
            throw new IllegalArgumentException("initial RTT must be positive: " + initialRttNanos);
        }
        reset(initialRttNanos);
    }

    public RttEstimator() {
        this(DEFAULT_INITIAL_RTT_NANOS);
    }

    /** RFC 9002 §5.3: (re)initialises from an initial RTT, e.g. on a new path (RFC 9000 §9.4). */
    public void reset(long initialRttNanos) {
        latestRtt = 0;
        minRtt = 0;
        smoothedRtt = initialRttNanos;
        rttvar = initialRttNanos / 2;
        hasSample = false;
        firstSampleTimeNanos = 0;
    }

    /**
     * Takes one RTT sample (RFC 9002 §5.1, Appendix A.7 UpdateRtt).
     *
     * @param latestRttNanos ack_time - send_time_of_largest_acked
     * @param ackDelayNanos the peer-reported delay, already decoded (0 to ignore it, e.g. for Initial)
     * @param handshakeConfirmed once true, the ack delay is capped by {@code maxAckDelayNanos} (§5.3)
     */
    public void onSample(long nowNanos, long latestRttNanos, long ackDelayNanos, boolean handshakeConfirmed,
            long maxAckDelayNanos) {
        // A clock that steps backwards must not poison the estimator; the granularity is the floor.
        long sample = Math.max(latestRttNanos, 1);
        latestRtt = sample;
        if (!hasSample) {
            minRtt = sample;
            smoothedRtt = sample;
            rttvar = sample / 2;
            hasSample = true;
            firstSampleTimeNanos = nowNanos;
            return;
        }
        // §5.2: min_rtt uses only locally observed times, never the peer's ack delay.
        minRtt = Math.min(minRtt, sample);
        long ackDelay = Math.max(ackDelayNanos, 0);
        if (handshakeConfirmed) {
            ackDelay = Math.min(ackDelay, maxAckDelayNanos);
        }
        long adjusted = sample;
        // §5.3: never subtract the ack delay below min_rtt (a misreporting peer cannot shrink srtt).
        if (sample - minRtt >= ackDelay) {
            adjusted = sample - ackDelay;
        }
        rttvar = (3 * rttvar + Math.abs(smoothedRtt - adjusted)) / 4;
        smoothedRtt = (7 * smoothedRtt + adjusted) / 8;
    }

    /** RFC 9002 §5.2: after persistent congestion min_rtt restarts from the newest sample. */
    public void onPersistentCongestion() {
        if (hasSample) {
            minRtt = latestRtt;
        }
    }

    /**
     * The PTO period without backoff, RFC 9002 §6.2.1:
     * smoothed_rtt + max(4*rttvar, kGranularity) + max_ack_delay.
     */
    public long ptoPeriodNanos(long maxAckDelayNanos) {
        return smoothedRtt + Math.max(4 * rttvar, GRANULARITY_NANOS) + maxAckDelayNanos;
    }

    /** RFC 9002 §6.1.2: max(kTimeThreshold * max(smoothed_rtt, latest_rtt), kGranularity), 9/8. */
    public long lossDelayNanos() {
        return lossDelayNanos(9);
    }

    /** The time threshold with kTimeThreshold = {@code eighths}/8 (RFC 9002 §6.1.2 allows adapting it). */
    public long lossDelayNanos(int eighths) {
        long base = Math.max(smoothedRtt, latestRtt);
        return Math.max((base >> 3) * eighths + ((base & 7) * eighths >> 3), GRANULARITY_NANOS);
    }

    public long latestRttNanos() {
        return latestRtt;
    }

    /** The minimum RTT; 0 before the first sample. */
    public long minRttNanos() {
        return minRtt;
    }

    public long smoothedRttNanos() {
        return smoothedRtt;
    }

    public long rttvarNanos() {
        return rttvar;
    }

    public boolean hasSample() {
        return hasSample;
    }

    /** first_rtt_sample of RFC 9002 Appendix A.3; meaningful only when {@link #hasSample()}. */
    public long firstSampleTimeNanos() {
        return firstSampleTimeNanos;
    }

    @Override
    public String toString() {
        return "RttEstimator[latest=" + latestRtt + ", min=" + minRtt + ", smoothed=" + smoothedRtt
                + ", rttvar=" + rttvar + "]";
    }
}
