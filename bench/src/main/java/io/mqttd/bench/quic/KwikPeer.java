package io.mqttd.bench.quic;

import io.mqttd.quic.tls.cert.CertifiedKey;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

/** kwik 0.10.8 (pure Java, blocking streams) as a {@link QuicPeer}. */
final class KwikPeer implements QuicPeer {
    private final CertifiedKey cert;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kwik-bench");
        t.setDaemon(true);
        return t;
    });
    private ServerConnector server;
    private DatagramSocket socket;

    KwikPeer(CertifiedKey cert) {
        this.cert = cert;
    }

    @Override
    public String name() {
        return "kwik";
    }

    @Override
    public InetSocketAddress startServer() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        char[] password = "bench".toCharArray();
        keyStore.setKeyEntry("server", cert.privateKey(), password, cert.chain().toArray(new Certificate[0]));
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server = ServerConnector.builder().withSocket(socket).withKeyStore(keyStore, "server", password, "secp256r1")
                .withConfiguration(ServerConnectionConfig.builder().maxIdleTimeoutInSeconds(30)
                        .maxOpenPeerInitiatedBidirectionalStreams(100).maxConnectionBufferSize(16 << 20)
                        .maxBidirectionalStreamBufferSize(4 << 20).build())
                .withLogger(new NullLogger()).build();
        server.registerApplicationProtocol(ALPN, (protocol, connection) -> new ApplicationProtocolConnection() {
            @Override
            public void acceptPeerInitiatedStream(QuicStream stream) {
                pool.execute(() -> serve(stream));
            }
        });
        server.start();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    private static void serve(QuicStream stream) {
        try (InputStream in = stream.getInputStream(); OutputStream out = stream.getOutputStream()) {
            int kind = in.read();
            byte[] buf = new byte[64 << 10];
            if (kind == BULK) {
                while (in.read(buf) >= 0) {
                    // discard
                }
                out.write('K');
            } else {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (Exception e) {
            stream.resetStream(1);
        }
    }

    @Override
    public Client connect(InetSocketAddress address) throws Exception {
        QuicClientConnection conn = QuicClientConnection.newBuilder()
                .uri(URI.create("https://localhost:" + address.getPort())).applicationProtocol(ALPN)
                .noServerCertificateCheck().connectTimeout(Duration.ofSeconds(10)).logger(new NullLogger())
                .defaultStreamReceiveBufferSize(4L << 20).build();
        conn.connect();
        return new Client() {
            @Override
            public void bulk(long bytes) throws Exception {
                QuicStream s = conn.createStream(true);
                byte[] chunk = new byte[1 << 20];
                try (OutputStream out = s.getOutputStream()) {
                    out.write(BULK);
                    for (long sent = 0; sent < bytes; sent += chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
                    }
                }
                if (s.getInputStream().read() != 'K') {
                    throw new IllegalStateException("no acknowledgment");
                }
            }

            @Override
            public long[] pingPong(int rounds, int size) throws Exception {
                QuicStream s = conn.createStream(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(PING);
                byte[] msg = new byte[size];
                long[] times = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    out.write(msg);
                    out.flush();
                    for (int got = 0; got < size; ) {
                        int n = in.read(msg, got, size - got);
                        if (n < 0) {
                            throw new IllegalStateException("echo ended early");
                        }
                        got += n;
                    }
                    times[i] = System.nanoTime() - start;
                }
                out.close();
                return times;
            }

            @Override
            public void close() {
                conn.close();
            }
        };
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        pool.shutdownNow();
    }
}
