package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.packet.ConnectionId;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's place in a {@link QuicEndpoint}: its routes, its timer and its turn to transmit.
 * Handed to the code that created the connection so that it can ask the endpoint to act on it
 * ({@link QuicEndpoint#drive}).
 */
public final class ConnectionSlot {
    RoutedConnection connection;
    final List<ConnectionId> routed = new ArrayList<>(4);
    long deadline = Long.MAX_VALUE;
    int heapIndex = -1;
    boolean transmitQueued;
    boolean removed;

    ConnectionSlot() {
    }

    /** The connection, or null while it is being created. */
    public RoutedConnection connection() {
        return connection;
    }

    /** True once the endpoint forgot the connection (it terminated). */
    public boolean isRemoved() {
        return removed;
    }
}
