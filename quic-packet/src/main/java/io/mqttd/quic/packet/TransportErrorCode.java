package io.mqttd.quic.packet;

/**
 * Transport error codes of RFC 9000 §20.1, plus VERSION_NEGOTIATION_ERROR of RFC 9368 §10.2.
 *
 * <p>CRYPTO_ERROR is a range (0x0100-0x01ff, RFC 9000 §20.1 and RFC 9001 §4.8): the low byte is the
 * TLS alert. {@link #cryptoError(int)} builds such a code; this enum names the range's base.
 */
public enum TransportErrorCode {
    NO_ERROR(0x00),
    INTERNAL_ERROR(0x01),
    CONNECTION_REFUSED(0x02),
    FLOW_CONTROL_ERROR(0x03),
    STREAM_LIMIT_ERROR(0x04),
    STREAM_STATE_ERROR(0x05),
    FINAL_SIZE_ERROR(0x06),
    FRAME_ENCODING_ERROR(0x07),
    TRANSPORT_PARAMETER_ERROR(0x08),
    CONNECTION_ID_LIMIT_ERROR(0x09),
    PROTOCOL_VIOLATION(0x0a),
    INVALID_TOKEN(0x0b),
    APPLICATION_ERROR(0x0c),
    CRYPTO_BUFFER_EXCEEDED(0x0d),
    KEY_UPDATE_ERROR(0x0e),
    AEAD_LIMIT_REACHED(0x0f),
    NO_VIABLE_PATH(0x10),
    /** RFC 9368 §10.2. */
    VERSION_NEGOTIATION_ERROR(0x11),
    /** Base of the CRYPTO_ERROR range 0x0100-0x01ff; the actual code carries the TLS alert. */
    CRYPTO_ERROR(0x0100);

    private final long code;

    TransportErrorCode(long code) {
        this.code = code;
    }

    public long code() {
        return code;
    }

    /** RFC 9001 §4.8: a TLS alert becomes the transport error 0x0100 + alert description. */
    public static long cryptoError(int tlsAlert) {
        if (tlsAlert < 0 || tlsAlert > 0xff) {
            throw new IllegalArgumentException("TLS alert out of range: " + tlsAlert);
        }
        return CRYPTO_ERROR.code + tlsAlert;
    }

    public static boolean isCryptoError(long code) {
        return code >= 0x0100 && code <= 0x01ff;
    }

    /** The named code for a wire value, or null for codes this stack does not name (e.g. greased ones). */
    public static TransportErrorCode of(long code) {
        if (isCryptoError(code)) {
            return CRYPTO_ERROR;
        }
        for (TransportErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** A readable name for any wire code: the enum name, CRYPTO_ERROR(alert), or hex. */
    public static String describe(long code) {
        if (isCryptoError(code)) {
            return "CRYPTO_ERROR(alert " + (code - 0x0100) + ")";
        }
        TransportErrorCode named = of(code);
        return named != null ? named.name() : "0x" + Long.toHexString(code);
    }
}
