package io.mqttd.bench.quic;

import io.mqttd.quic.connection.TransportSettings;
import io.mqttd.quic.connection.api.QuicClient;
import io.mqttd.quic.connection.api.QuicClientEndpoint;
import io.mqttd.quic.connection.api.QuicConnectionHandle;
import io.mqttd.quic.connection.api.QuicServer;
import io.mqttd.quic.connection.api.QuicStream;
import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * mqttd's public API ({@code io.mqttd.quic.connection.api}) as a {@link QuicPeer}. Its datagram size
 * ceiling is the default (1472, found by DPLPMTUD) unless {@code -Dbench.mqttd.maxUdpPayloadSize=N}
 * says otherwise; {@code N=1200} turns path MTU discovery off, for comparisons at the 1200 bytes
 * the other peers send by default.
 */
final class MqttdPeer implements QuicPeer {
    private final CertifiedKey cert;
    private final TransportSettings transport = datagramSize(TransportSettings.defaults().withMaxData(16 << 20, 64 << 20)
            .withMaxStreamData(4 << 20, 4 << 20, 4 << 20, 32 << 20));
    private QuicServer server;
    /** One UDP socket and loop for every client connection, as NettyPeer shares one channel. */
    private QuicClientEndpoint clientEndpoint;

    MqttdPeer(CertifiedKey cert) {
        this.cert = cert;
    }

    private static TransportSettings datagramSize(TransportSettings t) {
        Integer size = Integer.getInteger("bench.mqttd.maxUdpPayloadSize");
        if (size == null) {
            return t;
        }
        return size <= 1200 ? t.withPathMtuDiscovery(false) : t.withMaxUdpPayloadSize(size);
    }

    @Override
    public String name() {
        return "mqttd";
    }

    @Override
    public InetSocketAddress startServer() throws Exception {
        server = QuicServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .certifiedKey(cert).alpn(ALPN).transport(transport).onConnection(MqttdPeer::serve).start();
        return server.localAddress();
    }

    private static void serve(QuicConnectionHandle conn) {
        conn.acceptStream().thenAccept(stream -> {
            serve(conn);
            ByteBuffer first = ByteBuffer.allocate(1);
            stream.read(first).thenAccept(n -> {
                if (n > 0 && first.get(0) == BULK) {
                    sink(stream, ByteBuffer.allocate(256 << 10));
                } else if (n > 0) {
                    echo(stream, ByteBuffer.allocate(64 << 10));
                }
            });
        });
    }

    private static void sink(QuicStream stream, ByteBuffer buf) {
        stream.read(buf.clear()).thenAccept(n -> {
            if (n < 0) {
                stream.writeAndFinish(ByteBuffer.wrap(new byte[] {'K'}));
            } else {
                sink(stream, buf);
            }
        });
    }

    private static void echo(QuicStream stream, ByteBuffer buf) {
        stream.read(buf.clear()).thenAccept(n -> {
            if (n < 0) {
                stream.finish();
            } else {
                buf.flip();
                stream.write(buf).thenRun(() -> echo(stream, buf));
            }
        });
    }

    @Override
    public Client connect(InetSocketAddress address) throws Exception {
        if (clientEndpoint == null) {
            clientEndpoint = QuicClientEndpoint.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
        QuicConnectionHandle conn = QuicClient.builder().endpoint(clientEndpoint).serverName("localhost").alpn(ALPN).transport(transport)
                .verifier(InsecureVerifier.acceptAnyCertificate()).connect(address).get(10, TimeUnit.SECONDS);
        return new Client() {
            @Override
            public void bulk(long bytes) throws Exception {
                QuicStream s = conn.openBidirectionalStream().get(10, TimeUnit.SECONDS);
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                s.write(ByteBuffer.wrap(new byte[] {BULK})).get();
                for (long sent = 0; sent < bytes; sent += chunk.capacity()) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), bytes - sent));
                    s.write(chunk).get();
                }
                s.finish();
                byte[] ack = s.readAll(1).get(60, TimeUnit.SECONDS);
                if (ack.length != 1 || ack[0] != 'K') {
                    throw new IllegalStateException("no acknowledgment");
                }
            }

            @Override
            public long[] pingPong(int rounds, int size) throws Exception {
                QuicStream s = conn.openBidirectionalStream().get(10, TimeUnit.SECONDS);
                s.write(ByteBuffer.wrap(new byte[] {PING})).get();
                long[] times = new long[rounds];
                ByteBuffer out = ByteBuffer.allocate(size);
                ByteBuffer in = ByteBuffer.allocate(size);
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    CompletableFuture<Void> w = s.write(out.clear());
                    in.clear();
                    while (in.hasRemaining()) {
                        if (s.read(in).get(10, TimeUnit.SECONDS) < 0) {
                            throw new IllegalStateException("echo ended early");
                        }
                    }
                    w.get();
                    times[i] = System.nanoTime() - start;
                }
                s.finish();
                return times;
            }

            @Override
            public void close() throws Exception {
                conn.close(0, "done").get(5, TimeUnit.SECONDS);
            }
        };
    }

    @Override
    public void close() {
        if (clientEndpoint != null) {
            clientEndpoint.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
