package io.mqttd.quic.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Retry packet, RFC 9000 §17.2.5: a long header with a Retry Token and a 16-byte Retry Integrity
 * Tag, no packet number, no protection other than the tag.
 *
 * <p>The tag itself is quic-crypto's (AES-128-GCM over the Retry pseudo-packet with the version's
 * fixed key, RFC 9001 §5.8, RFC 9369 §3.3.3); this class only lays out the bytes it is computed
 * over: {@link #pseudoPacket(ConnectionId)} on the sending side, and
 * {@link #pseudoPacket(ConnectionId, ProtectedPacket)} over the bytes actually received, which
 * covers the four Unused bits whatever the server put there.
 *
 * @param version v1 or v2 (RFC 9369 §4.1: a Retry uses the client's original version)
 * @param destination the client's Source Connection ID
 * @param source the connection ID the server chose; must differ from the client's original DCID
 * @param token the address validation token (§8.1); a client discards a Retry with an empty one
 */
public record RetryPacket(QuicVersion version, ConnectionId destination, ConnectionId source, byte[] token) {
    public RetryPacket {
        if (!version.isSupported()) {
            throw new IllegalArgumentException("cannot build a Retry of version " + version);
        }
        token = token.clone();
    }

    /**
     * The Retry that {@code view} holds (after {@link ProtectedPacket#parse} returned OK for a
     * RETRY); copies the connection IDs and the token.
     *
     * @throws IllegalArgumentException when the view is not a parsed Retry packet
     */
    public static RetryPacket from(ProtectedPacket view) {
        requireRetry(view);
        byte[] token = new byte[view.tokenLength()];
        view.buffer().get(view.tokenOffset(), token);
        return new RetryPacket(view.version(), view.destinationConnectionId(), view.sourceConnectionId(), token);
    }

    /** A copy of the Retry Integrity Tag of a parsed Retry packet. */
    public static byte[] integrityTag(ProtectedPacket view) {
        requireRetry(view);
        byte[] tag = new byte[ProtectedPacket.RETRY_INTEGRITY_TAG_LENGTH];
        view.buffer().get(view.integrityTagOffset(), tag);
        return tag;
    }

    /**
     * RFC 9001 §5.8: the Retry pseudo-packet of a received Retry, the associated data the client
     * checks the tag against: ODCID Length, the DCID of the client's first Initial, then the
     * received Retry without its tag, byte for byte.
     */
    public static byte[] pseudoPacket(ConnectionId originalDestination, ProtectedPacket view) {
        requireRetry(view);
        int retryLength = view.integrityTagOffset() - view.offset();
        byte[] out = new byte[1 + originalDestination.length() + retryLength];
        out[0] = (byte) originalDestination.length();
        System.arraycopy(originalDestination.toByteArray(), 0, out, 1, originalDestination.length());
        view.buffer().get(view.offset(), out, 1 + originalDestination.length(), retryLength);
        return out;
    }

    /**
     * RFC 9001 §5.8: the pseudo-packet of this Retry as {@link #writeTo} sends it, for the server to
     * compute the tag over.
     */
    public byte[] pseudoPacket(ConnectionId originalDestination) {
        ByteBuffer buf = ByteBuffer.allocate(1 + originalDestination.length() + lengthWithoutTag());
        buf.put((byte) originalDestination.length());
        originalDestination.writeTo(buf);
        writeWithoutTag(buf);
        return buf.array();
    }

    /** The size on the wire, tag included. */
    public int encodedLength() {
        return lengthWithoutTag() + ProtectedPacket.RETRY_INTEGRITY_TAG_LENGTH;
    }

    /**
     * Writes the Retry with {@code integrityTag} at the buffer's position. The Unused bits are sent
     * as 0: §17.2.5 leaves them to the server, and a fixed value keeps {@link #pseudoPacket(ConnectionId)}
     * equal to what goes on the wire.
     */
    public void writeTo(ByteBuffer buf, byte[] integrityTag) {
        if (integrityTag.length != ProtectedPacket.RETRY_INTEGRITY_TAG_LENGTH) {
            throw new IllegalArgumentException("the Retry Integrity Tag has 16 bytes, not " + integrityTag.length);
        }
        writeWithoutTag(buf);
        buf.put(integrityTag);
    }

    private void writeWithoutTag(ByteBuffer buf) {
        LongHeader.checkConnectionId(destination);
        LongHeader.checkConnectionId(source);
        buf.put((byte) (ProtectedPacket.FORM_BIT | ProtectedPacket.FIXED_BIT
                | version.longPacketTypeBits(PacketType.RETRY) << 4));
        buf.putInt(version.value());
        buf.put((byte) destination.length());
        destination.writeTo(buf);
        buf.put((byte) source.length());
        source.writeTo(buf);
        buf.put(token);
    }

    private int lengthWithoutTag() {
        return 7 + destination.length() + source.length() + token.length;
    }

    private static void requireRetry(ProtectedPacket view) {
        if (view.outcome() != ParseOutcome.OK || view.type() != PacketType.RETRY) {
            throw new IllegalArgumentException("not a parsed Retry packet: " + view);
        }
    }

    /** A copy of the token. */
    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPacket r && version.equals(r.version) && destination.equals(r.destination)
                && source.equals(r.source) && Arrays.equals(token, r.token);
    }

    @Override
    public int hashCode() {
        return ((version.hashCode() * 31 + destination.hashCode()) * 31 + source.hashCode()) * 31
                + Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        return "RetryPacket[" + version + ", dcid " + destination + ", scid " + source + ", token "
                + HexFormat.of().formatHex(token) + "]";
    }
}
