package io.mqttd.quic.connection.api;

import io.mqttd.quic.connection.ConnectionEvent;
import io.mqttd.quic.connection.ConnectionState;
import io.mqttd.quic.connection.ConnectionStats;
import io.mqttd.quic.connection.QuicConnection;
import io.mqttd.quic.connection.endpoint.ConnectionSlot;
import io.mqttd.quic.connection.endpoint.QuicEndpoint;
import io.mqttd.quic.connection.endpoint.RoutedConnection;
import io.mqttd.quic.connection.udp.UdpEventLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Binds one sans-IO {@link QuicConnection} to the event loop and the application: routes it
 * datagrams and timers for the {@link QuicEndpoint}, turns its events into completed futures, and
 * carries the application's requests onto the loop thread. Everything but the public entry points
 * runs on the loop thread, so the connection itself stays lock-free.
 */
final class ConnectionDriver implements RoutedConnection {
    private static final int READ_ALL_CHUNK = 64 * 1024;

    private final QuicConnection connection;
    private final UdpEventLoop loop;
    private final QuicEndpoint endpoint;
    private final ConnectionSlot slot;
    private final InetSocketAddress remote;
    private final Consumer<QuicConnectionHandle> onEstablished;
    private final Executor handlerExecutor;
    private final QuicConnectionHandle handle;
    private final CompletableFuture<QuicConnectionHandle> established = new CompletableFuture<>();
    private final CompletableFuture<ConnectionEvent.ConnectionClosed> closed = new CompletableFuture<>();
    private final Map<Long, StreamState> streams = new HashMap<>();
    private final ArrayDeque<QuicStream> incoming = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<QuicStream>> acceptWaiters = new ArrayDeque<>();
    private final ArrayDeque<OpenRequest> openWaiters = new ArrayDeque<>();
    private volatile ConnectionEvent.ConnectionClosed closeEvent;
    private volatile String alpn;
    private volatile int version;

    private record PendingRead(ByteBuffer dst, CompletableFuture<Integer> future) {
    }

    private record PendingWrite(ByteBuffer src, boolean fin, CompletableFuture<Void> future) {
    }

    private record OpenRequest(boolean bidirectional, CompletableFuture<QuicStream> future) {
    }

    /** Loop-thread state of one stream: who waits for it and how it ended. */
    private static final class StreamState {
        final QuicStream stream;
        final ArrayDeque<PendingRead> reads = new ArrayDeque<>();
        final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();
        long resetCode = -1;
        long stopSendingCode = -1;

        StreamState(QuicStream stream) {
            this.stream = stream;
        }
    }

    ConnectionDriver(QuicConnection connection, UdpEventLoop loop, QuicEndpoint endpoint, ConnectionSlot slot,
            InetSocketAddress remote, Consumer<QuicConnectionHandle> onEstablished, Executor handlerExecutor) {
        this.connection = connection;
        this.loop = loop;
        this.endpoint = endpoint;
        this.slot = slot;
        this.remote = remote;
        this.onEstablished = onEstablished;
        this.handlerExecutor = handlerExecutor;
        this.handle = new QuicConnectionHandle(this);
    }

    QuicConnectionHandle handle() {
        return handle;
    }

    InetSocketAddress remoteAddress() {
        return remote;
    }

    CompletableFuture<QuicConnectionHandle> established() {
        return established;
    }

    CompletableFuture<ConnectionEvent.ConnectionClosed> closed() {
        return closed;
    }

    /** The negotiated ALPN protocol; null before the handshake completed. */
    String alpn() {
        return alpn;
    }

    int version() {
        return version;
    }

