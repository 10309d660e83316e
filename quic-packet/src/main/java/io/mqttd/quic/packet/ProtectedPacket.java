package io.mqttd.quic.packet;

import java.nio.ByteBuffer;

/**
 * A reusable view of one packet inside a received datagram, read before header protection is
 * removed (RFC 9000 §17, RFC 9001 §5.4).
 *
 * <p>{@link #parse} reads only the fields that are not protected: the header form, the version,
 * the connection IDs, the Initial token and the Length field. It copies nothing and allocates
 * nothing for packets of a supported version: every field is an absolute index into the datagram
 * buffer, and the view is meant to be reused for every packet the endpoint receives. The bits that
 * header protection hides (packet number length, reserved bits, key phase) and the packet number
 * itself are quic-crypto's to unmask, at {@link #packetNumberOffset()} with the sample at
 * {@link #sampleOffset()}.
 *
 * <p>Malformed input never throws: {@link #parse} returns a {@link ParseOutcome} that says why the
 * packet is to be dropped (RFC 9000 §5.2, §12.2). After a drop, only {@link #outcome()} is
 * meaningful; the index accessors return -1 for fields the packet does not have.
 *
 * <p>Not thread-safe; one view per receiving thread.
 */
public final class ProtectedPacket {
    /** RFC 9001 §5.4.2: the sample starts 4 bytes after the start of the Packet Number field. */
    public static final int SAMPLE_OFFSET_FROM_PACKET_NUMBER = 4;
    /** RFC 9001 §5.4.3, §5.4.4: AES and ChaCha20 header protection both take a 16-byte sample. */
    public static final int SAMPLE_LENGTH = 16;
    /** RFC 9000 §17.2.5, RFC 9001 §5.8: the Retry Integrity Tag is 128 bits. */
    public static final int RETRY_INTEGRITY_TAG_LENGTH = 16;

    static final int FORM_BIT = 0x80;
    static final int FIXED_BIT = 0x40;
    // First byte + Version + DCID Length + SCID Length: the shortest long header (RFC 8999 §5.1).
    private static final int MIN_LONG_HEADER = 7;

    private ByteBuffer buffer;
    private ParseOutcome outcome = ParseOutcome.DROP_TRUNCATED;
    private int offset;
    private int end;
    private int firstByte;
    private boolean longHeader;
    private int version;
    private PacketType type;
    private int dcidOffset;
    private int dcidLength;
    private int scidOffset;
    private int scidLength;
    private int tokenOffset;
    private int tokenLength;
    private int lengthFieldOffset;
    private long lengthField;
    private int packetNumberOffset;

    /**
     * Parses the packet that starts at {@code offset} of {@code datagram}; the datagram ends at its
     * limit. The buffer's position and limit are not changed, and it is not copied: the view refers
     * to it until the next call.
     *
     * @param shortHeaderDcidLength the length of this endpoint's connection IDs: a short header does
     *     not carry it (RFC 8999 §5.2, RFC 9000 §17.3.1)
     * @param greaseQuicBit true when this endpoint advertised grease_quic_bit (RFC 9287 §3), so a
     *     Fixed Bit of 0 is valid; false gives the RFC 9000 §17.2 rule that such packets are dropped
     * @throws IllegalArgumentException for a local mistake: an offset outside the buffer or a
     *     connection ID length outside 0..20
     */
    public ParseOutcome parse(ByteBuffer datagram, int offset, int shortHeaderDcidLength, boolean greaseQuicBit) {
        int limit = datagram.limit();
        if (offset < 0 || offset > limit) {
            throw new IllegalArgumentException("offset " + offset + " outside the datagram [0, " + limit + "]");
        }
        if (shortHeaderDcidLength < 0 || shortHeaderDcidLength > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID length outside 0..20: " + shortHeaderDcidLength);
        }
        clear(datagram, offset);
        if (offset == limit) {
            return outcome = ParseOutcome.DROP_TRUNCATED;
        }
        firstByte = datagram.get(offset) & 0xff;
        longHeader = (firstByte & FORM_BIT) != 0;
        outcome = longHeader
                ? parseLong(datagram, offset, limit, greaseQuicBit)
                : parseShort(offset, limit, shortHeaderDcidLength, greaseQuicBit);
        return outcome;
    }

    private void clear(ByteBuffer datagram, int at) {
        buffer = datagram;
        offset = at;
        end = -1;
        firstByte = -1;
        longHeader = false;
        version = 0;
        type = null;
        dcidOffset = -1;
        dcidLength = -1;
        scidOffset = -1;
        scidLength = -1;
        tokenOffset = -1;
        tokenLength = -1;
        lengthFieldOffset = -1;
        lengthField = -1;
        packetNumberOffset = -1;
    }

    // RFC 9000 §17.3.1: first byte, DCID of a length only the receiver knows, then the packet
    // number; the packet extends to the end of the datagram (§12.2).
    private ParseOutcome parseShort(int at, int limit, int cidLength, boolean grease) {
        if (!grease && (firstByte & FIXED_BIT) == 0) {
            return ParseOutcome.DROP_FIXED_BIT_CLEAR;
        }
        if (limit - at - 1 < cidLength) {
            return ParseOutcome.DROP_TRUNCATED;
        }
        type = PacketType.ONE_RTT;
        dcidOffset = at + 1;
        dcidLength = cidLength;
        packetNumberOffset = dcidOffset + cidLength;
        end = limit;
        return checkSample();
    }

