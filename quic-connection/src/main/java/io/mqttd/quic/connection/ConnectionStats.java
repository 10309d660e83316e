package io.mqttd.quic.connection;

/**
 * A snapshot of a connection's counters (for logs, tests and qlog summaries).
 *
 * @param smoothedRttNanos RFC 9002 §5.3 smoothed_rtt
 * @param minRttNanos RFC 9002 §5.2 min_rtt (0 before the first sample)
 * @param congestionWindow bytes the congestion controller allows in flight (RFC 9002 §7)
 * @param bytesInFlight bytes of in-flight packets not yet acknowledged or lost
 * @param bytesSent UDP payload bytes sent
 * @param bytesReceived UDP payload bytes received
 * @param packetsSent QUIC packets sent
 * @param packetsReceived QUIC packets received and authenticated
 * @param packetsLost packets declared lost (RFC 9002 §6.1)
 * @param streamsOpen streams currently tracked, of either initiator
 * @param keyUpdates 1-RTT key generations since the handshake (RFC 9001 §6)
 * @param maxDatagramSize the current maximum datagram size, the PLPMTU of path MTU discovery
 *     (RFC 9000 §14.2-14.3): 1200 until probes prove the path carries more
 * @param pmtuProbesSent PMTU probes sent (RFC 9000 §14.4)
 * @param pmtuBlackHoles times the maximum datagram size fell back to 1200 (RFC 8899 §4.3)
 */
public record ConnectionStats(long smoothedRttNanos, long minRttNanos, long congestionWindow, long bytesInFlight,
        long bytesSent, long bytesReceived, long packetsSent, long packetsReceived, long packetsLost,
        int streamsOpen, long keyUpdates, int maxDatagramSize, long pmtuProbesSent, long pmtuBlackHoles) {
}
