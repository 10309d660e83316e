package io.mqttd.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.ConnectionEvent;
import io.mqttd.quic.connection.api.QuicClient;
import io.mqttd.quic.connection.api.QuicConnectionHandle;
import io.mqttd.quic.connection.api.QuicServer;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.tls.cert.TrustStoreVerifier;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.incubator.codec.quic.InsecureQuicTokenHandler;
import io.netty.incubator.codec.quic.QuicChannel;
import io.netty.incubator.codec.quic.QuicClientCodecBuilder;
import io.netty.incubator.codec.quic.QuicConnectionCloseEvent;
import io.netty.incubator.codec.quic.QuicServerCodecBuilder;
import io.netty.incubator.codec.quic.QuicSslContext;
import io.netty.incubator.codec.quic.QuicSslContextBuilder;
import io.netty.incubator.codec.quic.QuicStreamChannel;
import io.netty.incubator.codec.quic.QuicStreamType;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with Netty's QUIC codec (Cloudflare quiche with BoringSSL underneath), both
 * directions, over hq-interop on UDP loopback.
 */
@Timeout(120)
class NettyQuicInteropTest {
    static final String ALPN = "hq-interop";
    static final int ONE_MB = 1 << 20;

    @TempDir
    Path www;
    @TempDir
    Path downloads;

    final NioEventLoopGroup group = new NioEventLoopGroup(1);

    @AfterEach
    void stopGroup() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    // ---- Netty's client against our server ----

    QuicServer ourServer(List<CipherSuite> suites, CompletableFuture<ConnectionEvent.ConnectionClosed> closes)
            throws Exception {
        HqServer files = new HqServer(www);
        QuicServer.Builder b = QuicServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .certifiedKey(TestFiles.CERT).alpn(ALPN).onConnection(c -> {
                    c.closed().thenAccept(closes::complete);
                    files.serve(c);
                });
        if (suites != null) {
            b.cipherSuites(suites);
        }
        return b.start();
    }

