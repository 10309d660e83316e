package io.mqttd.quic.connection.udp;

/**
 * Counters of a {@link UdpEventLoop}.
 *
 * @param datagramsReceived datagrams read from the socket
 * @param bytesReceived their payload bytes
 * @param datagramsSent datagrams written to the socket
 * @param bytesSent their payload bytes
 * @param sendBlocked times the socket's send buffer was full and the loop waited for it
 * @param wakeups selector wake-ups (loop iterations)
 */
public record UdpStats(long datagramsReceived, long bytesReceived, long datagramsSent, long bytesSent,
        long sendBlocked, long wakeups) {
}
