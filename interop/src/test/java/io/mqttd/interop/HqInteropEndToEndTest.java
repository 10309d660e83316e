package io.mqttd.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as the interop runner drives it: server and client subcommands, key log, PEM files. */
@Timeout(60)
class HqInteropEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void clientCommandDownloadsFromServerCommandAndWritesTheKeyLog() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Path out = dir.resolve("out");
        TestFiles.randomFile(www, "a.bin", 300_000, 1);
        TestFiles.randomFile(www, "b.bin", 1000, 2);
        Path cert = TestFiles.certPem(dir);
        Path key = TestFiles.keyPem(dir);
        Path keyLog = dir.resolve("keys.log");

        CommandLine serverCl = HqInterop.commandLine();
        serverCl.parseArgs("server", "--bind", "127.0.0.1", "--port", "0", "--root", www.toString(), "--cert",
                cert.toString(), "--key", key.toString(), "--cipher-suites", "TLS_CHACHA20_POLY1305_SHA256");
        HqInterop.Server server = (HqInterop.Server) serverCl.getSubcommands().get("server").getCommandSpec()
                .userObject();
        CompletableFuture<Integer> serverExit = CompletableFuture.supplyAsync(() -> {
            try {
                return server.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 100 && server.started == null; i++) {
            Thread.sleep(50);
        }
        assertThat(server.started).as("server started").isNotNull();
        int port = server.started.localAddress().getPort();

        CommandLine clientCl = HqInterop.commandLine();
        StringWriter err = new StringWriter();
        clientCl.setErr(new PrintWriter(err));
        int exit = clientCl.execute("client", "--ca", cert.toString(), "-o", out.toString(), "--keylog",
                keyLog.toString(), "https://localhost:" + port + "/a.bin", "https://localhost:" + port + "/b.bin");
        server.stop.countDown();

        assertThat(exit).as(err.toString()).isZero();
        assertThat(serverExit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(TestFiles.sha256(out.resolve("a.bin"))).isEqualTo(TestFiles.sha256(www.resolve("a.bin")));
        assertThat(TestFiles.sha256(out.resolve("b.bin"))).isEqualTo(TestFiles.sha256(www.resolve("b.bin")));
        // NSS key log lines for Wireshark: the 1-RTT secrets of both directions.
        String log = Files.readString(keyLog, StandardCharsets.US_ASCII);
        assertThat(log).contains("CLIENT_TRAFFIC_SECRET_0 ").contains("SERVER_TRAFFIC_SECRET_0 ")
                .contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET ");
    }

    @Test
    void clientCommandFailsWithStatus1WhenAFileIsMissing() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        CommandLine serverCl = HqInterop.commandLine();
        serverCl.parseArgs("server", "--bind", "127.0.0.1", "--port", "0", "--root", www.toString());
        HqInterop.Server server = (HqInterop.Server) serverCl.getSubcommands().get("server").getCommandSpec()
                .userObject();
        CompletableFuture.runAsync(() -> {
            try {
                server.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 100 && server.started == null; i++) {
            Thread.sleep(50);
        }
        int port = server.started.localAddress().getPort();
        CommandLine clientCl = HqInterop.commandLine();
        clientCl.setErr(new PrintWriter(new StringWriter()));
        int exit = clientCl.execute("client", "--insecure", "-o", dir.resolve("out").toString(),
                "https://localhost:" + port + "/missing");
        server.stop.countDown();
        assertThat(exit).isEqualTo(1);
    }
}
