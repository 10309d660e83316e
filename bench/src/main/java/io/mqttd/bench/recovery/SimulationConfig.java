package io.mqttd.bench.recovery;

import io.mqttd.quic.recovery.cc.CongestionController;
import io.mqttd.quic.recovery.cc.Cubic;
import io.mqttd.quic.recovery.cc.NewReno;

/**
 * One run of {@link LinkSimulation}: a single bottleneck between a sender with (by default)
 * infinite data and a receiver.
 *
 * @param algorithm the sender's congestion controller
 * @param bandwidthBitsPerSecond the bottleneck's rate, applied to whole packets (no IP/UDP overhead)
 * @param oneWayDelayNanos propagation delay each way; the base RTT is twice this
 * @param queuePackets drop-tail queue in front of the bottleneck, in packets
 * @param randomLoss probability that a data packet is lost on the link, independently
 * @param burstLossStart probability per packet that a loss burst starts
 * @param burstLength packets dropped in a row by a burst
 * @param reorderProbability probability that a data packet takes {@code reorderDelayNanos} longer
 * @param ackLoss probability that an ACK-only packet on the return path is lost
 * @param durationNanos virtual time simulated
 * @param totalChunks packets' worth of data to transfer, or -1 for an infinite source
 * @param seed seeds the one RNG
 */
public record SimulationConfig(Algorithm algorithm, long bandwidthBitsPerSecond, long oneWayDelayNanos,
        int queuePackets, double randomLoss, double burstLossStart, int burstLength, double reorderProbability,
        long reorderDelayNanos, double ackLoss, long durationNanos, long totalChunks, long seed) {

    /** The congestion controllers under test. */
    public enum Algorithm {
        NEW_RENO,
        CUBIC,
        /** CUBIC leaving slow start with HyStart++ (RFC 9406). */
        CUBIC_HYSTART;

        CongestionController create(int maxDatagramSize) {
            return switch (this) {
                case NEW_RENO -> new NewReno(maxDatagramSize);
                case CUBIC -> new Cubic(maxDatagramSize);
                case CUBIC_HYSTART -> new Cubic(maxDatagramSize, true, true);
            };
        }
    }

    /** Packet size on the wire (and the sender's max_datagram_size). */
    public static final int PACKET_SIZE = 1200;

    /**
     * A clean path of the given rate and round-trip time with a one-BDP drop-tail queue and an
     * infinite source.
     */
    public static SimulationConfig path(Algorithm algorithm, long bitsPerSecond, long rttNanos, double randomLoss,
            long durationNanos, long seed) {
        long bdpBytes = bitsPerSecond / 8 * rttNanos / 1_000_000_000L;
        int queue = (int) Math.max(8, bdpBytes / PACKET_SIZE);
        return new SimulationConfig(algorithm, bitsPerSecond, rttNanos / 2, queue, randomLoss, 0, 0, 0, 0, 0,
                durationNanos, -1, seed);
    }

    public SimulationConfig withBurstLoss(double start, int length) {
        return new SimulationConfig(algorithm, bandwidthBitsPerSecond, oneWayDelayNanos, queuePackets, randomLoss,
                start, length, reorderProbability, reorderDelayNanos, ackLoss, durationNanos, totalChunks, seed);
    }

    public SimulationConfig withReordering(double probability, long extraDelayNanos) {
        return new SimulationConfig(algorithm, bandwidthBitsPerSecond, oneWayDelayNanos, queuePackets, randomLoss,
                burstLossStart, burstLength, probability, extraDelayNanos, ackLoss, durationNanos, totalChunks, seed);
    }

    public SimulationConfig withAckLoss(double probability) {
        return new SimulationConfig(algorithm, bandwidthBitsPerSecond, oneWayDelayNanos, queuePackets, randomLoss,
                burstLossStart, burstLength, reorderProbability, reorderDelayNanos, probability, durationNanos,
                totalChunks, seed);
    }

    public SimulationConfig withTotalChunks(long chunks) {
        return new SimulationConfig(algorithm, bandwidthBitsPerSecond, oneWayDelayNanos, queuePackets, randomLoss,
                burstLossStart, burstLength, reorderProbability, reorderDelayNanos, ackLoss, durationNanos, chunks,
                seed);
    }
}
