package io.mqttd.quic.connection.sim;

/**
 * What a simulated one-way link does to datagrams. All probabilities are per datagram.
 *
 * @param oneWayDelayNanos propagation delay
 * @param jitterNanos extra uniform random delay in [0, jitter); reorders datagrams when larger than
 *     their spacing
 * @param bitsPerSecond bottleneck bandwidth (0 for unlimited): datagrams are serialized one after the
 *     other, so a burst queues
 * @param queueLimitBytes drop-tail queue in front of the bottleneck (0 for unlimited)
 * @param lossRate independent random loss
 * @param burstLossEnter probability of entering the bursty "bad" state of a Gilbert-Elliott model
 *     after a datagram (0 disables it)
 * @param burstLossExit probability of leaving the bad state after a datagram; in the bad state every
 *     datagram is lost
 * @param duplicateRate probability that a datagram is delivered twice
 * @param corruptRate probability that one random bit of a datagram is flipped
 * @param reorderRate probability that a datagram is held back by {@code reorderDelayNanos}
 * @param reorderDelayNanos the hold-back of reordered datagrams
 * @param maxDatagramSize the path MTU as a UDP payload size: larger datagrams are dropped, as a
 *     router does with a don't-fragment packet above its link MTU (0 for unlimited)
 */
public record LinkConditions(long oneWayDelayNanos, long jitterNanos, long bitsPerSecond, long queueLimitBytes,
        double lossRate, double burstLossEnter, double burstLossExit, double duplicateRate, double corruptRate,
        double reorderRate, long reorderDelayNanos, int maxDatagramSize) {

    public LinkConditions {
        checkProbability(lossRate, "lossRate");
        checkProbability(burstLossEnter, "burstLossEnter");
        checkProbability(burstLossExit, "burstLossExit");
        checkProbability(duplicateRate, "duplicateRate");
        checkProbability(corruptRate, "corruptRate");
        checkProbability(reorderRate, "reorderRate");
        if (oneWayDelayNanos < 0 || jitterNanos < 0 || bitsPerSecond < 0 || queueLimitBytes < 0 || reorderDelayNanos < 0
                || maxDatagramSize < 0) {
            throw new IllegalArgumentException("negative link parameter");
        }
        if (burstLossEnter > 0 && burstLossExit == 0) {
            throw new IllegalArgumentException("a burst loss state that is never left loses everything");
        }
    }

    private static void checkProbability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
        }
    }

    /** A perfect link with the given one-way delay. */
    public static LinkConditions delay(long oneWayDelayNanos) {
        return new LinkConditions(oneWayDelayNanos, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public LinkConditions withLoss(double rate) {
        return new LinkConditions(oneWayDelayNanos, jitterNanos, bitsPerSecond, queueLimitBytes, rate, burstLossEnter,
                burstLossExit, duplicateRate, corruptRate, reorderRate, reorderDelayNanos, maxDatagramSize);
    }

    public LinkConditions withBurstLoss(double enter, double exit) {
        return new LinkConditions(oneWayDelayNanos, jitterNanos, bitsPerSecond, queueLimitBytes, lossRate, enter, exit,
                duplicateRate, corruptRate, reorderRate, reorderDelayNanos, maxDatagramSize);
    }

    public LinkConditions withBandwidth(long bitsPerSecond, long queueLimitBytes) {
        return new LinkConditions(oneWayDelayNanos, jitterNanos, bitsPerSecond, queueLimitBytes, lossRate, burstLossEnter,
                burstLossExit, duplicateRate, corruptRate, reorderRate, reorderDelayNanos, maxDatagramSize);
    }

    public LinkConditions withDuplication(double rate) {
        return new LinkConditions(oneWayDelayNanos, jitterNanos, bitsPerSecond, queueLimitBytes, lossRate, burstLossEnter,
                burstLossExit, rate, corruptRate, reorderRate, reorderDelayNanos, maxDatagramSize);
    }

    public LinkConditions withCorruption(double rate) {
        return new LinkConditions(oneWayDelayNanos, jitterNanos, bitsPerSecond, queueLimitBytes, lossRate, burstLossEnter,
                burstLossExit, duplicateRate, rate, reorderRate, reorderDelayNanos, maxDatagramSize);
    }

    public LinkConditions withReordering(double rate, long delayNanos) {
        return new LinkConditions(oneWayDelayNanos, jitterNanos, bitsPerSecond, queueLimitBytes, lossRate, burstLossEnter,
                burstLossExit, duplicateRate, corruptRate, rate, delayNanos, maxDatagramSize);
    }

    public LinkConditions withJitter(long nanos) {
        return new LinkConditions(oneWayDelayNanos, nanos, bitsPerSecond, queueLimitBytes, lossRate, burstLossEnter,
                burstLossExit, duplicateRate, corruptRate, reorderRate, reorderDelayNanos, maxDatagramSize);
    }

    /** Drops datagrams larger than {@code bytes} of UDP payload: a path MTU (0 for unlimited). */
    public LinkConditions withMaxDatagramSize(int bytes) {
        return new LinkConditions(oneWayDelayNanos, jitterNanos, bitsPerSecond, queueLimitBytes, lossRate, burstLossEnter,
                burstLossExit, duplicateRate, corruptRate, reorderRate, reorderDelayNanos, bytes);
    }
}
