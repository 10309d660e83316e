/**
 * The QUIC connection (RFC 9000, RFC 9001 §4-5, RFC 9002 through {@code quic-recovery}) as a
 * sans-IO state machine.
 *
 * <p>Start with {@link io.mqttd.quic.connection.QuicConnection}: {@code client(...)} opens a
 * connection, {@code server(...)} is called by an endpoint on a client's first Initial. A driver
 * (a UDP event loop, or {@link io.mqttd.quic.connection.sim.SimulatedNetwork} in tests) feeds it
 * datagrams and time and takes the datagrams it produces; the application uses streams and polls
 * {@link io.mqttd.quic.connection.ConnectionEvent}s. Settings:
 * {@link io.mqttd.quic.connection.QuicClientSettings}, {@link io.mqttd.quic.connection.QuicServerSettings},
 * {@link io.mqttd.quic.connection.TransportSettings}.
 *
 * <p>Inside: {@code PacketSpaceState} holds one packet number space (keys, received packets, CRYPTO
 * streams); {@code StreamSet} the streams and flow control; {@code packet.SentPacket} what each
 * sent packet carried, for retransmission of information (RFC 9000 §13.3). The section map is in
 * spec-notes/rfc9000.qconn.md and spec-notes/rfc9001.qconn.md.
 */
package io.mqttd.quic.connection;
