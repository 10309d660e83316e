/**
 * QUIC packets without crypto and without frames: variable-length integers (RFC 9000 §16),
 * connection IDs and versions (RFC 8999, RFC 9000 §15, RFC 9369 §3.1), packet number encoding
 * (RFC 9000 §17.1, Appendix A), long and short headers for v1 and v2 (§17.2, §17.3, RFC 9369 §3.2),
 * Retry and Version Negotiation packets (§17.2.1, §17.2.5), and coalesced datagrams (§12.2).
 *
 * <p>Receiving: {@link io.mqttd.quic.packet.CoalescedPackets} walks a datagram and fills a reused
 * {@link io.mqttd.quic.packet.ProtectedPacket} view with the offsets of each packet's fields, before
 * header protection is removed; malformed bytes give a {@link io.mqttd.quic.packet.ParseOutcome}
 * that says why the packet is dropped, never an exception. Sending:
 * {@link io.mqttd.quic.packet.LongHeader} and {@link io.mqttd.quic.packet.ShortHeader} write a
 * header and return the {@link io.mqttd.quic.packet.PacketLayout} that packet protection works on.
 * Start with {@code spec-notes/rfc9000.packet.md}.
 */
package io.mqttd.quic.packet;