    QuicChannel nettyClient(InetSocketAddress server) throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(ALPN).build();
        ChannelHandler codec = new QuicClientCodecBuilder().sslContext(ssl).maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64 << 20).initialMaxStreamDataBidirectionalLocal(16 << 20)
                .initialMaxStreamsBidirectional(100).build();
        Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        return QuicChannel.newBootstrap(udp).streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(server).connect().get(10, TimeUnit.SECONDS);
    }

    /** Sends {@code GET path}, FIN, and completes with the whole response once the server's FIN came. */
    static CompletableFuture<byte[]> nettyGet(QuicChannel quic, String path) throws Exception {
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        QuicStreamChannel stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                sink.writeBytes(bytes);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                body.complete(sink.toByteArray());
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                    body.complete(sink.toByteArray());
                }
            }
        }).get(10, TimeUnit.SECONDS);
        stream.writeAndFlush(Unpooled.copiedBuffer("GET " + path + "\r\n", StandardCharsets.US_ASCII))
                .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        return body;
    }

    @Test
    void nettyClientDownloadsOneMegabyteFromOurServerThenCloses() throws Exception {
        Path file = TestFiles.randomFile(www, "big", ONE_MB, 11);
        CompletableFuture<ConnectionEvent.ConnectionClosed> closes = new CompletableFuture<>();
        try (QuicServer server = ourServer(null, closes)) {
            QuicChannel quic = nettyClient(server.localAddress());
            byte[] body = nettyGet(quic, "/big").get(30, TimeUnit.SECONDS);
            assertThat(TestFiles.sha256(body)).isEqualTo(TestFiles.sha256(file));
            quic.close(true, 0x44, Unpooled.copiedBuffer("bye", StandardCharsets.US_ASCII)).sync();
            ConnectionEvent.ConnectionClosed close = closes.get(10, TimeUnit.SECONDS);
            assertThat(close.byPeer()).isTrue();
            assertThat(close.application()).isTrue();
            assertThat(close.errorCode()).isEqualTo(0x44);
        }
    }

    @Test
    void nettyClientRunsTenConcurrentStreamsAgainstOurServer() throws Exception {
        for (int i = 0; i < 10; i++) {
            TestFiles.randomFile(www, "f" + i, 40_000 + i, i);
        }
        try (QuicServer server = ourServer(null, new CompletableFuture<>())) {
            QuicChannel quic = nettyClient(server.localAddress());
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(nettyGet(quic, "/f" + i));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(TestFiles.sha256(replies.get(i).get(30, TimeUnit.SECONDS)))
                        .isEqualTo(TestFiles.sha256(www.resolve("f" + i)));
            }
            quic.close().sync();
        }
    }

    @Test
    void nettyClientAgainstOurChaCha20OnlyServer() throws Exception {
        Path file = TestFiles.randomFile(www, "c", 20_000, 12);
        try (QuicServer server = ourServer(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256),
                new CompletableFuture<>())) {
            QuicChannel quic = nettyClient(server.localAddress());
            assertThat(nettyGet(quic, "/c").get(30, TimeUnit.SECONDS)).isEqualTo(Files.readAllBytes(file));
            quic.close().sync();
        }
    }

    // ---- our client against Netty's server ----

    /** A Netty QUIC hq-interop server over {@link #www}; {@code closes} gets the peer's CONNECTION_CLOSE. */
    Channel nettyServer(CompletableFuture<QuicConnectionCloseEvent> closes) throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(TestFiles.CERT.privateKey(), null,
                TestFiles.CERT.chain().toArray(new X509Certificate[0])).applicationProtocols(ALPN).build();
        ChannelHandler codec = new QuicServerCodecBuilder().sslContext(ssl).maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64 << 20).initialMaxStreamDataBidirectionalRemote(16 << 20)
                .initialMaxStreamsBidirectional(100).tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof QuicConnectionCloseEvent close) {
                            closes.complete(close);
                        }
                    }
                })
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.pipeline().addLast(new NettyHqHandler(www));
                    }
                }).build();
        return new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    /** Collects the request until FIN, then answers with the file and FIN. */
    static final class NettyHqHandler extends ChannelInboundHandlerAdapter {
        private final Path root;
        private final ByteArrayOutputStream request = new ByteArrayOutputStream();

        NettyHqHandler(Path root) {
            this.root = root;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            request.writeBytes(bytes);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                HqRequest r = HqRequest.parse(request.toByteArray());
                Path file = r == null ? null : r.resolveUnder(root);
                byte[] body = file == null ? new byte[0] : Files.readAllBytes(file);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(body)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            }
        }
    }

    QuicConnectionHandle ourClient(InetSocketAddress server, List<CipherSuite> suites) throws Exception {
        QuicClient.Builder b = QuicClient.builder().serverName("localhost").alpn(ALPN)
                .verifier(TrustStoreVerifier.trusting(TestFiles.CERT.chain()));
        if (suites != null) {
            b.cipherSuites(suites);
        }
        return b.connect(server).get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourClientDownloadsOneMegabyteFromNettyServerThenCloses() throws Exception {
        Path file = TestFiles.randomFile(www, "big", ONE_MB, 13);
        CompletableFuture<QuicConnectionCloseEvent> closes = new CompletableFuture<>();
        Channel server = nettyServer(closes);
        try {
            QuicConnectionHandle conn = ourClient((InetSocketAddress) server.localAddress(), null);
            Path got = HqClient.get(conn, new HqRequest("/big"), downloads.resolve("big")).get(30, TimeUnit.SECONDS);
            assertThat(TestFiles.sha256(got)).isEqualTo(TestFiles.sha256(file));
            conn.close(0x45, "done").get(10, TimeUnit.SECONDS);
            QuicConnectionCloseEvent close = closes.get(10, TimeUnit.SECONDS);
            assertThat(close.isApplicationClose()).isTrue();
            assertThat(close.error()).isEqualTo(0x45);
        } finally {
            server.close().sync();
        }
    }

    @Test
    void ourClientRunsTenConcurrentStreamsWithChaCha20AgainstNettyServer() throws Exception {
        Channel server = nettyServer(new CompletableFuture<>());
        try {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            List<URI> urls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                TestFiles.randomFile(www, "f" + i, 30_000 + i, i);
                urls.add(URI.create("https://localhost:" + port + "/f" + i));
            }
            QuicConnectionHandle conn = ourClient((InetSocketAddress) server.localAddress(),
                    List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256));
            List<Path> files = HqClient.download(conn, urls, downloads, 10).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                assertThat(TestFiles.sha256(files.get(i))).isEqualTo(TestFiles.sha256(www.resolve("f" + i)));
            }
            conn.close(0, "done");
        } finally {
            server.close().sync();
        }
    }

    @Test
    void nettyServerClosingReachesOurClient() throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(TestFiles.CERT.privateKey(), null,
                TestFiles.CERT.chain().toArray(new X509Certificate[0])).applicationProtocols(ALPN).build();
        ChannelHandler codec = new QuicServerCodecBuilder().sslContext(ssl).maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(1 << 20).tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        QuicChannel quic = (QuicChannel) ctx.channel();
                        ctx.executor().schedule(() -> quic.close(true, 0x46, Unpooled.EMPTY_BUFFER), 200,
                                TimeUnit.MILLISECONDS);
                    }
                })
                .streamHandler(new ChannelInboundHandlerAdapter()).build();
        Channel server = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try {
            QuicConnectionHandle conn = ourClient((InetSocketAddress) server.localAddress(), null);
            ConnectionEvent.ConnectionClosed close = conn.closed().get(10, TimeUnit.SECONDS);
            assertThat(close.byPeer()).isTrue();
            assertThat(close.errorCode()).isEqualTo(0x46);
        } finally {
            server.close().sync();
        }
    }
}
