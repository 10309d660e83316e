package io.mqttd.quic.frame;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * CONNECTION_CLOSE, RFC 9000 §19.19: type 0x1c carries a transport error code (§20.1) and the type
 * of the frame that triggered it; type 0x1d carries an application error code (§20.2) and no frame
 * type. The reason phrase is kept as bytes: it SHOULD be UTF-8 but a peer may send anything.
 *
 * @param application true for type 0x1d
 * @param triggeringFrameType the Frame Type field of type 0x1c (0 when unknown); always 0 for 0x1d
 * @param reasonPhrase copied in and out
 */
public record ConnectionCloseFrame(boolean application, long errorCode, long triggeringFrameType,
        byte[] reasonPhrase) implements Frame {
    private static final byte[] NO_REASON = new byte[0];

    public ConnectionCloseFrame {
        FieldChecks.varInt(errorCode, "Error Code");
        FieldChecks.varInt(triggeringFrameType, "Frame Type");
        if (application && triggeringFrameType != 0) {
            throw new IllegalArgumentException("the application CONNECTION_CLOSE (0x1d) has no Frame Type");
        }
        reasonPhrase = reasonPhrase.length == 0 ? NO_REASON : reasonPhrase.clone();
    }

    /** Type 0x1c with a UTF-8 reason. */
    public static ConnectionCloseFrame transport(long errorCode, long triggeringFrameType, String reason) {
        return new ConnectionCloseFrame(false, errorCode, triggeringFrameType, reason.getBytes(StandardCharsets.UTF_8));
    }

    /** Type 0x1c reporting a {@link TransportError}: its code, frame type and reason. */
    public static ConnectionCloseFrame of(TransportError error) {
        return transport(error.code(), error.frameType(), error.reason());
    }

    /** Type 0x1d with a UTF-8 reason. */
    public static ConnectionCloseFrame application(long errorCode, String reason) {
        return new ConnectionCloseFrame(true, errorCode, 0, reason.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the raw reason phrase. */
    @Override
    public byte[] reasonPhrase() {
        return reasonPhrase.clone();
    }

    /** The reason phrase decoded as UTF-8, malformed sequences replaced. */
    public String reason() {
        return new String(reasonPhrase, StandardCharsets.UTF_8);
    }

    /**
     * The same frame with the reason phrase cut so that the whole frame takes at most
     * {@code maxEncodedSize} bytes: a CONNECTION_CLOSE cannot span packets (§19.19), and an Initial
     * packet may have little room. Returns this frame when it already fits, null when even an empty
     * reason does not fit. The cut may split a UTF-8 sequence; {@link #reason()} tolerates that.
     */
    public ConnectionCloseFrame withReasonPhraseFitting(int maxEncodedSize) {
        if (encodedSize() <= maxEncodedSize) {
            return this;
        }
        int fixed = encodedSize() - VarInt.encodedLength(reasonPhrase.length) - reasonPhrase.length;
        int keep = LengthField.maxDataFitting(maxEncodedSize - fixed);
        if (keep < 0) {
            return null;
        }
        return new ConnectionCloseFrame(application, errorCode, triggeringFrameType,
                Arrays.copyOf(reasonPhrase, Math.min(keep, reasonPhrase.length)));
    }

    @Override
    public long type() {
        return application ? FrameType.CONNECTION_CLOSE_APPLICATION : FrameType.CONNECTION_CLOSE;
    }

    @Override
    public int encodedSize() {
        return 1 + VarInt.encodedLength(errorCode) + (application ? 0 : VarInt.encodedLength(triggeringFrameType))
                + VarInt.encodedLength(reasonPhrase.length) + reasonPhrase.length;
    }

    @Override
    public void encode(ByteBuffer buf) {
        buf.put((byte) type());
        VarInt.write(buf, errorCode);
        if (!application) {
            VarInt.write(buf, triggeringFrameType);
        }
        VarInt.write(buf, reasonPhrase.length);
        buf.put(reasonPhrase);
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.connectionClose(this);
    }

    /** RFC 9002 §2. */
    @Override
    public boolean isAckEliciting() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionCloseFrame other && application == other.application
                && errorCode == other.errorCode && triggeringFrameType == other.triggeringFrameType
                && Arrays.equals(reasonPhrase, other.reasonPhrase);
    }

    @Override
    public int hashCode() {
        return ((Boolean.hashCode(application) * 31 + Long.hashCode(errorCode)) * 31
                + Long.hashCode(triggeringFrameType)) * 31 + Arrays.hashCode(reasonPhrase);
    }

    @Override
    public String toString() {
        return "ConnectionCloseFrame[" + (application ? "application 0x" + Long.toHexString(errorCode)
                : TransportErrorCode.describe(errorCode) + ", frame " + FrameType.name(triggeringFrameType))
                + ", reason=\"" + reason() + "\"]";
    }
}
