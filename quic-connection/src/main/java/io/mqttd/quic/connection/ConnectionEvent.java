package io.mqttd.quic.connection;

/**
 * What a connection tells its application, polled with {@link QuicConnection#pollEvent()} after
 * each call that feeds it datagrams or time. Events are hints to act (read, write, accept), never
 * the data itself, so missing one loses nothing: the state can always be read directly.
 */
public sealed interface ConnectionEvent {

    /** RFC 9001 §4.1.1: the TLS handshake completed with the negotiated ALPN protocol. */
    record HandshakeCompleted(String alpn) implements ConnectionEvent {
    }

    /** The peer opened a stream (RFC 9000 §2.1); it is readable (and, if bidirectional, writable). */
    record StreamOpened(long streamId) implements ConnectionEvent {
    }

    /** New data, the end of the stream or a reset can be read from the stream. */
    record StreamReadable(long streamId) implements ConnectionEvent {
    }

    /** The stream's send buffer or flow control credit grew after a write was refused in part. */
    record StreamWritable(long streamId) implements ConnectionEvent {
    }

    /** RFC 9000 §19.4: the peer abandoned sending on the stream. */
    record StreamReset(long streamId, long applicationErrorCode) implements ConnectionEvent {
    }

    /** RFC 9000 §19.5: the peer asked us to stop sending; the stream was reset with its code (§3.5). */
    record StopSendingReceived(long streamId, long applicationErrorCode) implements ConnectionEvent {
    }

    /** RFC 9221: an unreliable DATAGRAM frame arrived. */
    record DatagramReceived(byte[] data) implements ConnectionEvent {
    }

    /** The peer opened more streams of our type to us: a stream that {@link QuicConnection#openStream} refused may now open. */
    record StreamsAvailable(boolean bidirectional) implements ConnectionEvent {
    }

    /**
     * The connection is over (RFC 9000 §10): closed by us or the peer, by an error, by the idle
     * timeout, or by a stateless reset.
     *
     * @param errorCode the transport or application error code
     * @param application whether the code is an application error code (CONNECTION_CLOSE 0x1d)
     * @param byPeer whether the peer closed it
     * @param reason the reason phrase or a description of the local cause
     */
    record ConnectionClosed(long errorCode, boolean application, boolean byPeer, String reason)
            implements ConnectionEvent {
    }
}
