package io.mqttd.quic.tls;

import io.mqttd.quic.packet.TransportError;

/**
 * The only exception the TLS engine lets out: a fatal alert (RFC 8446 §6.2). Decoders throw it
 * for malformed peer bytes, the handshakes for protocol violations. The QUIC connection closes
 * with {@link #toTransportError()} (CRYPTO_ERROR 0x0100 + alert, RFC 9001 §4.8).
 */
public final class TlsAlertException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int alert;

    public TlsAlertException(int alert, String reason) {
        super(reason);
        this.alert = alert;
    }

    public TlsAlertException(int alert, String reason, Throwable cause) {
        super(reason, cause);
        this.alert = alert;
    }

    /** The alert description number (RFC 8446 §6). */
    public int alert() {
        return alert;
    }

    /** RFC 9001 §4.8: the alert as a QUIC CRYPTO_ERROR. */
    public TransportError toTransportError() {
        return TransportError.crypto(alert, Alert.name(alert) + ": " + getMessage());
    }

    public static TlsAlertException decodeError(String reason) {
        return new TlsAlertException(Alert.DECODE_ERROR, reason);
    }

    public static TlsAlertException illegalParameter(String reason) {
        return new TlsAlertException(Alert.ILLEGAL_PARAMETER, reason);
    }

    public static TlsAlertException unexpectedMessage(String reason) {
        return new TlsAlertException(Alert.UNEXPECTED_MESSAGE, reason);
    }

    @Override
    public String toString() {
        return "TlsAlertException[" + Alert.name(alert) + "]: " + getMessage();
    }
}
