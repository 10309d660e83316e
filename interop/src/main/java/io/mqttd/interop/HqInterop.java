package io.mqttd.interop;

import io.mqttd.quic.connection.api.QuicClient;
import io.mqttd.quic.connection.api.QuicConnectionHandle;
import io.mqttd.quic.connection.api.QuicServer;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.tls.KeyLogSink;
import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import io.mqttd.quic.tls.cert.TrustStoreVerifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The hq-interop command line: {@code server} serves a directory, {@code client} downloads URLs.
 * Exit status 0 on success, 1 when a download failed, 2 for bad arguments (picocli).
 */
@Command(name = "hq-interop", mixinStandardHelpOptions = true, subcommands = {HqInterop.Server.class,
        HqInterop.Client.class}, description = "HTTP/0.9 over QUIC (hq-interop) server and client")
public final class HqInterop {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The parser, for tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HqInterop());
        cl.registerConverter(CipherSuite.class, HqInterop::cipherSuite);
        cl.registerConverter(QuicVersion.class, HqInterop::version);
        return cl;
    }

    /** {@code TLS_AES_128_GCM_SHA256}, {@code TLS_AES_256_GCM_SHA384} or {@code TLS_CHACHA20_POLY1305_SHA256}. */
    static CipherSuite cipherSuite(String name) {
        try {
            return CipherSuite.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("unknown cipher suite " + name
                    + " (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256)");
        }
    }

    /** {@code 1}, {@code 2}, or a hex version such as {@code 0x6b3343cf}. */
    static QuicVersion version(String text) {
        QuicVersion v;
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            v = switch (t) {
                case "1", "v1" -> QuicVersion.V1;
                case "2", "v2" -> QuicVersion.V2;
                default -> QuicVersion.of((int) Long.parseLong(t.startsWith("0x") ? t.substring(2) : t, 16));
            };
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a QUIC version: " + text);
        }
        if (!v.isSupported()) {
            throw new CommandLine.TypeConversionException("unsupported QUIC version " + text + " (1 or 2)");
        }
        return v;
    }

    /** Options both sides share. */
    static class Common {
        @Option(names = "--cipher-suites", split = ",", paramLabel = "SUITE",
                description = "TLS 1.3 cipher suites, comma-separated (default: all three)")
        List<CipherSuite> cipherSuites;

        @Option(names = "--alpn", split = ",", defaultValue = "hq-interop",
                description = "ALPN protocols, comma-separated (default: ${DEFAULT-VALUE})")
        List<String> alpn;

        @Option(names = "--keylog", paramLabel = "FILE",
                description = "NSS key log file for Wireshark (default: $SSLKEYLOGFILE if set)")
        Path keyLog;

        KeyLogSink keyLogSink() {
            return KeyLogFile.fromOptionOrEnvironment(keyLog);
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true, description = "serve a directory over hq-interop")
    static final class Server extends Common implements Callable<Integer> {
        @Option(names = "--bind", defaultValue = "0.0.0.0", description = "address to bind (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = {"-p", "--port"}, defaultValue = "4433", description = "UDP port (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--cert", paramLabel = "PEM", description = "certificate chain (PEM); self-signed when absent")
        Path cert;

        @Option(names = "--key", paramLabel = "PEM", description = "private key (PEM) of --cert")
        Path key;

        @Option(names = "--root", defaultValue = ".", description = "directory to serve (default: ${DEFAULT-VALUE})")
        Path root;

        @Option(names = "--retry", description = "validate client addresses with Retry")
        boolean retry;

        @Option(names = "--versions", split = ",", description = "QUIC versions accepted (default: 1,2)")
        List<QuicVersion> versions;

        /** Set by tests to learn the bound port and stop the server. */
        CountDownLatch stop = new CountDownLatch(1);
        volatile QuicServer started;

        @Override
        public Integer call() throws Exception {
            if ((cert == null) != (key == null)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--cert and --key go together");
            }
            if (!Files.isDirectory(root)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--root is not a directory: " + root);
            }
            HqServer files = new HqServer(root);
            QuicServer.Builder b = QuicServer.builder().bind(new InetSocketAddress(bind, port)).alpn(alpn)
                    .retry(retry).onConnection(files::serve).keyLog(keyLogSink());
            if (cert != null) {
                b.pemFiles(cert, key);
            } else {
                b.selfSigned("localhost", "server");
            }
            if (cipherSuites != null) {
                b.cipherSuites(cipherSuites);
            }
            if (versions != null) {
                b.versions(versions);
            }
            try (QuicServer server = b.start()) {
                started = server;
                System.err.println("hq-interop server on " + server.localAddress() + " serving " + root);
                stop.await();
            }
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "download URLs over one hq-interop connection")
    static final class Client extends Common implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "URL", description = "https://host:port/path ...")
        List<URI> urls;

        @Option(names = {"-o", "--output"}, defaultValue = ".", description = "download directory (default: ${DEFAULT-VALUE})")
        Path output;

        @Option(names = "--parallel", defaultValue = "10", description = "streams at once (default: ${DEFAULT-VALUE})")
        int parallel;

        @Option(names = "--version", description = "QUIC version to use: 1 or 2 (default: 1)")
        QuicVersion version;

        @Option(names = "--ca", paramLabel = "PEM", description = "trust only these CA certificates")
        Path ca;

        @Option(names = "--insecure", description = "accept any server certificate (tests only)")
        boolean insecure;

        @Option(names = "--timeout", defaultValue = "60", description = "seconds for all downloads (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            URI first = urls.get(0);
            for (URI u : urls) {
                if (u.getHost() == null || !u.getHost().equals(first.getHost()) || u.getPort() != first.getPort()) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "all URLs must name the same host and port: " + u);
                }
            }
            Files.createDirectories(output);
            CertificateChainVerifier verifier = insecure ? InsecureVerifier.acceptAnyCertificate()
                    : ca != null ? TrustStoreVerifier.fromPem(ca) : TrustStoreVerifier.systemDefault();
            QuicClient.Builder b = QuicClient.builder().serverName(first.getHost()).alpn(alpn).verifier(verifier)
                    .keyLog(keyLogSink());
            if (version != null) {
                b.version(version);
            }
            if (cipherSuites != null) {
                b.cipherSuites(cipherSuites);
            }
            int port = first.getPort() < 0 ? 443 : first.getPort();
            QuicConnectionHandle conn = b.connect(new InetSocketAddress(first.getHost(), port))
                    .get(timeoutSeconds, TimeUnit.SECONDS);
            try {
                List<Path> files = HqClient.download(conn, new ArrayList<>(urls), output, parallel)
                        .get(timeoutSeconds, TimeUnit.SECONDS);
                System.err.println("downloaded " + files.size() + " file(s) to " + output);
                return 0;
            } catch (java.util.concurrent.ExecutionException e) {
                System.err.println("download failed: " + e.getCause());
                return 1;
            } finally {
                conn.close(0, "done").get(5, TimeUnit.SECONDS);
            }
        }
    }
}
