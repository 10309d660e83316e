package io.mqttd.interop;

import io.mqttd.quic.connection.api.QuicConnectionHandle;
import io.mqttd.quic.connection.api.QuicServer;
import io.mqttd.quic.connection.api.QuicStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves files of a directory over hq-interop: one request per client-initiated bidirectional
 * stream, answered with the file and FIN; an unknown or unsafe path gets RESET_STREAM with
 * {@link #NOT_FOUND}. Files are streamed in chunks, so their size does not matter.
 */
public final class HqServer {
    /** Application error code for a request the server cannot answer (the interop runner does not define one). */
    public static final long NOT_FOUND = 0x10;
    private static final Logger LOG = Logger.getLogger(HqServer.class.getName());
    private static final int CHUNK = 256 * 1024;

    private final Path root;

    public HqServer(Path root) {
        this.root = root;
    }

    /** Wire into {@link QuicServer.Builder#onConnection}: serves every stream of {@code connection}. */
    public void serve(QuicConnectionHandle connection) {
        connection.acceptStream().whenComplete((stream, error) -> {
            if (error == null) {
                serve(connection); // keep accepting while this one is answered
                answer(stream);
            }
        });
    }

    private void answer(QuicStream stream) {
        stream.readAll(HqRequest.MAX_LENGTH).whenComplete((bytes, error) -> {
            if (error != null) {
                stream.reset(NOT_FOUND);
                return;
            }
            HqRequest request = HqRequest.parse(bytes);
            Path file = request == null ? null : request.resolveUnder(root);
            if (file == null || !Files.isRegularFile(file)) {
                stream.reset(NOT_FOUND);
                return;
            }
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                sendFrom(channel, stream, ByteBuffer.allocate(CHUNK)).whenComplete((v, e) -> {
                    closeQuietly(channel);
                    if (e != null) {
                        LOG.log(Level.FINE, "sending " + file, e);
                    }
                });
            } catch (IOException e) {
                stream.reset(NOT_FOUND);
            }
        });
    }

    private static CompletableFuture<Void> sendFrom(FileChannel channel, QuicStream stream, ByteBuffer chunk) {
        try {
            chunk.clear();
            int n = channel.read(chunk);
            if (n < 0) {
                return stream.finish();
            }
            chunk.flip();
            return stream.write(chunk).thenCompose(v -> sendFrom(channel, stream, chunk));
        } catch (IOException e) {
            stream.reset(NOT_FOUND);
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only file: nothing to lose
        }
    }
}
