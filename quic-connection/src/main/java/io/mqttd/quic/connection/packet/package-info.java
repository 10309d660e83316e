/**
 * What the connection remembers about each packet it sent (RFC 9000 §13.3): {@link
 * io.mqttd.quic.connection.packet.SentPacket} holds one {@link io.mqttd.quic.connection.packet.SentFrame}
 * per frame that may need its information sent again, handed back by loss recovery when the packet
 * is acknowledged, lost or discarded.
 */
package io.mqttd.quic.connection.packet;
