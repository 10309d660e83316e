package io.mqttd.quic.recovery.cc;

import io.mqttd.quic.recovery.RttEstimator;

/**
 * What the loss-based controllers of this package share (RFC 9002 §7.2-§7.3, Appendix B): the
 * initial and minimum window, slow start, the recovery period keyed on send time, and persistent
 * congestion. Subclasses decide congestion avoidance growth and the multiplicative decrease.
 */
public abstract class WindowBasedController implements CongestionController {
    /** Sentinel of congestion_recovery_start_time meaning "no recovery period yet" (0 in Appendix B.3). */
    protected static final long NO_RECOVERY = Long.MIN_VALUE;

    protected int maxDatagramSize;
    protected long congestionWindow;
    protected long ssthresh = Long.MAX_VALUE;
    protected long recoveryStartTime = NO_RECOVERY;
    /** State before the last reduction, for {@link #onSpuriousCongestionEvent} (RFC 9438 §4.9). */
    private long priorCwnd;
    private long priorSsthresh;
    private long priorRecoveryStart;
    private boolean undoable;
    /** RFC 9406 slow start exit, or null for RFC 9002's plain slow start. */
    private final HyStartPlusPlus hyStart;

    protected WindowBasedController(int maxDatagramSize) {
        this(maxDatagramSize, false);
    }

    /** @param hyStart leave slow start with HyStart++ (RFC 9406) instead of waiting for a loss */
    protected WindowBasedController(int maxDatagramSize, boolean hyStart) {
        this.hyStart = hyStart ? new HyStartPlusPlus() : null;
        if (maxDatagramSize < 1200) {
            // RFC 9000 §14: QUIC needs at least 1200-byte datagrams.
            throw new IllegalArgumentException("max datagram size below 1200: " + maxDatagramSize);
        }
        this.maxDatagramSize = maxDatagramSize;
        this.congestionWindow = initialWindow(maxDatagramSize);
    }

    /** RFC 9002 §7.2: min(10 * max_datagram_size, max(14720, 2 * max_datagram_size)). */
    public static long initialWindow(int maxDatagramSize) {
        return Math.min(10L * maxDatagramSize, Math.max(14720L, 2L * maxDatagramSize));
    }

    @Override
    public long congestionWindow() {
        return congestionWindow;
    }

    @Override
    public long slowStartThreshold() {
        return ssthresh;
    }

    @Override
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    @Override
    public void setMaxDatagramSize(int newSize) {
        if (newSize < 1200) {
            throw new IllegalArgumentException("max datagram size below 1200: " + newSize);
        }
        int old = maxDatagramSize;
        maxDatagramSize = newSize;
        boolean untouched = recoveryStartTime == NO_RECOVERY && ssthresh == Long.MAX_VALUE
                && congestionWindow == initialWindow(old);
        if (untouched) {
            // RFC 9002 §7.2: the initial window is recalculated with the new size.
            congestionWindow = initialWindow(newSize);
        } else if (newSize < old) {
            // A smaller size (e.g. to complete the handshake) must not leave a larger window than
            // the new initial one.
            congestionWindow = Math.min(congestionWindow, initialWindow(newSize));
        }
        congestionWindow = Math.max(congestionWindow, minimumWindow());
    }

    @Override
    public void onPacketSent(long nowNanos, int bytes, long bytesInFlight) {
    }

    @Override
    public boolean inRecovery(long sentTimeNanos) {
        // RFC 9002 Appendix B.5 InCongestionRecovery: sent_time <= congestion_recovery_start_time.
        return recoveryStartTime != NO_RECOVERY && sentTimeNanos <= recoveryStartTime;
    }

    @Override
    public final void onPacketAcked(long nowNanos, long sentTimeNanos, int bytes, boolean appLimited,
            RttEstimator rtt) {
        // RFC 9002 §7.8: an underused window is not evidence that a larger one would work.
        if (appLimited) {
            return;
        }
        // RFC 9002 §7.3.2: no growth for packets sent before the recovery period started.
        if (inRecovery(sentTimeNanos)) {
            return;
        }
        if (congestionWindow < ssthresh) {
            // RFC 9002 §7.3.1: slow start grows by the bytes acknowledged (RFC 9406 §4.2: a
            // quarter of that in conservative slow start).
            if (hyStart == null) {
                congestionWindow += bytes;
            } else {
                congestionWindow += hyStart.slowStartIncrease(bytes);
                hyStart.onPacketAcked(sentTimeNanos);
            }
            return;
        }
        onCongestionAvoidanceAck(nowNanos, bytes, rtt);
    }

    @Override
    public void onAckProcessed(long nowNanos, long deliveredBytes, long bytesInFlight, RttEstimator rtt) {
        if (hyStart != null && congestionWindow < ssthresh
                && hyStart.onAckProcessed(nowNanos, rtt.latestRttNanos()) == HyStartPlusPlus.Outcome.EXIT_SLOW_START) {
            // RFC 9406 §4.2: after CSS_ROUNDS of conservative slow start, congestion avoidance.
            ssthresh = congestionWindow;
        }
    }

    /** The HyStart++ state, or null when it is off. */
    public HyStartPlusPlus hyStart() {
        return hyStart;
    }

    /** RFC 9002 §7.3.3 / RFC 9438 §4.2-§4.5: growth in congestion avoidance. */
    protected abstract void onCongestionAvoidanceAck(long nowNanos, int bytes, RttEstimator rtt);

    @Override
    public final boolean onCongestionEvent(long nowNanos, long sentTimeNanos, boolean ecnCe, RttEstimator rtt) {
        // RFC 9002 §7.3.2: one reduction per recovery period.
        if (inRecovery(sentTimeNanos)) {
            return false;
        }
        priorCwnd = congestionWindow;
        priorSsthresh = ssthresh;
        priorRecoveryStart = recoveryStartTime;
        // A CE mark is never spurious: only loss-triggered reductions can be undone.
        undoable = !ecnCe;
        saveStateForUndo();
        recoveryStartTime = nowNanos;
        if (hyStart != null) {
            hyStart.reset();
        }
        reduceWindow(nowNanos, ecnCe);
        congestionWindow = Math.max(congestionWindow, minimumWindow());
        return true;
    }

    /** Sets ssthresh and the reduced window on entering recovery (RFC 9002 Appendix B.6). */
    protected abstract void reduceWindow(long nowNanos, boolean ecnCe);

    /** Saves controller-specific state before a reduction, for {@link #restoreStateForUndo()}. */
    protected void saveStateForUndo() {
    }

    /** Restores what {@link #saveStateForUndo()} saved (RFC 9438 §4.9.2). */
    protected void restoreStateForUndo() {
    }

    @Override
    public void onSpuriousCongestionEvent(long nowNanos) {
        if (!undoable) {
            return;
        }
        undoable = false;
        // RFC 9438 §4.9.2: back to the window and threshold from before the reduction, and out of
        // the recovery period it started.
        congestionWindow = Math.max(congestionWindow, priorCwnd);
        ssthresh = priorSsthresh;
        recoveryStartTime = priorRecoveryStart;
        restoreStateForUndo();
    }

    @Override
    public void onPersistentCongestion(long nowNanos) {
        // RFC 9002 Appendix B.8: back to the minimum window, and out of the recovery period so the
        // next acknowledgments grow the window again (slow start up to ssthresh).
        congestionWindow = minimumWindow();
        recoveryStartTime = NO_RECOVERY;
        undoable = false;
    }
}
