package io.mqttd.quic.recovery;

import io.mqttd.quic.packet.PacketNumberSpace;

/**
 * What the loss detection timer asks of the connection when it fires (RFC 9002 Appendix A.9).
 *
 * @param kind what happened
 * @param space the packet number space concerned, or null for {@link Kind#NONE}
 * @param probes for {@link Kind#PROBE}: how many ack-eliciting probe packets to send in
 *     {@code space} (RFC 9002 §6.2.4); they bypass the congestion window and the pacer (§7.5)
 */
public record TimeoutAction(Kind kind, PacketNumberSpace space, int probes) {

    /** The outcome of a timer expiry. */
    public enum Kind {
        /** The timer was not due (or not set): nothing to do. */
        NONE,
        /** Time-threshold loss detection declared packets lost; the listener has been told. */
        PACKETS_LOST,
        /**
         * PTO (RFC 9002 §6.2): send {@code probes} ack-eliciting packets in {@code space}, new data
         * if possible, else retransmitted data, else a PING. For the client's anti-deadlock probe
         * (§6.2.2.1) in the Initial space, the datagram must be padded to at least 1200 bytes.
         */
        PROBE
    }

    static final TimeoutAction NOTHING = new TimeoutAction(Kind.NONE, null, 0);
}
