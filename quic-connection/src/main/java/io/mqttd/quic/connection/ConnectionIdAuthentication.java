package io.mqttd.quic.connection;

import io.mqttd.quic.frame.TransportParameters;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.TransportError;
import java.util.Objects;

/**
 * RFC 9000 §7.3, "Authenticating Connection IDs": the connection IDs of the handshake's first
 * packets are repeated in the transport parameters, which TLS authenticates, so that an attacker
 * cannot have changed them on the way. Each endpoint checks the peer's
 * initial_source_connection_id against the Source Connection ID of the peer's first packet; the
 * client also checks original_destination_connection_id against the Destination Connection ID of
 * its first Initial, and retry_source_connection_id against the Retry it processed (absent when
 * there was none). Any mismatch or absence is TRANSPORT_PARAMETER_ERROR.
 *
 * @param peerInitialSource the Source Connection ID of the first packet received from the peer
 * @param originalDestination the client's first Destination Connection ID (checked by clients only)
 * @param retrySource the Source Connection ID of the Retry the client processed, or null
 */
record ConnectionIdAuthentication(ConnectionId peerInitialSource, ConnectionId originalDestination,
        ConnectionId retrySource) {

    /** @throws TransportError TRANSPORT_PARAMETER_ERROR naming the parameter that does not match */
    void check(TransportParameters peer, boolean localIsServer) {
        if (!Objects.equals(peer.initialSourceConnectionId(), peerInitialSource)) {
            throw TransportError.transportParameter("initial_source_connection_id " + peer.initialSourceConnectionId()
                    + " does not match the Source Connection ID " + peerInitialSource + " (RFC 9000 §7.3)");
        }
        if (localIsServer) {
            return;
        }
        if (!Objects.equals(peer.originalDestinationConnectionId(), originalDestination)) {
            throw TransportError.transportParameter("original_destination_connection_id "
                    + peer.originalDestinationConnectionId() + " is not " + originalDestination + " (RFC 9000 §7.3)");
        }
        if (!Objects.equals(peer.retrySourceConnectionId(), retrySource)) {
            throw TransportError.transportParameter("retry_source_connection_id " + peer.retrySourceConnectionId()
                    + (retrySource != null ? " does not match the Retry's " + retrySource : " without a Retry")
                    + " (RFC 9000 §7.3)");
        }
    }
}
