package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.ConnectionEvent;
import io.mqttd.quic.connection.ConnectionStats;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * An established QUIC connection as an application sees it, safe to use from any thread. Streams
 * are opened with {@link #openStream} and the peer's are taken with {@link #acceptStream}; the
 * connection ends with {@link #close} (CONNECTION_CLOSE with an application error code, RFC 9000
 * §10.2) or by the peer, the idle timeout or an error, which {@link #closed()} reports.
 *
 * <p>Futures complete on the connection's event loop thread: do not block in their callbacks.
 */
public final class QuicConnectionHandle {
    private final ConnectionDriver driver;

    QuicConnectionHandle(ConnectionDriver driver) {
        this.driver = driver;
    }

    /** The application protocol negotiated with ALPN (RFC 9001 §8.1). */
    public String alpn() {
        return driver.alpn();
    }

    /** The QUIC version in use (RFC 9000 §15, RFC 9369). */
    public int version() {
        return driver.version();
    }

    public InetSocketAddress remoteAddress() {
        return driver.remoteAddress();
    }

    /**
     * Opens a stream (RFC 9000 §2.1); waits while the peer's MAX_STREAMS limit leaves none (§4.6).
     */
    public CompletableFuture<QuicStream> openStream(boolean bidirectional) {
        return driver.openStream(bidirectional);
    }

    public CompletableFuture<QuicStream> openBidirectionalStream() {
        return driver.openStream(true);
    }

    /** The next stream the peer opens, in the order it opened them. */
    public CompletableFuture<QuicStream> acceptStream() {
        return driver.acceptStream();
    }

    /** Closes with an application error code and reason (CONNECTION_CLOSE 0x1d, RFC 9000 §19.19). */
    public CompletableFuture<ConnectionEvent.ConnectionClosed> close(long applicationErrorCode, String reason) {
        return driver.close(applicationErrorCode, reason);
    }

    /** Completes when the connection is over, however it ended. */
    public CompletableFuture<ConnectionEvent.ConnectionClosed> closed() {
        return driver.closed();
    }

    /** A snapshot of the connection's counters (RTT, congestion window, bytes, packets). */
    public CompletableFuture<ConnectionStats> stats() {
        return driver.stats();
    }

    @Override
    public String toString() {
        return "QuicConnection[" + remoteAddress() + "]";
    }
}
