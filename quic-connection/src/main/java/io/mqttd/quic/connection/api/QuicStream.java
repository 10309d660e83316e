package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.stream.StreamId;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A QUIC stream (RFC 9000 §2-3) as an application uses it, from any thread: asynchronous
 * {@link #read}/{@link #write} returning futures, or the blocking {@link #inputStream()} /
 * {@link #outputStream()} views. Every operation is carried out on the connection's event loop;
 * futures complete there too, so callbacks must not block (use the {@code ...Async} methods of
 * {@link CompletableFuture} to move work elsewhere).
 *
 * <p>Buffers handed to {@link #read} and {@link #write} belong to the stream until the future completes.
 */
public final class QuicStream {
    private final ConnectionDriver driver;
    private final long id;

    QuicStream(ConnectionDriver driver, long id) {
        this.driver = driver;
        this.id = id;
    }

    /** The stream ID (RFC 9000 §2.1). */
    public long id() {
        return id;
    }

    public boolean isBidirectional() {
        return StreamId.isBidirectional(id);
    }

    /** The connection the stream belongs to. */
    public QuicConnectionHandle connection() {
        return driver.handle();
    }

    /**
     * Reads into {@code dst} as soon as data is there: completes with the number of bytes (at
     * least 1), or -1 at the end of the stream. Fails with {@link StreamResetException} after a
     * reset and {@link ConnectionClosedException} after the connection closed.
     */
    public CompletableFuture<Integer> read(ByteBuffer dst) {
        return driver.read(id, dst);
    }

    /**
     * Reads until the end of the stream (FIN), at most {@code maxBytes}, and completes with
     * everything read. Fails if the stream holds more than {@code maxBytes}.
     */
    public CompletableFuture<byte[]> readAll(int maxBytes) {
        return driver.readAll(id, maxBytes);
    }

    /** Queues all of {@code src} for sending; completes when the stream's send buffer took the last byte. */
    public CompletableFuture<Void> write(ByteBuffer src) {
        return driver.write(id, src, false);
    }

    /** Like {@link #write}, then ends the stream (FIN, RFC 9000 §3.1). */
    public CompletableFuture<Void> writeAndFinish(ByteBuffer src) {
        return driver.write(id, src, true);
    }

    /** Ends the sending side after what was written (FIN). */
    public CompletableFuture<Void> finish() {
        return driver.write(id, ByteBuffer.allocate(0), true);
    }

    /** Abandons sending (RESET_STREAM, RFC 9000 §19.4). */
    public CompletableFuture<Void> reset(long applicationErrorCode) {
        return driver.resetStream(id, applicationErrorCode);
    }

    /** Asks the peer to stop sending (STOP_SENDING, RFC 9000 §19.5). */
    public CompletableFuture<Void> stopSending(long applicationErrorCode) {
        return driver.stopSending(id, applicationErrorCode);
    }

    /** A blocking view of the receiving side; {@code close()} sends STOP_SENDING with code 0 if unfinished. */
    public InputStream inputStream() {
        return new StreamInputStream(this);
    }

    /** A blocking view of the sending side; {@code close()} sends FIN. */
    public OutputStream outputStream() {
        return new StreamOutputStream(this);
    }

    @Override
    public String toString() {
        return "QuicStream[" + id + "]";
    }
}
