package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.connection.sim.DatagramEndpoint;

/**
 * What a {@link QuicEndpoint} needs of a connection it routes datagrams to: the sans-IO
 * {@link DatagramEndpoint} contract, and whether the connection is gone for good, so the endpoint
 * can forget it and its connection IDs (RFC 9000 §10: after the closing or draining period).
 */
public interface RoutedConnection extends DatagramEndpoint {

    /** True once the connection has ended and will neither send nor accept anything again. */
    boolean isTerminated();
}
