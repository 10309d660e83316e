package io.mqttd.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqttd.quic.connection.ConnectionEvent;
import io.mqttd.quic.connection.api.QuicClient;
import io.mqttd.quic.connection.api.QuicConnectionHandle;
import io.mqttd.quic.connection.api.QuicServer;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.tls.cert.TrustStoreVerifier;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with ngtcp2 0.12 (Debian's {@code ngtcp2-client} and {@code ngtcp2-server}, GnuTLS
 * builds {@code gtlsclient}/{@code gtlsserver}). They speak HTTP/3 only, so the proof is the QUIC
 * handshake (ALPN h3), the negotiated cipher suite, and each side's CONNECTION_CLOSE reaching the
 * other; stream transfers are proven against kwik and Netty QUIC.
 */
@Timeout(120)
class Ngtcp2InteropTest {
    static final String CLIENT = "/usr/bin/gtlsclient";
    static final String SERVER = "/usr/sbin/gtlsserver";
    static final String H3 = "h3";
    /** GnuTLS priority string ngtcp2's example uses, restricted to ChaCha20-Poly1305. */
    static final String GNUTLS_CHACHA_ONLY = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireNgtcp2() {
        assumeTrue(Files.isExecutable(Path.of(CLIENT)) && Files.isExecutable(Path.of(SERVER)),
                "ngtcp2 examples not installed: apt-get install ngtcp2-client ngtcp2-server (.ci/run does)");
    }

    /** Runs ngtcp2's client against {@code port} until it exits; returns its output. */
    String runClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CLIENT, "--exit-on-all-streams-close", "--timeout=5s"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("127.0.0.1", Integer.toString(port), "https://localhost:" + port + "/"));
        Path out = dir.resolve("client.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ngtcp2 client exits").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    QuicServer ourServer(List<CipherSuite> suites, CompletableFuture<ConnectionEvent.ConnectionClosed> closes)
            throws Exception {
        QuicServer.Builder b = QuicServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .certifiedKey(TestFiles.CERT).alpn(H3).onConnection(c -> {
                    c.closed().thenAccept(closes::complete);
                    // The hq server resets ngtcp2's HTTP/3 request stream, so its client closes at once.
                    new HqServer(dir).serve(c);
                });
        if (suites != null) {
            b.cipherSuites(suites);
        }
        return b.start();
    }

    @Test
    void ngtcp2ClientCompletesHandshakeWithOurServerAndItsCloseReachesUs() throws Exception {
        CompletableFuture<ConnectionEvent.ConnectionClosed> closes = new CompletableFuture<>();
        try (QuicServer server = ourServer(null, closes)) {
            String out = runClient(server.localAddress().getPort());
            assertThat(out).contains("QUIC handshake has completed").contains("Negotiated ALPN is h3")
                    .contains("QUIC handshake has been confirmed");
            assertThat(out).contains("closed with error code " + HqServer.NOT_FOUND);
            assertThat(closes.get(10, TimeUnit.SECONDS)).matches(ConnectionEvent.ConnectionClosed::byPeer, "closed by the peer");
        }
    }

    @Test
    void ngtcp2ClientNegotiatesChaCha20WithOurChaCha20OnlyServer() throws Exception {
        try (QuicServer server = ourServer(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256), new CompletableFuture<>())) {
            String out = runClient(server.localAddress().getPort(), "--ciphers=" + GNUTLS_CHACHA_ONLY);
            assertThat(out).contains("QUIC handshake has completed").contains("Negotiated cipher suite is CHACHA20-POLY1305");
        }
    }

    @Test
    void ourServerCloseReachesNgtcp2Client() throws Exception {
        try (QuicServer server = QuicServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .certifiedKey(TestFiles.CERT).alpn(H3).onConnection(c -> c.close(0x101, "bye")).start()) {
            String out = runClient(server.localAddress().getPort());
            assertThat(out).contains("QUIC handshake has completed");
            assertThat(out).containsPattern("frm rx \\d+ 1RTT CONNECTION_CLOSE\\(0x1d\\) error_code=\\S*\\(0x101\\)");
        }
    }

    // ---- our client against ngtcp2's server ----

    /** Key and certificate as GnuTLS reads them (SEC 1 EC key), made with openssl. */
    Path[] opensslKeyAndCert() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl made a certificate").isTrue();
        return new Path[] {key, cert};
    }

    record Ngtcp2Server(Process process, int port, Path log) implements AutoCloseable {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    Ngtcp2Server startServer(Path key, Path cert) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("server.out");
        Process p = new ProcessBuilder(SERVER, "--timeout=10s", "127.0.0.1", Integer.toString(port), key.toString(),
                cert.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread.sleep(300); // the server binds before it logs anything; give it a moment
        assertThat(p.isAlive()).as("ngtcp2 server running: " + Files.readString(log)).isTrue();
        return new Ngtcp2Server(p, port, log);
    }

    QuicConnectionHandle ourClient(int port, Path cert, List<CipherSuite> suites) throws Exception {
        QuicClient.Builder b = QuicClient.builder().serverName("localhost").alpn(H3)
                .verifier(TrustStoreVerifier.fromPem(cert));
        if (suites != null) {
            b.cipherSuites(suites);
        }
        return b.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourClientCompletesHandshakeWithNgtcp2ServerAndItsCloseReachesIt() throws Exception {
        Path[] pem = opensslKeyAndCert();
        try (Ngtcp2Server server = startServer(pem[0], pem[1])) {
            QuicConnectionHandle conn = ourClient(server.port(), pem[1], null);
            assertThat(conn.alpn()).isEqualTo(H3);
            conn.close(0x100, "done").get(10, TimeUnit.SECONDS); // H3_NO_ERROR
            waitForOutput(server, "CONNECTION_CLOSE");
            assertThat(server.output()).contains("QUIC handshake has completed")
                    .containsPattern("frm rx \\d+ 1RTT CONNECTION_CLOSE\\(0x1d\\) error_code=\\S*\\(0x100\\)");
        }
    }

    @Test
    void ourChaCha20OnlyClientNegotiatesChaCha20WithNgtcp2Server() throws Exception {
        Path[] pem = opensslKeyAndCert();
        try (Ngtcp2Server server = startServer(pem[0], pem[1])) {
            QuicConnectionHandle conn = ourClient(server.port(), pem[1],
                    List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256));
            conn.close(0x100, "done").get(10, TimeUnit.SECONDS);
            waitForOutput(server, "Negotiated cipher suite");
            assertThat(server.output()).contains("Negotiated cipher suite is CHACHA20-POLY1305");
        }
    }

    private static void waitForOutput(Ngtcp2Server server, String text) throws Exception {
        for (int i = 0; i < 50 && !server.output().contains(text); i++) {
            Thread.sleep(100);
        }
    }
}
