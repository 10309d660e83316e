package io.mqttd.quic.packet;

import java.nio.ByteBuffer;

/**
 * Where a header that {@link LongHeader#write} or {@link ShortHeader#write} put into a buffer left
 * the fields that packet protection needs (RFC 9001 §5.3, §5.4): the AEAD's associated data is
 * {@code [packetStart, payloadOffset())}, the nonce takes the full packet number, header protection
 * masks {@code packetNumberLength} bytes at {@code packetNumberOffset} using the sample at
 * {@link #sampleOffset()}.
 *
 * @param packetStart index of byte 0
 * @param lengthOffset index of the 2-byte Length field of a long header, -1 for a short header
 * @param packetNumberOffset index of the Packet Number field
 * @param packetNumberLength 1 to 4
 */
public record PacketLayout(int packetStart, int lengthOffset, int packetNumberOffset, int packetNumberLength) {
    /** The reserved Length field is a 2-byte varint, so a long-header packet carries at most this many bytes after it. */
    public static final int MAX_LENGTH_FIELD_VALUE = 0x3fff;

    /** Index of the first payload byte: just past the Packet Number field. */
    public int payloadOffset() {
        return packetNumberOffset + packetNumberLength;
    }

    /** RFC 9001 §5.4.2: index of the header protection sample. */
    public int sampleOffset() {
        return packetNumberOffset + ProtectedPacket.SAMPLE_OFFSET_FROM_PACKET_NUMBER;
    }

    /**
     * RFC 9001 §5.4.2: the packet (AEAD tag included) must reach at least this index so that a
     * sample can be taken; the sender pads the payload up to it.
     */
    public int minimumPacketEnd() {
        return sampleOffset() + ProtectedPacket.SAMPLE_LENGTH;
    }

    /** Bytes of header up to the Packet Number field. */
    public int headerLength() {
        return packetNumberOffset - packetStart;
    }

    /**
     * Fills the reserved Length field once the packet is complete: the Length counts the Packet
     * Number and the protected Payload, AEAD tag included (RFC 9000 §17.2), so {@code packetEnd} is
     * the index just past the tag. The buffer's position is not changed.
     *
     * @throws IllegalStateException for a short header, which has no Length field
     * @throws IllegalArgumentException when the packet is longer than the 2-byte field can say
     */
    public void writeLength(ByteBuffer buf, int packetEnd) {
        if (lengthOffset < 0) {
            throw new IllegalStateException("a short header has no Length field");
        }
        int length = packetEnd - packetNumberOffset;
        if (length < packetNumberLength || length > MAX_LENGTH_FIELD_VALUE) {
            throw new IllegalArgumentException("Length " + length + " outside " + packetNumberLength + ".." + MAX_LENGTH_FIELD_VALUE);
        }
        VarInt.write(buf, lengthOffset, length, 2);
    }
}
