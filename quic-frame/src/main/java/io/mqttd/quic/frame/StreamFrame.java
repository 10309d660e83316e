package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * STREAM, RFC 9000 §19.8, all eight types 0x08-0x0f. The type's low bits are derived from the
 * value: OFF (0x04) when the offset is non-zero, LEN (0x02) when {@link #hasExplicitLength()},
 * FIN (0x01) when {@link #fin()}. A frame without LEN runs to the end of the packet, so only the
 * last frame of a packet may omit it ({@link #withoutLength()}). A received frame that set OFF with
 * an Offset of 0 is the same value as one without OFF, so its {@link #type()} reports OFF clear.
 *
 * <p>The data is not copied: the frame refers to a region of a buffer (the decrypted packet, or
 * the application's send buffer). Whoever owns that buffer must not reuse it while the frame is in
 * use; a receiver that keeps data beyond the packet's lifetime copies it out of {@link #data()}.
 */
public final class StreamFrame implements Frame {
    private final long streamId;
    private final long offset;
    private final ByteBuffer source;
    private final int dataOffset;
    private final int dataLength;
    private final boolean fin;
    private final boolean explicitLength;

    private StreamFrame(long streamId, long offset, ByteBuffer source, int dataOffset, int dataLength,
            boolean fin, boolean explicitLength) {
        this.streamId = streamId;
        this.offset = offset;
        this.source = source;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
        this.fin = fin;
        this.explicitLength = explicitLength;
    }

    /**
     * A STREAM frame with a Length field carrying {@code data}'s remaining bytes (not copied; the
     * buffer's position is not used after this call).
     */
    public static StreamFrame of(long streamId, long offset, ByteBuffer data, boolean fin) {
        FieldChecks.varInt(streamId, "Stream ID");
        FieldChecks.varInt(offset, "Offset");
        if (offset + data.remaining() > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("offset + length exceeds 2^62-1 (§19.8)");
        }
        return new StreamFrame(streamId, offset, data, data.position(), data.remaining(), fin, true);
    }

    /** A STREAM frame over a copy-free region the decoder has already checked. */
    static StreamFrame decoded(long streamId, long offset, ByteBuffer source, int dataOffset, int dataLength,
            boolean fin, boolean explicitLength) {
        return new StreamFrame(streamId, offset, source, dataOffset, dataLength, fin, explicitLength);
    }

    /** The same frame without a Length field, for the last frame of a packet (§19.8, LEN bit). */
    public StreamFrame withoutLength() {
        return explicitLength ? new StreamFrame(streamId, offset, source, dataOffset, dataLength, fin, false) : this;
    }

    /** The same frame with a Length field. */
    public StreamFrame withLength() {
        return explicitLength ? this : new StreamFrame(streamId, offset, source, dataOffset, dataLength, fin, true);
    }

    /**
     * Bytes of a STREAM frame header (type, Stream ID, Offset if non-zero, Length if present) for a
     * frame carrying {@code dataLength} bytes.
     */
    public static int headerSize(long streamId, long offset, int dataLength, boolean explicitLength) {
        return 1 + VarInt.encodedLength(streamId) + (offset != 0 ? VarInt.encodedLength(offset) : 0)
                + (explicitLength ? VarInt.encodedLength(dataLength) : 0);
    }

    /**
     * The most stream data a STREAM frame can carry in {@code room} bytes, or -1 when not even an
     * empty frame fits; lets a packet builder fill a packet exactly.
     */
    public static int maxDataLength(long streamId, long offset, int room, boolean explicitLength) {
        int fixed = 1 + VarInt.encodedLength(streamId) + (offset != 0 ? VarInt.encodedLength(offset) : 0);
        if (!explicitLength) {
            return room >= fixed ? room - fixed : -1;
        }
        return LengthField.maxDataFitting(room - fixed);
    }

    @Override
    public long type() {
        return FrameType.STREAM
                | (offset != 0 ? FrameType.STREAM_OFF_BIT : 0)
                | (explicitLength ? FrameType.STREAM_LEN_BIT : 0)
                | (fin ? FrameType.STREAM_FIN_BIT : 0);
    }

    public long streamId() {
        return streamId;
    }

    /** The stream offset of the first data byte; 0 when the OFF bit is clear. */
    public long offset() {
        return offset;
    }

    /** The number of data bytes. */
    public int length() {
        return dataLength;
    }

    /** Offset plus length: the final size of the stream when {@link #fin()} (§4.5). */
    public long end() {
        return offset + dataLength;
    }

    public boolean fin() {
        return fin;
    }

    public boolean hasExplicitLength() {
        return explicitLength;
    }

    /** A read-only view of the data (a new view object each call; the bytes are not copied). */
    public ByteBuffer data() {
        return ByteRegion.slice(source, dataOffset, dataLength);
    }

    /** Copies the data into {@code dst} at its position, advancing it; no intermediate object. */
    public void copyDataTo(ByteBuffer dst) {
        ByteRegion.copyTo(source, dataOffset, dataLength, dst);
    }

    @Override
    public int encodedSize() {
        return headerSize(streamId, offset, dataLength, explicitLength) + dataLength;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) type());
        VarInt.write(buf, streamId);
        if (offset != 0) {
            VarInt.write(buf, offset);
        }
        if (explicitLength) {
            VarInt.write(buf, dataLength);
        }
        ByteRegion.copyTo(source, dataOffset, dataLength, buf);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.stream(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamFrame other && streamId == other.streamId && offset == other.offset
                && fin == other.fin && explicitLength == other.explicitLength && dataLength == other.dataLength
                && ByteRegion.equal(source, dataOffset, other.source, other.dataOffset, dataLength);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(streamId) * 31 + Long.hashCode(offset);
        h = h * 31 + (fin ? 1 : 0) + (explicitLength ? 2 : 0);
        return h * 31 + ByteRegion.hash(source, dataOffset, dataLength);
    }

    @Override
    public String toString() {
        return "StreamFrame[id=" + streamId + ", offset=" + offset + ", length=" + dataLength
                + (fin ? ", FIN" : "") + (explicitLength ? "" : ", no LEN") + ", data="
                + ByteRegion.preview(source, dataOffset, dataLength) + ']';
    }
}
