package io.mqttd.quic.connection.endpoint;

/**
 * Counters of a {@link QuicEndpoint}: what it did with datagrams no connection took care of.
 *
 * @param connections connections currently routed
 * @param accepted connections created from client Initials
 * @param versionNegotiationSent Version Negotiation packets sent (RFC 9000 §6.1)
 * @param retriesSent Retry packets sent (§8.1.2)
 * @param statelessResetsSent Stateless Resets sent (§10.3)
 * @param dropped datagrams discarded without an answer
 */
public record EndpointStats(int connections, long accepted, long versionNegotiationSent, long retriesSent,
        long statelessResetsSent, long dropped) {
}
