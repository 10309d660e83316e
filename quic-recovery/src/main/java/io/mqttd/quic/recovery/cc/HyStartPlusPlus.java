package io.mqttd.quic.recovery.cc;

/**
 * HyStart++ (RFC 9406): leaves slow start when the round-trip time starts to grow, before the
 * bottleneck queue overflows, through a Conservative Slow Start (CSS) phase that backs out if the
 * RTT increase was spurious.
 *
 * <p>Rounds are delimited by send time rather than packet number (RFC 9406 §4.2 uses the largest
 * packet number sent at the start of the round): a round ends when a packet sent after it began is
 * acknowledged, the same idea RFC 9002 uses for its recovery period. One RTT sample is taken per
 * ACK frame. The burst limit L of §4.3 is infinite, as RFC 9406 allows for paced senders.
 */
public final class HyStartPlusPlus {
    /** RFC 9406 §4.3: MIN_RTT_THRESH, MAX_RTT_THRESH, MIN_RTT_DIVISOR, N_RTT_SAMPLE, CSS_GROWTH_DIVISOR, CSS_ROUNDS. */
    static final long MIN_RTT_THRESH_NANOS = 4_000_000L;
    static final long MAX_RTT_THRESH_NANOS = 16_000_000L;
    static final int MIN_RTT_DIVISOR = 8;
    static final int N_RTT_SAMPLE = 8;
    static final int CSS_GROWTH_DIVISOR = 4;
    static final int CSS_ROUNDS = 5;

    /** What an ACK frame did to the slow start phase. */
    enum Outcome {
        CONTINUE,
        /** Conservative slow start is over: the caller sets ssthresh = cwnd (RFC 9406 §4.2). */
        EXIT_SLOW_START
    }

    private long roundStartNanos = Long.MIN_VALUE;
    private long largestAckedSentTime = Long.MIN_VALUE;
    private long lastRoundMinRtt = Long.MAX_VALUE;
    private long currentRoundMinRtt = Long.MAX_VALUE;
    private int rttSampleCount;
    private boolean inCss;
    private long cssBaselineMinRtt = Long.MAX_VALUE;
    private int cssRounds;

    /** Whether the sender is in Conservative Slow Start. */
    public boolean inConservativeSlowStart() {
        return inCss;
    }

    /** Window growth for {@code bytes} acknowledged in slow start: a quarter of it in CSS (§4.2). */
    long slowStartIncrease(int bytes) {
        return inCss ? bytes / CSS_GROWTH_DIVISOR : bytes;
    }

    /** Notes the send time of a packet acknowledged in slow start. */
    void onPacketAcked(long sentTimeNanos) {
        largestAckedSentTime = Math.max(largestAckedSentTime, sentTimeNanos);
    }

    /** Processes one ACK frame's RTT sample in slow start (RFC 9406 §4.2). */
    Outcome onAckProcessed(long nowNanos, long latestRttNanos) {
        if (largestAckedSentTime > roundStartNanos) {
            // A packet of the new round was acknowledged: start the next round.
            roundStartNanos = nowNanos;
            lastRoundMinRtt = currentRoundMinRtt;
            currentRoundMinRtt = Long.MAX_VALUE;
            rttSampleCount = 0;
            if (inCss && ++cssRounds >= CSS_ROUNDS) {
                reset();
                return Outcome.EXIT_SLOW_START;
            }
        }
        if (latestRttNanos <= 0) {
            return Outcome.CONTINUE;
        }
        currentRoundMinRtt = Math.min(currentRoundMinRtt, latestRttNanos);
        rttSampleCount++;
        if (rttSampleCount < N_RTT_SAMPLE || currentRoundMinRtt == Long.MAX_VALUE) {
            return Outcome.CONTINUE;
        }
        if (!inCss) {
            if (lastRoundMinRtt != Long.MAX_VALUE) {
                long thresh = Math.max(MIN_RTT_THRESH_NANOS,
                        Math.min(lastRoundMinRtt / MIN_RTT_DIVISOR, MAX_RTT_THRESH_NANOS));
                if (currentRoundMinRtt >= lastRoundMinRtt + thresh) {
                    inCss = true;
                    cssBaselineMinRtt = currentRoundMinRtt;
                    cssRounds = 0;
                }
            }
        } else if (currentRoundMinRtt < cssBaselineMinRtt) {
            // The RTT increase was spurious: back to standard slow start.
            inCss = false;
            cssBaselineMinRtt = Long.MAX_VALUE;
        }
        return Outcome.CONTINUE;
    }

    /** A congestion event ends slow start on its own (RFC 9406 §4.2); forget the phase. */
    void reset() {
        inCss = false;
        cssBaselineMinRtt = Long.MAX_VALUE;
        cssRounds = 0;
        lastRoundMinRtt = Long.MAX_VALUE;
        currentRoundMinRtt = Long.MAX_VALUE;
        rttSampleCount = 0;
    }
}