    // ---- RoutedConnection, called by the endpoint on the loop thread ----

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
        connection.handleDatagram(nowNanos, from, datagram);
        drainEvents();
    }

    @Override
    public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
        return connection.pollTransmit(nowNanos, out);
    }

    @Override
    public long nextTimeoutNanos() {
        return connection.nextTimeoutNanos();
    }

    @Override
    public void handleTimeout(long nowNanos) {
        connection.handleTimeout(nowNanos);
        drainEvents();
    }

    @Override
    public boolean isTerminated() {
        return connection.state() == ConnectionState.CLOSED;
    }

    // ---- application requests: queued onto the loop, run as the connection's turn ----

    /** Runs {@code action} on the loop as this connection's turn, then hands out the events it caused. */
    void onLoop(Runnable action, CompletableFuture<?> failOnReject) {
        Runnable turn = () -> endpoint.drive(slot, () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                failOnReject.completeExceptionally(e);
            }
            drainEvents();
        });
        try {
            // Queued even from the loop thread: a callback that reads again then runs at the next
            // turn instead of nesting, so long transfers never grow the stack.
            loop.execute(turn);
        } catch (IllegalStateException loopClosed) {
            ConnectionEvent.ConnectionClosed close = closeEvent;
            failOnReject.completeExceptionally(close != null ? new ConnectionClosedException(close)
                    : new IOException("the connection's event loop is closed", loopClosed));
        }
    }

    CompletableFuture<QuicStream> openStream(boolean bidirectional) {
        CompletableFuture<QuicStream> future = new CompletableFuture<>();
        onLoop(() -> {
            if (failIfClosed(future)) {
                return;
            }
            if (!openWaiters.isEmpty() || !tryOpen(bidirectional, future)) {
                openWaiters.add(new OpenRequest(bidirectional, future));
            }
        }, future);
        return future;
    }

    private boolean tryOpen(boolean bidirectional, CompletableFuture<QuicStream> future) {
        long id = connection.openStream(bidirectional);
        if (id < 0) {
            return false; // §4.6: the peer's MAX_STREAMS blocks; retried on StreamsAvailable
        }
        future.complete(stream(id).stream);
        return true;
    }

    CompletableFuture<QuicStream> acceptStream() {
        CompletableFuture<QuicStream> future = new CompletableFuture<>();
        onLoop(() -> {
            QuicStream next = incoming.poll();
            if (next != null) {
                future.complete(next);
            } else if (!failIfClosed(future)) {
                acceptWaiters.add(future);
            }
        }, future);
        return future;
    }

    CompletableFuture<Integer> read(long id, ByteBuffer dst) {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        onLoop(() -> {
            StreamState s = stream(id);
            s.reads.add(new PendingRead(dst, future));
            serviceReads(id, s);
        }, future);
        return future;
    }

    CompletableFuture<byte[]> readAll(long id, int maxBytes) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        readAllInto(id, new ByteArrayOutputStream(),
                ByteBuffer.allocate((int) Math.min(READ_ALL_CHUNK, (long) maxBytes + 1)), maxBytes, result);
        return result;
    }

    private void readAllInto(long id, ByteArrayOutputStream sink, ByteBuffer chunk, int maxBytes,
            CompletableFuture<byte[]> result) {
        read(id, chunk.clear()).whenComplete((n, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (n < 0) {
                result.complete(sink.toByteArray());
            } else if (sink.size() + n > maxBytes) {
                result.completeExceptionally(new IOException("stream " + id + " holds more than " + maxBytes + " bytes"));
            } else {
                sink.write(chunk.array(), 0, n);
                readAllInto(id, sink, chunk, maxBytes, result);
            }
        });
    }

    CompletableFuture<Void> write(long id, ByteBuffer src, boolean fin) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        onLoop(() -> {
            StreamState s = stream(id);
            s.writes.add(new PendingWrite(src, fin, future));
            serviceWrites(id, s);
        }, future);
        return future;
    }

    CompletableFuture<Void> resetStream(long id, long code) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        onLoop(() -> {
            if (!failIfClosed(future)) {
                connection.resetStream(id, code);
                StreamState s = stream(id);
                failWrites(s, new StreamResetException(id, code, "reset locally"));
                future.complete(null);
            }
        }, future);
        return future;
    }

    CompletableFuture<Void> stopSending(long id, long code) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        onLoop(() -> {
            if (!failIfClosed(future)) {
                connection.stopSending(id, code);
                future.complete(null);
            }
        }, future);
        return future;
    }

    CompletableFuture<ConnectionEvent.ConnectionClosed> close(long applicationErrorCode, String reason) {
        onLoop(() -> {
            if (closeEvent == null) {
                connection.close(applicationErrorCode, reason);
            }
        }, closed);
        return closed;
    }

    CompletableFuture<ConnectionStats> stats() {
        CompletableFuture<ConnectionStats> future = new CompletableFuture<>();
        onLoop(() -> future.complete(connection.stats()), future);
        return future;
    }

    // ---- events ----

    private void drainEvents() {
        ConnectionEvent event;
        while ((event = connection.pollEvent()) != null) {
            dispatch(event);
        }
        if (closeEvent == null && connection.state() == ConnectionState.CLOSED) {
            onClosed(new ConnectionEvent.ConnectionClosed(0, false, false, "connection closed"));
        }
    }

    private void dispatch(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.HandshakeCompleted done) {
            alpn = done.alpn();
            version = connection.version();
            if (established.complete(handle) && onEstablished != null) {
                handlerExecutor.execute(() -> onEstablished.accept(handle));
            }
        } else if (event instanceof ConnectionEvent.StreamOpened opened) {
            QuicStream s = stream(opened.streamId()).stream;
            CompletableFuture<QuicStream> waiter = acceptWaiters.poll();
            if (waiter != null) {
                waiter.complete(s);
            } else {
                incoming.add(s);
            }
        } else if (event instanceof ConnectionEvent.StreamReadable readable) {
            StreamState s = streams.get(readable.streamId());
            if (s != null) {
                serviceReads(readable.streamId(), s);
            }
        } else if (event instanceof ConnectionEvent.StreamWritable writable) {
            StreamState s = streams.get(writable.streamId());
            if (s != null) {
                serviceWrites(writable.streamId(), s);
            }
        } else if (event instanceof ConnectionEvent.StreamReset reset) {
            StreamState s = stream(reset.streamId());
            s.resetCode = reset.applicationErrorCode();
            serviceReads(reset.streamId(), s);
        } else if (event instanceof ConnectionEvent.StopSendingReceived stop) {
            StreamState s = stream(stop.streamId());
            s.stopSendingCode = stop.applicationErrorCode();
            failWrites(s, new StreamResetException(stop.streamId(), stop.applicationErrorCode(),
                    "the peer asked to stop sending"));
        } else if (event instanceof ConnectionEvent.StreamsAvailable) {
            while (!openWaiters.isEmpty()) {
                OpenRequest r = openWaiters.peek();
                if (!tryOpen(r.bidirectional(), r.future())) {
                    break;
                }
                openWaiters.poll();
            }
        } else if (event instanceof ConnectionEvent.ConnectionClosed close) {
            onClosed(close);
        }
        // DatagramReceived: RFC 9221 DATAGRAM frames are not offered by this API (the transport
        // settings leave them off by default); they are dropped here.
    }

    private void onClosed(ConnectionEvent.ConnectionClosed close) {
        if (closeEvent != null) {
            return;
        }
        closeEvent = close;
        ConnectionClosedException error = new ConnectionClosedException(close);
        established.completeExceptionally(error);
        for (StreamState s : streams.values()) {
            for (PendingRead r; (r = s.reads.poll()) != null; ) {
                r.future().completeExceptionally(error);
            }
            failWrites(s, error);
        }
        for (CompletableFuture<QuicStream> f; (f = acceptWaiters.poll()) != null; ) {
            f.completeExceptionally(error);
        }
        for (OpenRequest r; (r = openWaiters.poll()) != null; ) {
            r.future().completeExceptionally(error);
        }
        closed.complete(close);
    }

    private boolean failIfClosed(CompletableFuture<?> future) {
        if (closeEvent != null) {
            future.completeExceptionally(new ConnectionClosedException(closeEvent));
            return true;
        }
        return false;
    }

    private StreamState stream(long id) {
        return streams.computeIfAbsent(id, i -> new StreamState(new QuicStream(this, i)));
    }

    private void serviceReads(long id, StreamState s) {
        if (closeEvent != null) {
            failIfClosedAll(s);
            return;
        }
        PendingRead r;
        while ((r = s.reads.peek()) != null) {
            int n;
            try {
                n = connection.read(id, r.dst());
            } catch (RuntimeException e) {
                s.reads.poll();
                r.future().completeExceptionally(e);
                continue;
            }
            if (n == 0) {
                return;
            }
            s.reads.poll();
            if (n > 0) {
                r.future().complete(n);
            } else if (s.resetCode >= 0) {
                r.future().completeExceptionally(new StreamResetException(id, s.resetCode, "reset by the peer"));
            } else {
                r.future().complete(-1);
            }
        }
    }

    private void failIfClosedAll(StreamState s) {
        ConnectionClosedException error = new ConnectionClosedException(closeEvent);
        for (PendingRead r; (r = s.reads.poll()) != null; ) {
            r.future().completeExceptionally(error);
        }
        failWrites(s, error);
    }

    private void serviceWrites(long id, StreamState s) {
        if (closeEvent != null) {
            failIfClosedAll(s);
            return;
        }
        if (s.stopSendingCode >= 0) {
            failWrites(s, new StreamResetException(id, s.stopSendingCode, "the peer asked to stop sending"));
            return;
        }
        PendingWrite w;
        while ((w = s.writes.peek()) != null) {
            try {
                if (w.src().hasRemaining()) {
                    connection.write(id, w.src());
                    if (w.src().hasRemaining()) {
                        return; // send buffer or credit full: StreamWritable resumes
                    }
                }
                if (w.fin()) {
                    connection.finish(id);
                }
            } catch (RuntimeException e) {
                s.writes.poll();
                w.future().completeExceptionally(e);
                continue;
            }
            s.writes.poll();
            w.future().complete(null);
        }
    }

    private static void failWrites(StreamState s, Throwable error) {
        for (PendingWrite w; (w = s.writes.poll()) != null; ) {
            w.future().completeExceptionally(error);
        }
    }
}
