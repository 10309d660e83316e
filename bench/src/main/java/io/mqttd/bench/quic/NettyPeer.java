package io.mqttd.bench.quic;

import io.mqttd.quic.tls.cert.CertifiedKey;
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
import io.netty.incubator.codec.quic.QuicServerCodecBuilder;
import io.netty.incubator.codec.quic.QuicSslContext;
import io.netty.incubator.codec.quic.QuicSslContextBuilder;
import io.netty.incubator.codec.quic.QuicStreamChannel;
import io.netty.incubator.codec.quic.QuicStreamType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Netty's QUIC codec (Cloudflare quiche, BoringSSL, native) as a {@link QuicPeer}. */
final class NettyPeer implements QuicPeer {
    private final CertifiedKey cert;
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private Channel server;
    private Channel client;

    NettyPeer(CertifiedKey cert) {
        this.cert = cert;
    }

    @Override
    public String name() {
        return "netty-quic";
    }

    @Override
    public InetSocketAddress startServer() throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(cert.privateKey(), null,
                cert.chain().toArray(new X509Certificate[0])).applicationProtocols(ALPN).build();
        ChannelHandler codec = new QuicServerCodecBuilder().sslContext(ssl).maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(16 << 20).initialMaxStreamDataBidirectionalRemote(4 << 20)
                .initialMaxStreamDataBidirectionalLocal(4 << 20).initialMaxStreamsBidirectional(100)
                .tokenHandler(InsecureQuicTokenHandler.INSTANCE).handler(new IdleConnection())
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.pipeline().addLast(new ServerStream());
                    }
                }).build();
        server = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** Netty adds the connection handler to every connection: it must be sharable. */
    @ChannelHandler.Sharable
    static final class IdleConnection extends ChannelInboundHandlerAdapter {
    }

    /** Server side of one stream: the first byte picks sink or echo. */
    static final class ServerStream extends ChannelInboundHandlerAdapter {
        private int kind = -1;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (kind < 0 && buf.isReadable()) {
                kind = buf.readByte();
            }
            if (kind == PING && buf.isReadable()) {
                ctx.writeAndFlush(buf);
            } else {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                ByteBuf answer = kind == BULK ? Unpooled.wrappedBuffer(new byte[] {'K'}) : Unpooled.EMPTY_BUFFER;
                ctx.writeAndFlush(answer).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            }
        }
    }

    /** One UDP channel and client codec for every client connection, as a Netty application would. */
    private Channel clientChannel() throws Exception {
        if (client == null) {
            QuicSslContext ssl = QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .applicationProtocols(ALPN).build();
            ChannelHandler codec = new QuicClientCodecBuilder().sslContext(ssl).maxIdleTimeout(30, TimeUnit.SECONDS)
                    .initialMaxData(16 << 20).initialMaxStreamDataBidirectionalLocal(4 << 20)
                    .initialMaxStreamDataBidirectionalRemote(4 << 20).initialMaxStreamsBidirectional(100).build();
            client = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        }
        return client;
    }

    @Override
    public Client connect(InetSocketAddress address) throws Exception {
        Channel udp = clientChannel();
        QuicChannel quic = QuicChannel.newBootstrap(udp).streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(address).connect().get(10, TimeUnit.SECONDS);
        return new Client() {
            @Override
            public void bulk(long bytes) throws Exception {
                CompletableFuture<Void> acked = new CompletableFuture<>();
                QuicStreamChannel s = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ((ByteBuf) msg).release();
                        acked.complete(null);
                    }
                }).get(10, TimeUnit.SECONDS);
                s.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {BULK})).sync();
                byte[] chunk = new byte[256 << 10];
                for (long sent = 0; sent < bytes; sent += chunk.length) {
                    // Waiting for each write gives back-pressure: it completes when quiche took the data.
                    s.writeAndFlush(Unpooled.wrappedBuffer(chunk, 0, (int) Math.min(chunk.length, bytes - sent))).sync();
                }
                s.shutdownOutput().sync();
                acked.get(60, TimeUnit.SECONDS);
            }

            @Override
            public long[] pingPong(int rounds, int size) throws Exception {
                Semaphore received = new Semaphore(0);
                QuicStreamChannel s = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        received.release(buf.readableBytes());
                        buf.release();
                    }
                }).get(10, TimeUnit.SECONDS);
                s.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {PING})).sync();
                byte[] msg = new byte[size];
                long[] times = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    s.writeAndFlush(Unpooled.wrappedBuffer(msg));
                    if (!received.tryAcquire(size, 10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("echo timed out");
                    }
                    times[i] = System.nanoTime() - start;
                }
                s.shutdownOutput();
                return times;
            }

            @Override
            public void close() throws Exception {
                quic.close().sync();
            }
        };
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close().sync();
        }
        if (server != null) {
            server.close().sync();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
