package io.mqttd.quic.packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Version Negotiation packet, RFC 9000 §17.2.1 and RFC 8999 §6: version 0, the two connection
 * IDs (0-255 bytes each, whatever the version that triggered it), then the versions the server
 * supports. Not protected, not acknowledged, never coalesced.
 *
 * <p>Parsing is faithful: the list is returned as received. Whether it lists the client's own
 * version (then the client discards it, RFC 9000 §6.2) is the caller's check, {@link #lists}.
 */
public record VersionNegotiationPacket(ConnectionId destination, ConnectionId source, List<QuicVersion> supportedVersions) {
    public VersionNegotiationPacket {
        if (supportedVersions.isEmpty()) {
            throw new IllegalArgumentException("RFC 8999 §6: a Version Negotiation packet lists at least one version");
        }
        supportedVersions = List.copyOf(supportedVersions);
    }

    /**
     * The Version Negotiation packet that {@code view} holds (after {@link ProtectedPacket#parse}
     * returned OK for one); copies the connection IDs and versions.
     *
     * @throws IllegalArgumentException when the view is not a parsed Version Negotiation packet
     */
    public static VersionNegotiationPacket from(ProtectedPacket view) {
        if (view.outcome() != ParseOutcome.OK || view.type() != PacketType.VERSION_NEGOTIATION) {
            throw new IllegalArgumentException("not a parsed Version Negotiation packet: " + view);
        }
        int count = view.supportedVersionCount();
        List<QuicVersion> versions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            versions.add(QuicVersion.of(view.supportedVersion(i)));
        }
        return new VersionNegotiationPacket(view.destinationConnectionId(), view.sourceConnectionId(), versions);
    }

    /**
     * The server's answer to a long-header packet of an unsupported version (RFC 9000 §6.1,
     * §17.2.1): its DCID is the client's SCID and its SCID the client's DCID, and the list is
     * {@code supported} plus one random reserved version (§6.3), so that clients keep ignoring
     * versions they do not know.
     *
     * @param clientPacket a view whose outcome was UNSUPPORTED_VERSION (or any parsed long header)
     */
    public static VersionNegotiationPacket respondingTo(ProtectedPacket clientPacket, List<QuicVersion> supported,
            RandomGenerator random) {
        if (!clientPacket.isLongHeader() || clientPacket.outcome().isDrop()) {
            throw new IllegalArgumentException("RFC 8999 §6: only a long header triggers version negotiation");
        }
        List<QuicVersion> versions = new ArrayList<>(supported.size() + 1);
        versions.addAll(supported);
        versions.add(QuicVersion.randomReserved(random));
        return new VersionNegotiationPacket(clientPacket.sourceConnectionId(),
                clientPacket.destinationConnectionId(), versions);
    }

    /** True when the list holds {@code version}; RFC 9000 §6.2: a client discards such a packet for its own version. */
    public boolean lists(QuicVersion version) {
        return supportedVersions.contains(version);
    }

    /** The size on the wire. */
    public int encodedLength() {
        return 7 + destination.length() + source.length() + 4 * supportedVersions.size();
    }

    /**
     * Writes the packet at the buffer's position. The seven Unused bits are random (RFC 8999 §6),
     * except 0x40, which §17.2.1 says SHOULD be set so the packet looks like QUIC to a demultiplexer
     * (RFC 7983).
     */
    public void writeTo(ByteBuffer buf, RandomGenerator random) {
        buf.put((byte) (ProtectedPacket.FORM_BIT | ProtectedPacket.FIXED_BIT | (random.nextInt() & 0x3f)));
        buf.putInt(0);
        buf.put((byte) destination.length());
        destination.writeTo(buf);
        buf.put((byte) source.length());
        source.writeTo(buf);
        for (QuicVersion v : supportedVersions) {
            buf.putInt(v.value());
        }
    }
}
