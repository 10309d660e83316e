package io.mqttd.quic.recovery.cc;

import io.mqttd.quic.recovery.RttEstimator;

/**
 * CUBIC, RFC 9438, on the slow start, recovery period and persistent congestion of RFC 9002 §7.
 *
 * <p>In congestion avoidance the window follows W_cubic(t) = C*(t-K)^3 + W_max (RFC 9438 §4.2),
 * growing towards the target W_cubic(t+RTT) clamped to [cwnd, 1.5*cwnd], unless the Reno-friendly
 * estimate W_est (§4.3) is larger. On a congestion event, W_max remembers the window (lowered by
 * fast convergence, §4.7) and the window is multiplied by beta = 0.7 (§4.6).
 *
 * <p>Windows are kept in bytes; the RFC's segment formulas are scaled by max_datagram_size. A
 * congestion event whose losses all prove spurious is undone (§4.9.2). Not implemented (optional):
 * shifting t_epoch over application-limited periods. HyStart++ (RFC 9406) is available as an
 * option ({@link HyStartPlusPlus}).
 */
public final class Cubic extends WindowBasedController {
    /** RFC 9438 §4.1.1: C = 0.4 (segments per second cubed); §5.1 explains the choice. */
    public static final double C = 0.4;
    /** RFC 9438 §4.1.1 and §4.6: beta_cubic = 0.7, the multiplicative decrease factor. */
    public static final double BETA = 0.7;
    /** RFC 9438 §4.3: alpha_cubic = 3 * (1 - beta) / (1 + beta), Reno's average rate at beta 0.7. */
    static final double ALPHA = 3.0 * (1.0 - BETA) / (1.0 + BETA);

    private static final long NO_EPOCH = Long.MIN_VALUE;

    private final boolean fastConvergence;
    /** W_max in bytes: the window just before the last reduction (§4.2). */
    private double wMax;
    /** cwnd_prior in bytes (§4.6), for the switch of alpha to 1 (§4.3). */
    private double cwndPrior;
    /** W_est in bytes (§4.3). */
    private double wEst;
    /** K in seconds (§4.2, eq. 2). */
    private double k;
    /** t_epoch: start of the current congestion avoidance stage, or NO_EPOCH. */
    private long epochStartNanos = NO_EPOCH;
    /** Fractional window growth not yet added to the integer window. */
    private double carry;
    private double savedWMax;
    private double savedCwndPrior;
    private double savedWEst;
    private double savedK;
    private long savedEpochStart;

    public Cubic(int maxDatagramSize) {
        this(maxDatagramSize, true, false);
    }

    /**
     * @param fastConvergence RFC 9438 §4.7 (SHOULD be on)
     * @param hyStart exit slow start with HyStart++ (RFC 9406, which RFC 9438 §4.10 suggests)
     */
    public Cubic(int maxDatagramSize, boolean fastConvergence, boolean hyStart) {
        super(maxDatagramSize, hyStart);
        this.fastConvergence = fastConvergence;
    }

    /** W_cubic(t) in bytes, t in seconds since t_epoch (RFC 9438 §4.2, eq. 1). */
    double wCubic(double tSeconds) {
        double d = tSeconds - k;
        return C * d * d * d * maxDatagramSize + wMax;
    }

    @Override
    protected void onCongestionAvoidanceAck(long nowNanos, int bytes, RttEstimator rtt) {
        double cwnd = congestionWindow;
        if (epochStartNanos == NO_EPOCH) {
            // RFC 9438 §4.2: a new congestion avoidance stage; cwnd_epoch is the current window.
            epochStartNanos = nowNanos;
            wEst = cwnd;
            if (wMax <= cwnd) {
                // Entered avoidance above the last maximum (e.g. after slow start without loss):
                // the curve starts at its plateau.
                wMax = cwnd;
                k = 0;
            } else {
                k = Math.cbrt((wMax - cwnd) / maxDatagramSize / C);
            }
        }
        double t = (nowNanos - epochStartNanos) / 1e9;
        double rttSeconds = rtt.smoothedRttNanos() / 1e9;

        // RFC 9438 §4.3: the Reno-friendly estimate grows by alpha segments per window acknowledged;
        // alpha becomes 1 once W_est reached the window before the last reduction.
        double alpha = wEst >= cwndPrior ? 1.0 : ALPHA;
        wEst += alpha * maxDatagramSize * bytes / cwnd;

        double increase;
        if (wCubic(t) < wEst) {
            // Reno-friendly region: "cwnd SHOULD be set to W_est".
            increase = wEst - cwnd;
        } else {
            // RFC 9438 §4.2 (concave and convex regions): target = W_cubic(t + RTT), clamped.
            double target = Math.min(Math.max(wCubic(t + rttSeconds), cwnd), 1.5 * cwnd);
            increase = (target - cwnd) * bytes / cwnd;
        }
        if (increase > 0) {
            carry += increase;
            long whole = (long) carry;
            congestionWindow += whole;
            carry -= whole;
        }
    }

    @Override
    protected void reduceWindow(long nowNanos, boolean ecnCe) {
        double cwnd = congestionWindow;
        cwndPrior = cwnd;
        // RFC 9438 §4.7: a flow whose maximum keeps falling releases bandwidth for newer flows.
        if (fastConvergence && cwnd < wMax) {
            wMax = cwnd * (1.0 + BETA) / 2.0;
        } else {
            wMax = cwnd;
        }
        // RFC 9438 §4.6: ssthresh = cwnd * beta_cubic, at least the minimum window (RFC 9002 §7.2).
        ssthresh = Math.max((long) (cwnd * BETA), minimumWindow());
        congestionWindow = ssthresh;
        epochStartNanos = NO_EPOCH;
        carry = 0;
    }

    @Override
    protected void saveStateForUndo() {
        savedWMax = wMax;
        savedCwndPrior = cwndPrior;
        savedWEst = wEst;
        savedK = k;
        savedEpochStart = epochStartNanos;
    }

    @Override
    protected void restoreStateForUndo() {
        // RFC 9438 §4.9.2: the cubic curve continues as if the spurious event had not happened.
        wMax = savedWMax;
        cwndPrior = savedCwndPrior;
        wEst = savedWEst;
        k = savedK;
        epochStartNanos = savedEpochStart;
    }

    @Override
    public void onPersistentCongestion(long nowNanos) {
        super.onPersistentCongestion(nowNanos);
        // RFC 9438 §4.8: after a timeout the window restarts from slow start; the cubic curve is
        // recomputed when congestion avoidance resumes.
        epochStartNanos = NO_EPOCH;
        carry = 0;
    }

    /** W_max in bytes, for tests and qlog. */
    public double wMaxBytes() {
        return wMax;
    }

    /** K in seconds of the current epoch (§4.2). */
    public double kSeconds() {
        return k;
    }

    /** W_est in bytes (§4.3). */
    public double renoEstimateBytes() {
        return wEst;
    }

    @Override
    public String toString() {
        return "Cubic[cwnd=" + congestionWindow + ", ssthresh=" + ssthresh + ", wMax=" + (long) wMax + "]";
    }
}
