package io.mqttd.interop;

import io.mqttd.quic.connection.api.QuicConnectionHandle;
import io.mqttd.quic.connection.api.QuicStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Downloads URLs over one hq-interop connection, each on its own stream, at most {@code parallel}
 * at a time, into a directory (file name = the URL path's last segment).
 */
public final class HqClient {
    private static final int CHUNK = 256 * 1024;

    private HqClient() {
    }

    /** Downloads every URL; completes with the files written, in URL order. */
    public static CompletableFuture<List<Path>> download(QuicConnectionHandle connection, List<URI> urls,
            Path outputDir, int parallel) {
        Semaphore permits = new Semaphore(Math.max(1, parallel));
        List<CompletableFuture<Path>> all = new ArrayList<>();
        for (URI url : urls) {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            String name = Path.of(path).getFileName() == null ? "index.html" : Path.of(path).getFileName().toString();
            Path target = outputDir.resolve(name);
            CompletableFuture<Path> one = CompletableFuture.runAsync(permits::acquireUninterruptibly)
                    .thenCompose(v -> get(connection, new HqRequest(path), target))
                    .whenComplete((p, e) -> permits.release());
            all.add(one);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }

    /** One request: opens a stream, sends the request and FIN, writes the response to {@code target}. */
    public static CompletableFuture<Path> get(QuicConnectionHandle connection, HqRequest request, Path target) {
        return connection.openBidirectionalStream().thenCompose(stream -> {
            FileChannel file;
            try {
                file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            return stream.writeAndFinish(ByteBuffer.wrap(request.encode()))
                    .thenCompose(v -> receiveInto(stream, file, ByteBuffer.allocate(CHUNK)))
                    .whenComplete((v, e) -> {
                        try {
                            file.close();
                        } catch (IOException ignored) {
                            // the result says whether the download worked
                        }
                    })
                    .thenApply(v -> target);
        });
    }

    private static CompletableFuture<Void> receiveInto(QuicStream stream, FileChannel file, ByteBuffer chunk) {
        return stream.read(chunk.clear()).thenCompose(n -> {
            if (n < 0) {
                return CompletableFuture.completedFuture(null);
            }
            chunk.flip();
            try {
                while (chunk.hasRemaining()) {
                    file.write(chunk);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return receiveInto(stream, file, chunk);
        });
    }
}