    private ParseOutcome parseLong(ByteBuffer d, int at, int limit, boolean grease) {
        // RFC 8999 §5.1: these fields are the same in every version, with 0-255 byte CIDs.
        if (limit - at < MIN_LONG_HEADER) {
            return ParseOutcome.DROP_TRUNCATED;
        }
        version = d.getInt(at + 1);
        dcidLength = d.get(at + 5) & 0xff;
        dcidOffset = at + 6;
        if (limit - dcidOffset < dcidLength + 1) {
            return ParseOutcome.DROP_TRUNCATED;
        }
        scidLength = d.get(dcidOffset + dcidLength) & 0xff;
        scidOffset = dcidOffset + dcidLength + 1;
        if (limit - scidOffset < scidLength) {
            return ParseOutcome.DROP_TRUNCATED;
        }
        int p = scidOffset + scidLength;
        if (version == 0) {
            return parseVersionNegotiation(p, limit);
        }
        if (!QuicVersion.isSupported(version)) {
            end = limit;
            return ParseOutcome.UNSUPPORTED_VERSION;
        }
        if (!grease && (firstByte & FIXED_BIT) == 0) {
            return ParseOutcome.DROP_FIXED_BIT_CLEAR;
        }
        if (dcidLength > ConnectionId.MAX_LENGTH || scidLength > ConnectionId.MAX_LENGTH) {
            return ParseOutcome.DROP_CONNECTION_ID_TOO_LONG;
        }
        type = (version == QuicVersion.V1.value() ? QuicVersion.V1 : QuicVersion.V2)
                .longPacketType((firstByte & 0x30) >>> 4);
        if (type == PacketType.RETRY) {
            return parseRetry(p, limit);
        }
        if (type == PacketType.INITIAL) {
            long tokenLen = VarInt.readAt(d, p, limit);
            if (tokenLen < 0) {
                return ParseOutcome.DROP_TRUNCATED;
            }
            p += VarInt.lengthFromFirstByte(d.get(p) & 0xff);
            if (tokenLen > limit - p) {
                return ParseOutcome.DROP_TRUNCATED;
            }
            tokenOffset = p;
            tokenLength = (int) tokenLen;
            p += tokenLength;
        }
        long length = VarInt.readAt(d, p, limit);
        if (length < 0) {
            return ParseOutcome.DROP_TRUNCATED;
        }
        lengthFieldOffset = p;
        lengthField = length;
        packetNumberOffset = p + VarInt.lengthFromFirstByte(d.get(p) & 0xff);
        if (length > limit - packetNumberOffset) {
            return ParseOutcome.DROP_LENGTH_EXCEEDS_DATAGRAM;
        }
        end = packetNumberOffset + (int) length;
        return checkSample();
    }

    // RFC 9000 §17.2.1, RFC 8999 §6: the rest of the datagram is a list of 32-bit versions.
    private ParseOutcome parseVersionNegotiation(int p, int limit) {
        type = PacketType.VERSION_NEGOTIATION;
        int listLength = limit - p;
        if (listLength == 0 || (listLength & 3) != 0) {
            return ParseOutcome.DROP_INVALID_VERSION_LIST;
        }
        end = limit;
        return ParseOutcome.OK;
    }

    // RFC 9000 §17.2.5: the token runs up to the 16-byte tag that ends the datagram; a Retry
    // is never coalesced (§12.2).
    private ParseOutcome parseRetry(int p, int limit) {
        if (limit - p < RETRY_INTEGRITY_TAG_LENGTH) {
            return ParseOutcome.DROP_RETRY_TOO_SHORT;
        }
        tokenOffset = p;
        tokenLength = limit - RETRY_INTEGRITY_TAG_LENGTH - p;
        end = limit;
        return ParseOutcome.OK;
    }

    // RFC 9001 §5.4.2: "An endpoint MUST discard packets that are not long enough to contain a
    // complete sample."
    private ParseOutcome checkSample() {
        if (end - packetNumberOffset < SAMPLE_OFFSET_FROM_PACKET_NUMBER + SAMPLE_LENGTH) {
            return ParseOutcome.DROP_TOO_SHORT_FOR_SAMPLE;
        }
        return ParseOutcome.OK;
    }

    /** The outcome of the last {@link #parse}. */
    public ParseOutcome outcome() {
        return outcome;
    }

    /** The datagram this view refers to. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Index of the packet's first byte in the datagram. */
    public int offset() {
        return offset;
    }

    /**
     * Index just past the packet: {@code packetNumberOffset + Length} for Initial, 0-RTT and
     * Handshake packets, the datagram's limit for the others (RFC 9000 §12.2). The next coalesced
     * packet, if any, starts here.
     */
    public int end() {
        return end;
    }

    /** The packet's size in bytes, {@code end - offset}. */
    public int size() {
        return end - offset;
    }

