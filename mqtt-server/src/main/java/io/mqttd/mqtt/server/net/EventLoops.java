package io.mqttd.mqtt.server.net;

import io.netty.channel.EventLoopGroup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The threads every listener shares: one acceptor loop and a group of I/O loops, each I/O loop
 * owning its connections for their whole life (the broker core's per-connection executor).
 */
public final class EventLoops implements AutoCloseable {

    private final SocketTransport transport;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;

    /**
     * @param transport NIO, epoll, or AUTO
     * @param ioThreads I/O loops; 0 means one per available processor
     */
    public EventLoops(SocketTransport transport, int ioThreads) {
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative: " + ioThreads);
        }
        this.transport = transport.resolve();
        int n = ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : ioThreads;
        this.acceptor = this.transport.newGroup(1, "mqttd-accept");
        this.io = this.transport.newGroup(n, "mqttd-io");
    }

    /** NIO or EPOLL, never AUTO. */
    public SocketTransport transport() {
        return transport;
    }

    EventLoopGroup acceptor() {
        return acceptor;
    }

    EventLoopGroup io() {
        return io;
    }

    /** Stops the loops after the tasks already queued ran, waiting at most {@code timeout}. */
    public void shutdown(Duration timeout) {
        acceptor.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        io.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(timeout.toMillis());
        io.terminationFuture().awaitUninterruptibly(timeout.toMillis());
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
