package io.mqttd.quic.connection.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The blocking sending side of a {@link QuicStream}: each write returns once the stream's send
 * buffer took the bytes (flow control and the send buffer size give the back-pressure).
 */
final class StreamOutputStream extends OutputStream {
    private final QuicStream stream;
    private boolean closed;

    StreamOutputStream(QuicStream stream) {
        this.stream = stream;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        // The loop reads the array after this returns only if we did not wait: copy is avoided by waiting.
        StreamInputStream.await(stream.write(ByteBuffer.wrap(b, off, len)));
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            StreamInputStream.await(stream.finish());
        }
    }
}
