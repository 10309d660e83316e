package io.mqttd.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.QuicVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HqInteropCommandLineTest {

    @Test
    void parsesClientOptions() {
        CommandLine cl = HqInterop.commandLine();
        CommandLine.ParseResult r = cl.parseArgs("client", "--cipher-suites", "TLS_CHACHA20_POLY1305_SHA256",
                "--version", "2", "--parallel", "3", "-o", "/tmp/x", "--insecure",
                "https://localhost:4433/a", "https://localhost:4433/b");
        HqInterop.Client client = (HqInterop.Client) r.subcommand().commandSpec().userObject();
        assertThat(client.cipherSuites).containsExactly(CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
        assertThat(client.version).isEqualTo(QuicVersion.V2);
        assertThat(client.parallel).isEqualTo(3);
        assertThat(client.insecure).isTrue();
        assertThat(client.alpn).containsExactly("hq-interop");
        assertThat(client.urls).containsExactly(URI.create("https://localhost:4433/a"), URI.create("https://localhost:4433/b"));
    }

    @Test
    void parsesServerOptions() {
        CommandLine.ParseResult r = HqInterop.commandLine().parseArgs("server", "--port", "0", "--retry",
                "--versions", "1,0x6b3343cf", "--alpn", "hq-interop,h3");
        HqInterop.Server server = (HqInterop.Server) r.subcommand().commandSpec().userObject();
        assertThat(server.port).isZero();
        assertThat(server.retry).isTrue();
        assertThat(server.versions).isEqualTo(List.of(QuicVersion.V1, QuicVersion.V2));
        assertThat(server.alpn).containsExactly("hq-interop", "h3");
    }

    @Test
    void rejectsUnknownCipherSuitesAndVersionsWithUsageError() {
        assertThat(run("client", "--cipher-suites", "TLS_NULL", "https://h:1/a")).isEqualTo(2);
        assertThat(run("client", "--version", "0x0a0a0a0a", "https://h:1/a")).isEqualTo(2);
        assertThat(run("client")).isEqualTo(2);
    }

    private static int run(String... args) {
        CommandLine cl = HqInterop.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }
}
