package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;

/**
 * CRYPTO, RFC 9000 §19.6: TLS handshake bytes at an offset of the crypto stream of one encryption
 * level. Like {@link StreamFrame}, the data is a region of a buffer, not a copy.
 */
public final class CryptoFrame implements Frame {
    private final long offset;
    private final ByteBuffer source;
    private final int dataOffset;
    private final int dataLength;

    private CryptoFrame(long offset, ByteBuffer source, int dataOffset, int dataLength) {
        this.offset = offset;
        this.source = source;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
    }

    /** A CRYPTO frame carrying {@code data}'s remaining bytes (not copied). */
    public static CryptoFrame of(long offset, ByteBuffer data) {
        FieldChecks.varInt(offset, "Offset");
        if (offset + data.remaining() > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("offset + length exceeds 2^62-1 (§19.6)");
        }
        return new CryptoFrame(offset, data, data.position(), data.remaining());
    }

    static CryptoFrame decoded(long offset, ByteBuffer source, int dataOffset, int dataLength) {
        return new CryptoFrame(offset, source, dataOffset, dataLength);
    }

    /** The most crypto data a CRYPTO frame at {@code offset} can carry in {@code room} bytes, or -1. */
    public static int maxDataLength(long offset, int room) {
        return LengthField.maxDataFitting(room - 1 - VarInt.encodedLength(offset));
    }

    @Override
    public long type() {
        return FrameType.CRYPTO;
    }

    public long offset() {
        return offset;
    }

    public int length() {
        return dataLength;
    }

    /** Offset plus length. */
    public long end() {
        return offset + dataLength;
    }

    /** A read-only view of the data (a new view object each call; the bytes are not copied). */
    public ByteBuffer data() {
        return ByteRegion.slice(source, dataOffset, dataLength);
    }

    /** Copies the data into {@code dst} at its position, advancing it. */
    public void copyDataTo(ByteBuffer dst) {
        ByteRegion.copyTo(source, dataOffset, dataLength, dst);
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(offset) + VarInt.encodedLength(dataLength) + dataLength;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) FrameType.CRYPTO);
        VarInt.write(buf, offset);
        VarInt.write(buf, dataLength);
        ByteRegion.copyTo(source, dataOffset, dataLength, buf);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.crypto(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CryptoFrame other && offset == other.offset && dataLength == other.dataLength
                && ByteRegion.equal(source, dataOffset, other.source, other.dataOffset, dataLength);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + ByteRegion.hash(source, dataOffset, dataLength);
    }

    @Override
    public String toString() {
        return "CryptoFrame[offset=" + offset + ", length=" + dataLength + ", data="
                + ByteRegion.preview(source, dataOffset, dataLength) + ']';
    }
}
