package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * DATAGRAM, RFC 9221 §4: unreliable application data; type 0x31 carries a Length field, 0x30 runs
 * to the end of the packet. The data is a region of a buffer, not a copy. Zero-length datagrams are
 * allowed (§4).
 *
 * <p>Whether DATAGRAM frames were advertised (max_datagram_frame_size &gt; 0) and whether this one
 * fits the advertised size are connection state; RFC 9221 §3 makes both PROTOCOL_VIOLATION, and the
 * connection checks them with {@link #encodedSize()}.
 */
public final class DatagramFrame implements Frame {
    private final ByteBuffer source;
    private final int dataOffset;
    private final int dataLength;
    private final boolean explicitLength;

    private DatagramFrame(ByteBuffer source, int dataOffset, int dataLength, boolean explicitLength) {
        this.source = source;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
        this.explicitLength = explicitLength;
    }

    /** A DATAGRAM frame with a Length field carrying {@code data}'s remaining bytes (not copied). */
    public static DatagramFrame of(ByteBuffer data) {
        return new DatagramFrame(data, data.position(), data.remaining(), true);
    }

    static DatagramFrame decoded(ByteBuffer source, int dataOffset, int dataLength, boolean explicitLength) {
        return new DatagramFrame(source, dataOffset, dataLength, explicitLength);
    }

    /** The same frame as type 0x30 (no Length field), for the last frame of a packet. */
    public DatagramFrame withoutLength() {
        return explicitLength ? new DatagramFrame(source, dataOffset, dataLength, false) : this;
    }

    /** The same frame as type 0x31 (with a Length field). */
    public DatagramFrame withLength() {
        return explicitLength ? this : new DatagramFrame(source, dataOffset, dataLength, true);
    }

    /**
     * The most datagram bytes a DATAGRAM frame can carry in {@code room} bytes, or -1 when not even
     * an empty frame fits. With {@code room} = the peer's max_datagram_frame_size this is the
     * largest datagram it accepts (RFC 9221 §3).
     */
    public static int maxDataLength(int room, boolean explicitLength) {
        if (!explicitLength) {
            return room >= 1 ? room - 1 : -1;
        }
        return LengthField.maxDataFitting(room - 1);
    }

    @Override
    public long type() {
        return explicitLength ? FrameType.DATAGRAM_WITH_LENGTH : FrameType.DATAGRAM;
    }

    public int length() {
        return dataLength;
    }

    public boolean hasExplicitLength() {
        return explicitLength;
    }

    /** A read-only view of the data (a new view object each call; the bytes are not copied). */
    public ByteBuffer data() {
        return ByteRegion.slice(source, dataOffset, dataLength);
    }

    /** Copies the data into {@code dst} at its position, advancing it. */
    public void copyDataTo(ByteBuffer dst) {
        ByteRegion.copyTo(source, dataOffset, dataLength, dst);
    }

    /** RFC 9221 §3: the size compared with max_datagram_frame_size includes type and length. */
    @Override
    public int encodedSize() {
        return 1 + (explicitLength ? VarInt.encodedLength(dataLength) : 0) + dataLength;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) type());
        if (explicitLength) {
            VarInt.write(buf, dataLength);
        }
        ByteRegion.copyTo(source, dataOffset, dataLength, buf);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.datagram(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatagramFrame other && explicitLength == other.explicitLength
                && dataLength == other.dataLength
                && ByteRegion.equal(source, dataOffset, other.source, other.dataOffset, dataLength);
    }

    @Override
    public int hashCode() {
        return (explicitLength ? 1 : 0) * 31 + ByteRegion.hash(source, dataOffset, dataLength);
    }

    @Override
    public String toString() {
        return "DatagramFrame[length=" + dataLength + (explicitLength ? "" : ", no LEN") + ", data="
                + ByteRegion.preview(source, dataOffset, dataLength) + ']';
    }
}
