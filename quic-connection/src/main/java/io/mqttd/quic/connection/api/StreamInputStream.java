package io.mqttd.quic.connection.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;

/** The blocking receiving side of a {@link QuicStream}. */
final class StreamInputStream extends InputStream {
    private final QuicStream stream;
    private boolean ended;
    private boolean closed;

    StreamInputStream(QuicStream stream) {
        this.stream = stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = await(stream.read(ByteBuffer.wrap(b, off, len)));
        if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (!ended) {
                stream.stopSending(0);
            }
        }
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the stream");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }
}
