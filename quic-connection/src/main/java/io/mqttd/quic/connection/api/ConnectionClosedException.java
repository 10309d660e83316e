package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.ConnectionEvent;

/**
 * Fails the futures of a connection that closed (RFC 9000 §10), or completes its
 * {@link QuicConnectionHandle#closed()} future's exceptional readers, with the close's details.
 */
public final class ConnectionClosedException extends java.io.IOException {
    private final transient ConnectionEvent.ConnectionClosed close;

    public ConnectionClosedException(ConnectionEvent.ConnectionClosed close) {
        super((close.byPeer() ? "closed by the peer" : "closed") + " with "
                + (close.application() ? "application" : "transport") + " error 0x" + Long.toHexString(close.errorCode())
                + (close.reason() == null || close.reason().isEmpty() ? "" : ": " + close.reason()));
        this.close = close;
    }

    /** The close as the connection reported it. */
    public ConnectionEvent.ConnectionClosed close() {
        return close;
    }
}
