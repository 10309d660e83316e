package io.mqttd.quic.packet;

import java.nio.ByteBuffer;

/**
 * Writes the long headers of Initial, 0-RTT and Handshake packets, RFC 9000 §17.2.2-§17.2.4, for
 * QUIC v1 and v2 (whose Long Packet Type bits differ, RFC 9369 §3.2). Reading is
 * {@link ProtectedPacket}'s job; Retry and Version Negotiation have their own writers
 * ({@link RetryPacket}, {@link VersionNegotiationPacket}).
 *
 * <p>The header is written unprotected: reserved bits 0 (§17.2), the packet number in clear.
 * quic-crypto then seals the payload and applies header protection at the offsets returned.
 */
public final class LongHeader {
    /** §17.2: reserved bits of Initial, 0-RTT and Handshake, protected; must be 0 after removing protection. */
    public static final int RESERVED_BITS = 0x0c;

    private LongHeader() {
    }

    /**
     * The reserved bits of an unprotected first byte. Non-zero is a PROTOCOL_VIOLATION only once
     * the packet has also been authenticated (§17.2, RFC 9001 §9.5), so the connection checks it
     * after AEAD, not here.
     */
    public static int reservedBits(int unprotectedFirstByte) {
        return unprotectedFirstByte & RESERVED_BITS;
    }

    /**
     * Writes a long header at the buffer's position and advances past the Packet Number field. The
     * Length field is reserved as a 2-byte varint (RFC 9000 §16 allows the non-minimal form) and
     * filled by {@link PacketLayout#writeLength} once the payload is known.
     *
     * @param type INITIAL, ZERO_RTT or HANDSHAKE
     * @param version v1 or v2
     * @param token the Initial token (§17.2.2, empty or null for none); must be null for the others
     * @param packetNumber the full packet number; its {@code packetNumberLength} low bytes are sent
     * @param packetNumberLength 1-4, from {@link PacketNumberEncoding#encodedLength}
     * @throws IllegalArgumentException for arguments no valid packet has (local mistakes)
     * @throws java.nio.BufferOverflowException when the buffer has no room for the header
     */
    public static PacketLayout write(ByteBuffer buf, PacketType type, QuicVersion version, ConnectionId dcid,
            ConnectionId scid, byte[] token, long packetNumber, int packetNumberLength) {
        checkArguments(type, version, dcid, scid, token, packetNumber, packetNumberLength);
        int start = buf.position();
        buf.put((byte) (ProtectedPacket.FORM_BIT | ProtectedPacket.FIXED_BIT
                | version.longPacketTypeBits(type) << 4 | (packetNumberLength - 1)));
        buf.putInt(version.value());
        buf.put((byte) dcid.length());
        dcid.writeTo(buf);
        buf.put((byte) scid.length());
        scid.writeTo(buf);
        if (type == PacketType.INITIAL) {
            int tokenLength = token == null ? 0 : token.length;
            VarInt.write(buf, tokenLength);
            if (tokenLength > 0) {
                buf.put(token);
            }
        }
        int lengthOffset = buf.position();
        // Placeholder 0 in the 2-byte form; writeLength overwrites it.
        VarInt.write(buf, 0, 2);
        int pnOffset = buf.position();
        PacketNumberEncoding.write(buf, pnOffset, packetNumber, packetNumberLength);
        buf.position(pnOffset + packetNumberLength);
        return new PacketLayout(start, lengthOffset, pnOffset, packetNumberLength);
    }

    // Kept out of write() so that write() stays small enough to be inlined and its PacketLayout
    // scalar-replaced on the send path.
    private static void checkArguments(PacketType type, QuicVersion version, ConnectionId dcid, ConnectionId scid,
            byte[] token, long packetNumber, int packetNumberLength) {
        if (type != PacketType.INITIAL && type != PacketType.ZERO_RTT && type != PacketType.HANDSHAKE) {
            throw new IllegalArgumentException("not a long header with a packet number: " + type);
        }
        if (!version.isSupported()) {
            throw new IllegalArgumentException("cannot write packets of version " + version);
        }
        if (token != null && token.length > 0 && type != PacketType.INITIAL) {
            throw new IllegalArgumentException("only Initial packets carry a token");
        }
        checkConnectionId(dcid);
        checkConnectionId(scid);
        checkPacketNumber(packetNumber, packetNumberLength);
    }

    static void checkConnectionId(ConnectionId cid) {
        // RFC 9000 §17.2: in v1 (and v2) a connection ID has at most 20 bytes.
        if (cid.length() > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID longer than 20 bytes: " + cid.length());
        }
    }

    static void checkPacketNumber(long packetNumber, int packetNumberLength) {
        if (packetNumber < 0 || packetNumber > PacketNumberEncoding.MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("packet number out of range: " + packetNumber);
        }
        if (packetNumberLength < 1 || packetNumberLength > 4) {
            throw new IllegalArgumentException("packet number length must be 1 to 4: " + packetNumberLength);
        }
    }
}
