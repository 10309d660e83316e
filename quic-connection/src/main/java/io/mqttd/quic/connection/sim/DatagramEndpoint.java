package io.mqttd.quic.connection.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The sans-IO contract between a protocol state machine and whatever moves its datagrams (see
 * ARCHITECTURE.md, "Sans-IO at the core"): the driver hands in datagrams and the time, and asks for
 * datagrams to send and for the next moment it must call back. A UDP event loop and the
 * {@link SimulatedNetwork} are two such drivers, so the same code runs on a socket and in a
 * deterministic simulation.
 */
public interface DatagramEndpoint {

    /** A datagram arrived from {@code from}; {@code datagram} is only valid during the call. */
    void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram);

    /**
     * Writes the next datagram to send into {@code out} (from its position, at most its remaining
     * bytes) and returns its destination, or returns null when there is nothing to send now.
     */
    InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out);

    /** When {@link #handleTimeout} must be called next, or {@link Long#MAX_VALUE} for never. */
    long nextTimeoutNanos();

    void handleTimeout(long nowNanos);
}
