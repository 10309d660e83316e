package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.packet.ConnectionId;
import java.net.InetSocketAddress;

/**
 * A client's first Initial packet that the endpoint accepted (RFC 9000 §7.2, §14.1, §8.1): the
 * parameters a server connection is created with.
 *
 * @param client the address the datagram came from
 * @param version the QUIC version of the Initial (supported, checked)
 * @param initialDestination the Destination Connection ID of this Initial; the endpoint keeps it
 *     routed to the new connection because the client repeats it until it learns the server's ID
 * @param originalDestination the DCID of the client's very first Initial: from a validated Retry
 *     token, else {@code initialDestination} (§7.3, original_destination_connection_id)
 * @param retrySource the Source Connection ID of the Retry the client answered, or null (§7.3)
 * @param clientSource the client's Source Connection ID
 * @param addressValidated true when a valid Retry or NEW_TOKEN token proved the address (§8.1.2,
 *     §8.1.3), which lifts the anti-amplification limit
 */
public record IncomingConnection(InetSocketAddress client, int version, ConnectionId initialDestination,
        ConnectionId originalDestination, ConnectionId retrySource, ConnectionId clientSource,
        boolean addressValidated) {
}
