package io.mqttd.quic.tls;

/**
 * TLS alert descriptions (RFC 8446 §6). In QUIC an alert is never sent as a record: it becomes
 * CRYPTO_ERROR 0x0100 + description (RFC 9001 §4.8), so only the number matters here.
 */
public final class Alert {
    public static final int CLOSE_NOTIFY = 0;
    public static final int UNEXPECTED_MESSAGE = 10;
    public static final int HANDSHAKE_FAILURE = 40;
    public static final int BAD_CERTIFICATE = 42;
    public static final int UNSUPPORTED_CERTIFICATE = 43;
    public static final int CERTIFICATE_EXPIRED = 45;
    public static final int CERTIFICATE_UNKNOWN = 46;
    public static final int ILLEGAL_PARAMETER = 47;
    public static final int UNKNOWN_CA = 48;
    public static final int DECODE_ERROR = 50;
    public static final int DECRYPT_ERROR = 51;
    public static final int PROTOCOL_VERSION = 70;
    public static final int INSUFFICIENT_SECURITY = 71;
    public static final int INTERNAL_ERROR = 80;
    public static final int MISSING_EXTENSION = 109;
    public static final int UNSUPPORTED_EXTENSION = 110;
    public static final int UNRECOGNIZED_NAME = 112;
    public static final int UNKNOWN_PSK_IDENTITY = 115;
    public static final int CERTIFICATE_REQUIRED = 116;
    public static final int NO_APPLICATION_PROTOCOL = 120;

    private Alert() {
    }

    /** The RFC 8446 §6 name of an alert description, for logs and reasons. */
    public static String name(int alert) {
        return switch (alert) {
            case CLOSE_NOTIFY -> "close_notify";
            case UNEXPECTED_MESSAGE -> "unexpected_message";
            case HANDSHAKE_FAILURE -> "handshake_failure";
            case BAD_CERTIFICATE -> "bad_certificate";
            case UNSUPPORTED_CERTIFICATE -> "unsupported_certificate";
            case CERTIFICATE_EXPIRED -> "certificate_expired";
            case CERTIFICATE_UNKNOWN -> "certificate_unknown";
            case ILLEGAL_PARAMETER -> "illegal_parameter";
            case UNKNOWN_CA -> "unknown_ca";
            case DECODE_ERROR -> "decode_error";
            case DECRYPT_ERROR -> "decrypt_error";
            case PROTOCOL_VERSION -> "protocol_version";
            case INSUFFICIENT_SECURITY -> "insufficient_security";
            case INTERNAL_ERROR -> "internal_error";
            case MISSING_EXTENSION -> "missing_extension";
            case UNSUPPORTED_EXTENSION -> "unsupported_extension";
            case UNRECOGNIZED_NAME -> "unrecognized_name";
            case UNKNOWN_PSK_IDENTITY -> "unknown_psk_identity";
            case CERTIFICATE_REQUIRED -> "certificate_required";
            case NO_APPLICATION_PROTOCOL -> "no_application_protocol";
            default -> "alert(" + alert + ")";
        };
    }
}
