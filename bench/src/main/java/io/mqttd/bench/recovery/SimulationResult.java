package io.mqttd.bench.recovery;

/**
 * What one {@link LinkSimulation} run measured.
 *
 * @param packetsSent data packets the sender sent, retransmissions and probes included
 * @param retransmittedPackets packets that carried a chunk sent before
 * @param uniqueChunksDelivered distinct chunks the receiver got
 * @param slowStartExitNanos virtual time the controller first left slow start (-1: never)
 * @param goodputAfterSlowStart unique bytes delivered after slow start / link capacity over that time
 * @param linkBusyAfterSlowStart bytes the bottleneck transmitted after slow start / its capacity
 * @param droppedAtQueue packets the drop-tail queue refused
 * @param droppedOnLink packets lost to random or burst loss
 * @param ptoProbes probe packets asked for by PTOs
 * @param finishedNanos for a finite transfer, when the last chunk arrived (-1 otherwise)
 * @param finalCwnd the congestion window at the end
 * @param smoothedRttNanos the sender's smoothed RTT at the end
 * @param spuriousLosses losses later shown spurious by an ACK of the lost packet
 * @param packetThreshold the sender's packet reordering threshold at the end
 * @param timeThresholdEighths the sender's time reordering threshold at the end, in eighths of an RTT
 */
public record SimulationResult(long packetsSent, long retransmittedPackets, long uniqueChunksDelivered,
        long slowStartExitNanos, double goodputAfterSlowStart, double linkBusyAfterSlowStart, long droppedAtQueue,
        long droppedOnLink, long ptoProbes, long finishedNanos, long finalCwnd, long smoothedRttNanos, long spuriousLosses,
        int packetThreshold, int timeThresholdEighths) {

    public double retransmissionRatio() {
        return packetsSent == 0 ? 0 : (double) retransmittedPackets / packetsSent;
    }
}
