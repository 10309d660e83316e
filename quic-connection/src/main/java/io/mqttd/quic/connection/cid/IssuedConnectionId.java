package io.mqttd.quic.connection.cid;

import io.mqttd.quic.packet.ConnectionId;

/**
 * A connection ID with its sequence number and stateless reset token, as carried by a
 * NEW_CONNECTION_ID frame (RFC 9000 §19.15). The token is null for sequence 0 of a client, whose
 * first connection ID has none (§10.3: only servers send stateless_reset_token for seq 0).
 */
public record IssuedConnectionId(long sequenceNumber, ConnectionId connectionId, byte[] statelessResetToken) {
}
