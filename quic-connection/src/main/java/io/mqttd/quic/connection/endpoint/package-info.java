/**
 * The QUIC endpoint (RFC 9000 §5.2, §6, §8.1, §10.3, §14.1): what stands between one UDP socket and
 * the connections behind it. {@link io.mqttd.quic.connection.endpoint.QuicEndpoint} routes each
 * datagram by its Destination Connection ID, creates server connections from client Initials, answers
 * what no connection claims (Version Negotiation, Retry, Stateless Reset) without keeping state, and
 * keeps every connection's timer. It is sans-IO like the connections: the UDP loop
 * ({@code connection.udp}) or the simulated network ({@code connection.sim}) drives it.
 */
package io.mqttd.quic.connection.endpoint;
