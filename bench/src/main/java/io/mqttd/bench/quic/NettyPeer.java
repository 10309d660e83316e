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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.incubator.codec.quic.EpollQuicUtils;
import io.netty.incubator.codec.quic.InsecureQuicTokenHandler;
import io.netty.incubator.codec.quic.QuicChannel;
import io.netty.incubator.codec.quic.QuicClientCodecBuilder;
import io.netty.incubator.codec.quic.QuicChannelOption;
import io.netty.incubator.codec.quic.QuicServerCodecBuilder;
import io.netty.incubator.codec.quic.QuicSslContext;
import io.netty.incubator.codec.quic.QuicSslContextBuilder;
import io.netty.incubator.codec.quic.QuicStreamChannel;
import io.netty.incubator.codec.quic.QuicStreamType;
import io.netty.incubator.codec.quic.SegmentedDatagramPacketAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Netty's QUIC codec (Cloudflare quiche, BoringSSL, native) as a {@link QuicPeer}: over NIO
 * datagram channels, as mqttd runs, or over native epoll with UDP segmentation offload (GSO, many
 * datagrams per sendmsg) and GRO, Netty's fastest Linux setup, which no pure-Java stack can use.
 */
final class NettyPeer implements QuicPeer {
    /** Datagrams per GSO send. */
    private static final int GSO_SEGMENTS = 10;
    private static final int MAX_PAYLOAD = 1500;
    private static final int RECV_BATCH = 16;
    private final CertifiedKey cert;
    private final boolean epoll;
    private final EventLoopGroup group;
    private Channel server;
    private Channel client;

    NettyPeer(CertifiedKey cert, boolean epoll) {
        this.cert = cert;
        this.epoll = epoll;
        if (epoll) {
            Epoll.ensureAvailability();
        }
        this.group = epoll ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
    }

    @Override
    public String name() {
        return epoll ? "netty-quic-epoll" : "netty-quic";
    }

    private Bootstrap udp(ChannelHandler codec) {
        Bootstrap b = new Bootstrap().group(group).handler(codec);
        if (epoll) {
            // recvmmsg: datagrams of up to MAX_PAYLOAD read in batches into one buffer.
            b.channel(EpollDatagramChannel.class).option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_PAYLOAD)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_PAYLOAD * RECV_BATCH));
        } else {
            b.channel(NioDatagramChannel.class);
        }
        return b;
    }

    private SegmentedDatagramPacketAllocator gso() {
        return epoll ? EpollQuicUtils.newSegmentedAllocator(GSO_SEGMENTS) : SegmentedDatagramPacketAllocator.NONE;
    }

    @Override
    public InetSocketAddress startServer() throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(cert.privateKey(), null,
                cert.chain().toArray(new X509Certificate[0])).applicationProtocols(ALPN).build();
        ChannelHandler codec = new QuicServerCodecBuilder().option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, gso()).sslContext(ssl).maxIdleTimeout(30, TimeUnit.SECONDS)
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
        server = udp(codec).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
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

    /**
     * Client side of a bulk stream, on the event loop: writes while the channel is writable and
     * resumes when it becomes writable again, the back-pressure a Netty application uses (waiting
     * on each write's future instead left the pipe idle for a thread hand-off per chunk).
     */
    static final class BulkWriter extends ChannelInboundHandlerAdapter {
        private static final byte[] CHUNK = new byte[64 << 10];
        private final CompletableFuture<Void> acked;
        private long remaining;
        private boolean started;

        BulkWriter(long bytes, CompletableFuture<Void> acked) {
            this.remaining = bytes;
            this.acked = acked;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            if (!started) {
                started = true;
                ctx.write(Unpooled.wrappedBuffer(new byte[] {BULK}));
            }
            while (remaining > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(CHUNK.length, remaining);
                ctx.write(Unpooled.wrappedBuffer(CHUNK, 0, n));
                remaining -= n;
            }
            ctx.flush();
            if (remaining == 0) {
                remaining = -1;
                ((QuicStreamChannel) ctx.channel()).shutdownOutput();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            acked.complete(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            acked.completeExceptionally(cause);
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
            client = udp(codec).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        }
        return client;
    }

    @Override
    public Client connect(InetSocketAddress address) throws Exception {
        Channel udp = clientChannel();
        QuicChannel quic = QuicChannel.newBootstrap(udp)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, gso()).streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(address).connect().get(10, TimeUnit.SECONDS);
        return new Client() {
            @Override
            public void bulk(long bytes) throws Exception {
                CompletableFuture<Void> acked = new CompletableFuture<>();
                QuicStreamChannel s = quic.createStream(QuicStreamType.BIDIRECTIONAL, new BulkWriter(bytes, acked))
                        .get(10, TimeUnit.SECONDS);
                acked.get(120, TimeUnit.SECONDS);
                s.closeFuture().await(10, TimeUnit.SECONDS);
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
