package io.mqttd.quic.connection;

/**
 * The life of a connection as the application sees it (RFC 9000 §10): handshaking until the TLS
 * handshake completes, established, then one of the two ways out of §10.2 before it is closed.
 */
public enum ConnectionState {
    /** The TLS handshake is running (RFC 9001 §4.1.1). */
    HANDSHAKING,
    /** The handshake completed: streams carry application data. */
    ESTABLISHED,
    /** RFC 9000 §10.2.1: this endpoint sent CONNECTION_CLOSE and answers further packets with it. */
    CLOSING,
    /** RFC 9000 §10.2.2: the peer closed (or reset) the connection; nothing more is sent. */
    DRAINING,
    /** Nothing is left: timers are off, every packet is ignored. */
    CLOSED
}