    /** The packet as a slice of the datagram (shares the bytes; allocates the slice object). */
    public ByteBuffer slice() {
        return buffer.slice(offset, end - offset);
    }

    /** Byte 0 as received, still under header protection (its low bits are masked). */
    public int firstByte() {
        return firstByte;
    }

    public boolean isLongHeader() {
        return longHeader;
    }

    /** The Version field; 0 for a short header, which has none (use {@link #isLongHeader()}). */
    public int versionValue() {
        return version;
    }

    /** The version of a long header (shared constants for 0, v1, v2), or null for a short header. */
    public QuicVersion version() {
        return longHeader ? QuicVersion.of(version) : null;
    }

    /** The packet type, or null for an unsupported version (whose type bits mean nothing here). */
    public PacketType type() {
        return type;
    }

    public int destinationConnectionIdOffset() {
        return dcidOffset;
    }

    public int destinationConnectionIdLength() {
        return dcidLength;
    }

    public int sourceConnectionIdOffset() {
        return scidOffset;
    }

    /** The SCID length; -1 for a short header, which has no SCID. */
    public int sourceConnectionIdLength() {
        return scidLength;
    }

    /** A copy of the Destination Connection ID (0-255 bytes). */
    public ConnectionId destinationConnectionId() {
        return ConnectionId.of(buffer, dcidOffset, dcidLength);
    }

    /** A copy of the Source Connection ID (0-255 bytes); only for long headers. */
    public ConnectionId sourceConnectionId() {
        if (!longHeader) {
            throw new IllegalStateException("a short header has no Source Connection ID");
        }
        return ConnectionId.of(buffer, scidOffset, scidLength);
    }

    /** True when the DCID equals {@code cid}; compares in place, no allocation. */
    public boolean destinationConnectionIdEquals(ConnectionId cid) {
        return cid.matches(buffer, dcidOffset, dcidLength);
    }

    /** Index of the Token of an Initial packet or the Retry Token of a Retry packet; -1 otherwise. */
    public int tokenOffset() {
        return tokenOffset;
    }

    /** Length of the token (may be 0); -1 for packets without one. */
    public int tokenLength() {
        return tokenLength;
    }

    /** The token as a slice of the datagram, or null for packets without one. */
    public ByteBuffer token() {
        return tokenOffset < 0 ? null : buffer.slice(tokenOffset, tokenLength);
    }

    /** Index of the Length field of Initial, 0-RTT and Handshake packets; -1 otherwise. */
    public int lengthFieldOffset() {
        return lengthFieldOffset;
    }

    /** The Length field: bytes of Packet Number and Payload (RFC 9000 §17.2); -1 when absent. */
    public long lengthField() {
        return lengthField;
    }

    /** Index of the (protected) Packet Number field; -1 for Retry and Version Negotiation. */
    public int packetNumberOffset() {
        return packetNumberOffset;
    }

    /** Index of the header protection sample, RFC 9001 §5.4.2; -1 without a packet number. */
    public int sampleOffset() {
        return packetNumberOffset < 0 ? -1 : packetNumberOffset + SAMPLE_OFFSET_FROM_PACKET_NUMBER;
    }

    /** Bytes from the start of the packet up to the Packet Number field; -1 without one. */
    public int headerLength() {
        return packetNumberOffset < 0 ? -1 : packetNumberOffset - offset;
    }

    /** Index of the Retry Integrity Tag (the last 16 bytes); -1 for other packets. */
    public int integrityTagOffset() {
        return type == PacketType.RETRY && outcome == ParseOutcome.OK ? end - RETRY_INTEGRITY_TAG_LENGTH : -1;
    }

    /** Index of the first Supported Version of a Version Negotiation packet; -1 for other packets. */
    public int supportedVersionsOffset() {
        return type == PacketType.VERSION_NEGOTIATION && outcome == ParseOutcome.OK
                ? scidOffset + scidLength : -1;
    }

    /** The number of Supported Version fields of a Version Negotiation packet; 0 for other packets. */
    public int supportedVersionCount() {
        int from = supportedVersionsOffset();
        return from < 0 ? 0 : (end - from) / 4;
    }

    /** The i-th Supported Version of a Version Negotiation packet. */
    public int supportedVersion(int i) {
        if (i < 0 || i >= supportedVersionCount()) {
            throw new IndexOutOfBoundsException("supported version " + i + " of " + supportedVersionCount());
        }
        return buffer.getInt(supportedVersionsOffset() + 4 * i);
    }

    @Override
    public String toString() {
        if (outcome.isDrop()) {
            return "ProtectedPacket[" + outcome + " at " + offset + "]";
        }
        return "ProtectedPacket[" + (type == null ? "?" : type) + (longHeader ? " " + version() : "")
                + ", " + offset + ".." + end + ", dcid " + destinationConnectionId()
                + (longHeader ? ", scid " + sourceConnectionId() : "")
                + (tokenLength >= 0 ? ", token " + tokenLength + " B" : "")
                + (packetNumberOffset >= 0 ? ", pn at " + packetNumberOffset : "") + "]";
    }
}
