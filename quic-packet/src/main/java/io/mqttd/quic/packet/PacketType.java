package io.mqttd.quic.packet;

/**
 * The kinds of QUIC packet, RFC 9000 §17. The long-header type bits differ between QUIC v1 and v2
 * (RFC 9369 §3.2); the wire mapping lives with the header codec, this enum is version-neutral.
 */
public enum PacketType {
    INITIAL(PacketNumberSpace.INITIAL),
    ZERO_RTT(PacketNumberSpace.APPLICATION_DATA),
    HANDSHAKE(PacketNumberSpace.HANDSHAKE),
    RETRY(null),
    /** Short header, RFC 9000 §17.3.1. */
    ONE_RTT(PacketNumberSpace.APPLICATION_DATA),
    /** RFC 9000 §17.2.1: version 0, no packet number. */
    VERSION_NEGOTIATION(null);

    private final PacketNumberSpace space;

    PacketType(PacketNumberSpace space) {
        this.space = space;
    }

    /** The packet number space, or null for Retry and Version Negotiation, which have no packet number. */
    public PacketNumberSpace space() {
        return space;
    }

    public boolean hasLongHeader() {
        return this != ONE_RTT;
    }
}
