package io.mqttd.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.api.QuicClient;
import io.mqttd.quic.connection.api.QuicConnectionHandle;
import io.mqttd.quic.connection.api.QuicServer;
import io.mqttd.quic.connection.api.StreamResetException;
import io.mqttd.quic.tls.cert.TrustStoreVerifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our hq-interop server and client together over UDP loopback. */
@Timeout(60)
class HqLoopbackTest {
    @TempDir
    Path www;
    @TempDir
    Path downloads;

    @Test
    void downloadsTenFilesInParallelOnOneConnection() throws Exception {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TestFiles.randomFile(www, "f" + i, 100_000 + i, i);
        }
        try (QuicServer server = QuicServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .certifiedKey(TestFiles.CERT).alpn("hq-interop").onConnection(new HqServer(www)::serve).start()) {
            for (int i = 0; i < 10; i++) {
                urls.add(URI.create("https://localhost:" + server.localAddress().getPort() + "/f" + i));
            }
            QuicConnectionHandle conn = QuicClient.builder().serverName("localhost").alpn("hq-interop")
                    .verifier(TrustStoreVerifier.trusting(TestFiles.CERT.chain())).connect(server.localAddress())
                    .get(10, TimeUnit.SECONDS);
            List<Path> files = HqClient.download(conn, urls, downloads, 10).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                assertThat(TestFiles.sha256(files.get(i))).isEqualTo(TestFiles.sha256(www.resolve("f" + i)));
            }
            conn.close(0, "done");
        }
    }

    @Test
    void resetsTheStreamOfAMissingFile() throws Exception {
        try (QuicServer server = QuicServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .certifiedKey(TestFiles.CERT).alpn("hq-interop").onConnection(new HqServer(www)::serve).start()) {
            QuicConnectionHandle conn = QuicClient.builder().serverName("localhost").alpn("hq-interop")
                    .verifier(TrustStoreVerifier.trusting(TestFiles.CERT.chain())).connect(server.localAddress())
                    .get(10, TimeUnit.SECONDS);
            try {
                HqClient.get(conn, new HqRequest("/../secret"), downloads.resolve("x")).get(10, TimeUnit.SECONDS);
                throw new AssertionError("expected a reset");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StreamResetException.class);
                assertThat(((StreamResetException) e.getCause()).applicationErrorCode()).isEqualTo(HqServer.NOT_FOUND);
            }
            assertThat(Files.exists(www.resolve("x"))).isFalse();
        }
    }
}
