package io.mqttd.quic.connection.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.connection.ConnectionEvent;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import io.mqttd.quic.tls.cert.TrustStoreVerifier;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The public API end to end over real UDP on loopback: both sides are ours. */
@Timeout(60)
class QuicApiLoopbackTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static final CertifiedKey CERT = SelfSignedCertificate.generate("localhost");

    /** Echo server: every stream is read to its end and written back, then finished. */
    static QuicServer echoServer(QuicServer.Builder b) throws Exception {
        return b.bind(LOOPBACK).certifiedKey(CERT).alpn("echo").onConnection(QuicApiLoopbackTest::echoStreams).start();
    }

    static void echoStreams(QuicConnectionHandle conn) {
        conn.acceptStream().thenAccept(stream -> {
            echoStreams(conn);
            stream.readAll(16 << 20).thenCompose(data -> stream.writeAndFinish(ByteBuffer.wrap(data)));
        });
    }

    static QuicClient.Builder client() {
        return QuicClient.builder().serverName("localhost").alpn("echo")
                .verifier(TrustStoreVerifier.trusting(CERT.chain()));
    }

    static byte[] echo(QuicConnectionHandle conn, byte[] data) throws Exception {
        QuicStream s = conn.openBidirectionalStream().get(10, TimeUnit.SECONDS);
        s.writeAndFinish(ByteBuffer.wrap(data));
        return s.readAll(data.length + 1).get(30, TimeUnit.SECONDS);
    }

    @Test
    void completesHandshakeAndEchoesAStream() throws Exception {
        try (QuicServer server = echoServer(QuicServer.builder())) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            assertThat(conn.alpn()).isEqualTo("echo");
            assertThat(conn.version()).isEqualTo(QuicVersion.V1.value());
            assertThat(echo(conn, "hello".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("hello");
            conn.close(0, "done").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void transfersOneMegabyteIntact() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        try (QuicServer server = echoServer(QuicServer.builder())) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            byte[] back = echo(conn, data);
            assertThat(MessageDigest.getInstance("SHA-256").digest(back))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
            conn.close(0, "done");
        }
    }

    @Test
    void runsTenConcurrentStreamsOnOneConnection() throws Exception {
        try (QuicServer server = echoServer(QuicServer.builder())) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] body = ("stream " + i + " ").repeat(1000 + i).getBytes(StandardCharsets.US_ASCII);
                replies.add(conn.openBidirectionalStream().thenCompose(s -> s.writeAndFinish(ByteBuffer.wrap(body))
                        .thenCompose(v -> s.readAll(body.length + 1))));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).asString()
                        .isEqualTo(("stream " + i + " ").repeat(1000 + i));
            }
        }
    }

    @Test
    void negotiatesChaCha20WhenItIsTheOnlySuite() throws Exception {
        try (QuicServer server = echoServer(QuicServer.builder()
                .cipherSuites(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256)))) {
            QuicConnectionHandle conn = client().cipherSuites(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256))
                    .connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            assertThat(echo(conn, "chacha".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("chacha");
        }
    }

    @Test
    void connectsWithVersion2() throws Exception {
        try (QuicServer server = echoServer(QuicServer.builder())) {
            QuicConnectionHandle conn = client().version(QuicVersion.V2).connect(server.localAddress())
                    .get(10, TimeUnit.SECONDS);
            assertThat(conn.version()).isEqualTo(QuicVersion.V2.value());
            assertThat(echo(conn, "v2".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("v2");
        }
    }

    @Test
    void connectsThroughRetry_rfc9000_8_1_2() throws Exception {
        try (QuicServer server = echoServer(QuicServer.builder().retry(true))) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            assertThat(echo(conn, "retry".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("retry");
            assertThat(server.endpointStats().get(5, TimeUnit.SECONDS).retriesSent()).isEqualTo(1);
        }
    }

    @Test
    void blockingStreamsWork() throws Exception {
        try (QuicServer server = echoServer(QuicServer.builder())) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            QuicStream s = conn.openBidirectionalStream().get(10, TimeUnit.SECONDS);
            try (OutputStream out = s.outputStream()) {
                out.write("blocking".getBytes(StandardCharsets.US_ASCII));
            }
            try (InputStream in = s.inputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("blocking");
            }
        }
    }

    @Test
    void clientCloseWithApplicationCodeReachesTheServer_rfc9000_10_2() throws Exception {
        CompletableFuture<ConnectionEvent.ConnectionClosed> serverSide = new CompletableFuture<>();
        try (QuicServer server = QuicServer.builder().bind(LOOPBACK).certifiedKey(CERT).alpn("echo")
                .onConnection(c -> c.closed().thenAccept(serverSide::complete)).start()) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            conn.close(0x42, "bye");
            ConnectionEvent.ConnectionClosed close = serverSide.get(10, TimeUnit.SECONDS);
            assertThat(close.errorCode()).isEqualTo(0x42);
            assertThat(close.application()).isTrue();
            assertThat(close.byPeer()).isTrue();
        }
    }

    @Test
    void serverCloseWithApplicationCodeReachesTheClient_rfc9000_10_2() throws Exception {
        try (QuicServer server = QuicServer.builder().bind(LOOPBACK).certifiedKey(CERT).alpn("echo")
                .onConnection(c -> c.close(0x17, "go away")).start()) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            ConnectionEvent.ConnectionClosed close = conn.closed().get(10, TimeUnit.SECONDS);
            assertThat(close.errorCode()).isEqualTo(0x17);
            assertThat(close.byPeer()).isTrue();
            assertThatThrownBy(() -> conn.openBidirectionalStream().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void failsTheHandshakeOnAnUntrustedCertificate() throws Exception {
        CertifiedKey other = SelfSignedCertificate.generate("localhost");
        try (QuicServer server = echoServer(QuicServer.builder())) {
            CompletableFuture<QuicConnectionHandle> f = QuicClient.builder().serverName("localhost").alpn("echo")
                    .verifier(TrustStoreVerifier.trusting(other.chain())).connect(server.localAddress());
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void waitsForTheServersStreamLimitAndOpensAsStreamsClose_rfc9000_4_6() throws Exception {
        try (QuicServer server = echoServer(QuicServer.builder()
                .transport(io.mqttd.quic.connection.TransportSettings.defaults().withMaxStreams(2, 2)))) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] body = ("limited " + i).getBytes(StandardCharsets.US_ASCII);
                replies.add(conn.openBidirectionalStream().thenCompose(s -> s.writeAndFinish(ByteBuffer.wrap(body))
                        .thenCompose(v -> s.readAll(body.length + 1))));
            }
            for (int i = 0; i < 6; i++) {
                assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).asString().isEqualTo("limited " + i);
            }
        }
    }

    @Test
    void stopSendingFailsThePeersPendingWriteWithItsCode_rfc9000_3_5() throws Exception {
        CompletableFuture<Throwable> serverWrite = new CompletableFuture<>();
        try (QuicServer server = QuicServer.builder().bind(LOOPBACK).certifiedKey(CERT).alpn("echo")
                .onConnection(c -> c.acceptStream().thenAccept(s -> s.readAll(10)
                        .thenCompose(request -> s.write(ByteBuffer.allocate(64 << 20)))
                        .whenComplete((v, e) -> serverWrite.complete(e))))
                .start()) {
            QuicConnectionHandle conn = client().connect(server.localAddress()).get(10, TimeUnit.SECONDS);
            QuicStream s = conn.openBidirectionalStream().get(10, TimeUnit.SECONDS);
            s.writeAndFinish(ByteBuffer.wrap(new byte[] {1})).get(10, TimeUnit.SECONDS);
            assertThat(s.read(ByteBuffer.allocate(1000)).get(10, TimeUnit.SECONDS)).isPositive();
            s.stopSending(0x7).get(10, TimeUnit.SECONDS);
            Throwable error = serverWrite.get(10, TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            assertThat(cause).isInstanceOf(StreamResetException.class);
            assertThat(((StreamResetException) cause).applicationErrorCode()).isEqualTo(0x7);
        }
    }

    @Test
    void reportsConfigurationErrorsAtBuildTime() {
        assertThatThrownBy(() -> QuicServer.builder().alpn("x").onConnection(c -> { }).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> QuicServer.builder().certifiedKey(CERT).alpn("x").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onConnection");
        assertThatThrownBy(() -> QuicClient.builder().alpn("x").connect(new InetSocketAddress("127.0.0.1", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verifier");
        assertThatThrownBy(() -> QuicClient.builder().verifier(InsecureVerifier.acceptAnyCertificate())
                .connect(new InetSocketAddress("127.0.0.1", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ALPN");
    }
}
