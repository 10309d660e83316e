package io.mqttd.quic.packet;

/**
 * The one error type of the QUIC stack: every decoder either returns a valid value or throws this,
 * and the connection turns it into exactly one CONNECTION_CLOSE (RFC 9000 §10.2, §19.19, §20.1).
 *
 * <p>{@code frameType} is the type of the frame that triggered the error; RFC 9000 §19.19 says 0
 * is used when it is unknown.
 */
public final class TransportError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long code;
    private final long frameType;

    public TransportError(long code, long frameType, String reason) {
        super(reason);
        this.code = code;
        this.frameType = frameType;
    }

    public TransportError(TransportErrorCode code, long frameType, String reason) {
        this(code.code(), frameType, reason);
    }

    public TransportError(TransportErrorCode code, String reason) {
        this(code.code(), 0, reason);
    }

    public static TransportError frameEncoding(long frameType, String reason) {
        return new TransportError(TransportErrorCode.FRAME_ENCODING_ERROR, frameType, reason);
    }

    public static TransportError protocolViolation(long frameType, String reason) {
        return new TransportError(TransportErrorCode.PROTOCOL_VIOLATION, frameType, reason);
    }

    public static TransportError transportParameter(String reason) {
        return new TransportError(TransportErrorCode.TRANSPORT_PARAMETER_ERROR, 0, reason);
    }

    /** RFC 9001 §4.8: CRYPTO_ERROR carrying the TLS alert description. */
    public static TransportError crypto(int tlsAlert, String reason) {
        return new TransportError(TransportErrorCode.cryptoError(tlsAlert), 0, reason);
    }

    /** The wire value of the error code (RFC 9000 §20.1). */
    public long code() {
        return code;
    }

    /** The named code, CRYPTO_ERROR for the whole crypto range, or null for an unnamed value. */
    public TransportErrorCode errorCode() {
        return TransportErrorCode.of(code);
    }

    public long frameType() {
        return frameType;
    }

    /** The reason phrase carried in CONNECTION_CLOSE. */
    public String reason() {
        return getMessage() == null ? "" : getMessage();
    }

    @Override
    public String toString() {
        return "TransportError[" + TransportErrorCode.describe(code)
                + (frameType != 0 ? ", frame 0x" + Long.toHexString(frameType) : "")
                + "]: " + reason();
    }
}
