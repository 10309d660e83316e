package io.mqttd.mqtt.server.net;

import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;

/**
 * MQTT over plain TCP (MQTT 5.0 §4.2: the default port is 1883). Accepts connections on one
 * address and hands each, as an {@link MqttTransport} of kind {@code "tcp"}, to the broker core.
 */
public final class TcpListener implements AutoCloseable {

    /** The IANA port for MQTT over TCP without TLS. */
    public static final int DEFAULT_PORT = 1883;

    private static final int ACCEPT_BACKLOG = 4096;

    private final String name;
    private final InetSocketAddress bindAddress;
    private final EventLoops loops;
    private final ConnectionLimits limits;
    private final Function<MqttTransport, MqttConnectionHandler> connector;
    private final ListenerCounters counters = new ListenerCounters();
    private Channel serverChannel;

    /**
     * @param name a label for logs, e.g. the listener's name in the configuration
     * @param bindAddress where to listen; port 0 picks a free port (see {@link #localAddress()})
     * @param connector the broker core's entry point, e.g. {@code broker::connect}
     */
    public TcpListener(String name, InetSocketAddress bindAddress, EventLoops loops, ConnectionLimits limits,
                       Function<MqttTransport, MqttConnectionHandler> connector) {
        this.name = Objects.requireNonNull(name, "name");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.loops = Objects.requireNonNull(loops, "loops");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** Binds and starts accepting; returns the bound address. */
    public InetSocketAddress start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("listener " + name + " already started");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.acceptor(), loops.io())
                .channel(loops.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                // MQTT packets are small and latency-bound; Nagle would hold acks back.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(limits.writeLowWaterMark(), limits.writeHighWaterMark()))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator(64, 1024, limits.maxBytesPerRead()))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // The core flushes after each packet it handles; while a read is in progress,
                        // and for flushes from other connections' fan-out tasks, this turns many
                        // flushes (each a write syscall) into one per batch.
                        ch.pipeline().addLast("flush", new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                        ch.pipeline().addLast("mqtt", new MqttChannelHandler(connector, "tcp", limits, counters));
                    }
                });
        try {
            serverChannel = bootstrap.bind(bindAddress).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty rethrows the bind's checked exception undeclared.
            throw new IOException("listener " + name + " cannot bind " + bindAddress + ": " + e.getMessage(), e);
        }
        return localAddress();
    }

    /** The bound address (with the real port when 0 was asked for); null before {@link #start()}. */
    public InetSocketAddress localAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    public String name() {
        return name;
    }

    /** Always "tcp". */
    public String kind() {
        return "tcp";
    }

    public ListenerCounters counters() {
        return counters;
    }

    /** Stops accepting new connections; open connections stay (the broker closes them). */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }
}
