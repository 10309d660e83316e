package io.mqttd.quic.frame;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the frames of one decrypted packet payload (RFC 9000 §12.4) one at a time, in place.
 *
 * <p>Use it as an {@link Iterator} ({@link #hasNext()}, {@link #next()}) or hand every frame to a
 * {@link FrameVisitor} with {@link #readAll}.
 *
 * <p>The payload is read between its position and limit with absolute reads; the caller's
 * position and limit are not moved. STREAM, CRYPTO and DATAGRAM data are not copied: the frames
 * refer to the payload's bytes, so the payload buffer must stay untouched while they are in use.
 * A reader is reusable ({@link #reset}), so a connection keeps one and decoding costs only the frame
 * values themselves (PADDING runs, PING and HANDSHAKE_DONE cost nothing; ACK also its range array).
 *
 * <p>Every malformed input ends in a {@link TransportError} naming the frame type:
 * <ul>
 *   <li>unknown frame type: FRAME_ENCODING_ERROR (§12.4);
 *   <li>frame type not in its shortest encoding: PROTOCOL_VIOLATION (§12.4 allows it; we take it);
 *   <li>a frame type not permitted in the packet type, when one is given: PROTOCOL_VIOLATION
 *       ({@link PermittedFrames});
 *   <li>truncated fields and every field rule of §19: FRAME_ENCODING_ERROR, per the notes below.
 * </ul>
 * Rules that need connection state (stream IDs and directions, flow control limits, connection ID
 * sequence numbers, the role of the receiver for NEW_TOKEN and HANDSHAKE_DONE, DATAGRAM support)
 * are left to the connection; see spec-notes/rfc9000.frame.md.
 */
public final class FrameReader implements Iterator<Frame> {
    private ByteBuffer view;
    private int start;
    private int pos;
    private int limit;
    private PacketType packetType;

    /** An empty reader; call {@link #reset} before use. */
    public FrameReader() {
    }

    /** A reader over {@code payload} that does not check frame types against a packet type. */
    public FrameReader(ByteBuffer payload) {
        reset(payload, null);
    }

    /**
     * Starts reading {@code payload} from its position to its limit.
     *
     * @param packetType when not null, every frame type is checked against {@link PermittedFrames}
     *     before its fields are read
     */
    public FrameReader reset(ByteBuffer payload, PacketType packetType) {
        // Absolute multi-byte reads need big-endian order; a read-only view also keeps the frames'
        // data() views read-only. Reuse the caller's buffer when it already is both.
        this.view = payload.isReadOnly() && payload.order() == ByteOrder.BIG_ENDIAN
                ? payload : payload.asReadOnlyBuffer();
        this.start = payload.position();
        this.pos = start;
        this.limit = payload.limit();
        this.packetType = packetType;
        return this;
    }

    @Override
    public boolean hasNext() {
        return pos < limit;
    }

    /** Bytes consumed so far, counted from the payload's position at {@link #reset}. */
    public int consumed() {
        return pos - start;
    }

    /**
     * Decodes the next frame.
     *
     * @throws TransportError when the frame is malformed; the reader is then unusable until reset
     * @throws NoSuchElementException when the payload is exhausted
     */
    @Override
    public Frame next() {
        if (pos >= limit) {
            throw new NoSuchElementException("no more frames");
        }
        int typeStart = pos;
        long type = varInt(0);
        // §12.4: "a frame type MUST use the shortest possible encoding".
        if (pos - typeStart != VarInt.encodedLength(type)) {
            throw TransportError.protocolViolation(type, "frame type 0x" + Long.toHexString(type)
                    + " not in its shortest encoding (§12.4)");
        }
        if (!FrameType.isKnown(type)) {
            throw TransportError.frameEncoding(type, "unknown frame type 0x" + Long.toHexString(type) + " (§12.4)");
        }
        if (packetType != null) {
            PermittedFrames.check(type, packetType);
        }
        int t = (int) type;
        if (t >= 0x08 && t <= 0x0f) {
            return stream(t);
        }
        switch (t) {
            case 0x00:
                return padding();
            case 0x01:
                return PingFrame.INSTANCE;
            case 0x02:
            case 0x03:
                return ack(t);
            case 0x04:
                return new ResetStreamFrame(varInt(t), varInt(t), varInt(t));
            case 0x05:
                return new StopSendingFrame(varInt(t), varInt(t));
            case 0x06:
                return crypto();
            case 0x07:
                return newToken();
            case 0x10:
                return new MaxDataFrame(varInt(t));
            case 0x11:
                return new MaxStreamDataFrame(varInt(t), varInt(t));
            case 0x12:
            case 0x13:
                return new MaxStreamsFrame(t == 0x12, streamCount(t));
            case 0x14:
                return new DataBlockedFrame(varInt(t));
            case 0x15:
                return new StreamDataBlockedFrame(varInt(t), varInt(t));
            case 0x16:
            case 0x17:
                return new StreamsBlockedFrame(t == 0x16, streamCount(t));
            case 0x18:
                return newConnectionId();
            case 0x19:
                return new RetireConnectionIdFrame(varInt(t));
            case 0x1a:
                return new PathChallengeFrame(eightBytes(t));
            case 0x1b:
                return new PathResponseFrame(eightBytes(t));
            case 0x1c:
            case 0x1d:
                return connectionClose(t);
            case 0x1e:
                return HandshakeDoneFrame.INSTANCE;
            default: // 0x30, 0x31: isKnown admits nothing else
                return datagram(t);
        }
    }

    /**
     * Decodes every frame and hands each to the visitor in order.
     *
     * @return the number of frames (a PADDING run counts as one)
     * @throws TransportError PROTOCOL_VIOLATION for an empty payload (§12.4: a packet MUST contain
     *     at least one frame), or any decoding error of {@link #next()}
     */
    public int readAll(FrameVisitor visitor) {
        if (!hasNext()) {
            throw TransportError.protocolViolation(0, "packet contains no frames (§12.4)");
        }
        int count = 0;
        while (hasNext()) {
            next().accept(visitor);
            count++;
        }
        return count;
    }

    /** Decodes all frames of a payload into a list; for tests and tools, not for the packet path. */
    public static List<Frame> decodeAll(ByteBuffer payload) {
        FrameReader reader = new FrameReader(payload);
        List<Frame> frames = new ArrayList<>();
        while (reader.hasNext()) {
            frames.add(reader.next());
        }
        return frames;
    }

    // §19.1: one PADDING frame per byte; fold the run (the type byte is already consumed).
    private PaddingFrame padding() {
        int runStart = pos - 1;
        while (pos < limit && view.get(pos) == 0) {
            pos++;
        }
        return new PaddingFrame(pos - runStart);
    }

    private AckFrame ack(int type) {
        long largest = varInt(type);
        long ackDelay = varInt(type);
        long rangeCount = varInt(type);
        long firstRange = varInt(type);
        if (firstRange > largest) {
            throw TransportError.frameEncoding(type, "ACK First ACK Range below packet number 0 (§19.3.1)");
        }
        // Each further range takes at least two bytes (Gap, ACK Range Length): bound the count by the
        // bytes left before sizing the array, so a huge count cannot allocate.
        if (rangeCount > (limit - pos) / 2) {
            throw TransportError.frameEncoding(type, "ACK Range Count " + rangeCount + " exceeds the frame");
        }
        long[] ranges = new long[2 * ((int) rangeCount + 1)];
        ranges[0] = largest;
        ranges[1] = largest - firstRange;
        for (int i = 2; i < ranges.length; i += 2) {
            long gap = varInt(type);
            long length = varInt(type);
            // §19.3.1: largest = previous_smallest - gap - 2; smallest = largest - ack_range.
            long rangeLargest = ranges[i - 1] - gap - 2;
            long rangeSmallest = rangeLargest - length;
            if (rangeLargest < 0 || rangeSmallest < 0) {
                throw TransportError.frameEncoding(type, "ACK range below packet number 0 (§19.3.1)");
            }
            ranges[i] = rangeLargest;
            ranges[i + 1] = rangeSmallest;
        }
        EcnCounts ecn = null;
        if (type == FrameType.ACK_ECN) {
            ecn = new EcnCounts(varInt(type), varInt(type), varInt(type));
        }
        return AckFrame.ofTrusted(ackDelay, ranges, ecn);
    }

    private CryptoFrame crypto() {
        long t = FrameType.CRYPTO;
        long offset = varInt(t);
        int length = length(varInt(t), t);
        // §19.6: FRAME_ENCODING_ERROR or CRYPTO_BUFFER_EXCEEDED; the frame alone shows the fault, so
        // the decoder reports the encoding error.
        if (offset + length > VarInt.MAX_VALUE) {
            throw TransportError.frameEncoding(t, "CRYPTO offset + length exceeds 2^62-1 (§19.6)");
        }
        CryptoFrame frame = CryptoFrame.decoded(offset, view, pos, length);
        pos += length;
        return frame;
    }

    private NewTokenFrame newToken() {
        long t = FrameType.NEW_TOKEN;
        int length = length(varInt(t), t);
        if (length == 0) {
            throw TransportError.frameEncoding(t, "NEW_TOKEN with an empty token (§19.7)");
        }
        byte[] token = new byte[length];
        view.get(pos, token);
        pos += length;
        return new NewTokenFrame(token);
    }

    private StreamFrame stream(int type) {
        long streamId = varInt(type);
        long offset = (type & FrameType.STREAM_OFF_BIT) != 0 ? varInt(type) : 0;
        boolean explicitLength = (type & FrameType.STREAM_LEN_BIT) != 0;
        // §19.8: without LEN the data runs to the end of the packet.
        int length = explicitLength ? length(varInt(type), type) : limit - pos;
        // §19.8: FRAME_ENCODING_ERROR or FLOW_CONTROL_ERROR; this is visible in the frame alone,
        // before any flow control state is consulted, so the decoder reports the encoding error.
        if (offset + length > VarInt.MAX_VALUE) {
            throw TransportError.frameEncoding(type, "STREAM offset + length exceeds 2^62-1 (§19.8)");
        }
        StreamFrame frame = StreamFrame.decoded(streamId, offset, view, pos, length,
                (type & FrameType.STREAM_FIN_BIT) != 0, explicitLength);
        pos += length;
        return frame;
    }

    private long streamCount(int type) {
        long count = varInt(type);
        // §19.11 (MAX_STREAMS: FRAME_ENCODING_ERROR) and §19.14 (STREAMS_BLOCKED: STREAM_LIMIT_ERROR
        // or FRAME_ENCODING_ERROR); §4.6 names FRAME_ENCODING_ERROR for frames, so both use it.
        if (count > FieldChecks.MAX_STREAMS) {
            throw TransportError.frameEncoding(type, FrameType.name(type) + " above 2^60 (§4.6)");
        }
        return count;
    }

    private NewConnectionIdFrame newConnectionId() {
        long t = FrameType.NEW_CONNECTION_ID;
        long sequenceNumber = varInt(t);
        long retirePriorTo = varInt(t);
        if (retirePriorTo > sequenceNumber) {
            throw TransportError.frameEncoding(t, "Retire Prior To " + retirePriorTo
                    + " exceeds Sequence Number " + sequenceNumber + " (§19.15)");
        }
        if (pos >= limit) {
            throw truncated(t);
        }
        int cidLength = view.get(pos++) & 0xff;
        if (cidLength < 1 || cidLength > ConnectionId.MAX_LENGTH) {
            throw TransportError.frameEncoding(t, "connection ID length " + cidLength + " not in 1..20 (§19.15)");
        }
        if (limit - pos < cidLength + NewConnectionIdFrame.STATELESS_RESET_TOKEN_LENGTH) {
            throw truncated(t);
        }
        byte[] cid = new byte[cidLength];
        view.get(pos, cid);
        pos += cidLength;
        byte[] token = new byte[NewConnectionIdFrame.STATELESS_RESET_TOKEN_LENGTH];
        view.get(pos, token);
        pos += token.length;
        return new NewConnectionIdFrame(sequenceNumber, retirePriorTo, ConnectionId.of(cid), token);
    }

    // §19.17, §19.18: Data is exactly 8 bytes.
    private long eightBytes(int type) {
        if (limit - pos < 8) {
            throw truncated(type);
        }
        long data = view.getLong(pos);
        pos += 8;
        return data;
    }

    private ConnectionCloseFrame connectionClose(int type) {
        boolean application = type == FrameType.CONNECTION_CLOSE_APPLICATION;
        long errorCode = varInt(type);
        long frameType = application ? 0 : varInt(type);
        int length = length(varInt(type), type);
        byte[] reason = new byte[length];
        view.get(pos, reason);
        pos += length;
        return new ConnectionCloseFrame(application, errorCode, frameType, reason);
    }

    private DatagramFrame datagram(int type) {
        boolean explicitLength = type == FrameType.DATAGRAM_WITH_LENGTH;
        // RFC 9221 §4: without LEN the data extends to the end of the packet.
        int length = explicitLength ? length(varInt(type), type) : limit - pos;
        DatagramFrame frame = DatagramFrame.decoded(view, pos, length, explicitLength);
        pos += length;
        return frame;
    }

    /** A Length field's value, checked against the bytes left in the packet (§12.4: frames never span packets). */
    private int length(long length, long type) {
        if (length > limit - pos) {
            throw TransportError.frameEncoding(type, FrameType.name(type) + " length " + length
                    + " exceeds the " + (limit - pos) + " bytes left in the packet");
        }
        return (int) length;
    }

    /** §16 variable-length integer, read absolutely; truncation is FRAME_ENCODING_ERROR (§12.4). */
    private long varInt(long type) {
        long value = VarInt.readAt(view, pos, limit);
        if (value < 0) {
            throw truncated(type);
        }
        pos += VarInt.lengthFromFirstByte(view.get(pos) & 0xff);
        return value;
    }

    private static TransportError truncated(long type) {
        return new TransportError(TransportErrorCode.FRAME_ENCODING_ERROR, type,
                "truncated " + FrameType.name(type) + " frame");
    }
}
