package io.mqttd.quic.connection.endpoint;

/**
 * Creates the server-side connection for a client Initial that a {@link QuicEndpoint} accepted.
 * Connection IDs the new connection issues must be routed through {@link QuicEndpoint#routes()} and
 * drawn from {@link QuicEndpoint#connectionIdGenerator()}, with reset tokens from
 * {@link QuicEndpoint#statelessResetTokens()}, so that the endpoint can route them and reset them
 * after a restart.
 */
@FunctionalInterface
public interface ConnectionAcceptor {

    /**
     * Called on the endpoint's thread, before the Initial is handed to the connection. Returns the
     * connection, or null to refuse it (the Initial is then dropped).
     *
     * @param slot the connection's place in the endpoint, for later {@link QuicEndpoint#drive} calls
     */
    RoutedConnection accept(IncomingConnection incoming, ConnectionSlot slot, long nowNanos);
}
