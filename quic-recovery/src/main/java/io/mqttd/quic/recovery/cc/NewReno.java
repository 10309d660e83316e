package io.mqttd.quic.recovery.cc;

import io.mqttd.quic.recovery.RttEstimator;

/**
 * The NewReno controller of RFC 9002 §7 and Appendix B: slow start, a recovery period entered on
 * loss or ECN-CE that halves the window (kLossReductionFactor 0.5), and congestion avoidance adding
 * one max_datagram_size per window acknowledged.
 */
public final class NewReno extends WindowBasedController {
    /** Bytes acknowledged in congestion avoidance not yet turned into window (RFC 3465 §2.1). */
    private long bytesAckedInAvoidance;

    public NewReno(int maxDatagramSize) {
        super(maxDatagramSize);
    }

    /** @param hyStart exit slow start with HyStart++ (RFC 9406) */
    public NewReno(int maxDatagramSize, boolean hyStart) {
        super(maxDatagramSize, hyStart);
    }

    @Override
    protected void onCongestionAvoidanceAck(long nowNanos, int bytes, RttEstimator rtt) {
        // RFC 9002 Appendix B.5: cwnd += mds * acked / cwnd, done in integers by counting bytes
        // until a whole window was acknowledged, as RFC 3465 §2.1 suggests.
        bytesAckedInAvoidance += bytes;
        if (bytesAckedInAvoidance >= congestionWindow) {
            bytesAckedInAvoidance -= congestionWindow;
            congestionWindow += maxDatagramSize;
        }
    }

    @Override
    protected void reduceWindow(long nowNanos, boolean ecnCe) {
        // RFC 9002 Appendix B.6: ssthresh = cwnd * kLossReductionFactor; cwnd = max(ssthresh, kMinimumWindow).
        ssthresh = congestionWindow / 2;
        congestionWindow = Math.max(ssthresh, minimumWindow());
        bytesAckedInAvoidance = 0;
    }

    @Override
    public void onPersistentCongestion(long nowNanos) {
        super.onPersistentCongestion(nowNanos);
        bytesAckedInAvoidance = 0;
    }

    @Override
    public String toString() {
        return "NewReno[cwnd=" + congestionWindow + ", ssthresh=" + ssthresh + "]";
    }
}
