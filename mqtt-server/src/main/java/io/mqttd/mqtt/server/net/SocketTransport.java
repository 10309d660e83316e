package io.mqttd.mqtt.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Which Netty socket implementation the listeners use. Epoll (Linux, native) saves a copy per read
 * and some wake-ups against NIO; NIO works everywhere. {@link #AUTO} takes epoll when its native
 * library loads.
 */
public enum SocketTransport {
    AUTO,
    NIO,
    EPOLL;

    /** The concrete choice: AUTO resolves to EPOLL or NIO; EPOLL fails when it is unavailable. */
    public SocketTransport resolve() {
        return switch (this) {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case NIO -> NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("epoll requested but unavailable: " + Epoll.unavailabilityCause());
                }
                yield EPOLL;
            }
        };
    }

    EventLoopGroup newGroup(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return switch (resolve()) {
            case EPOLL -> new EpollEventLoopGroup(threads, factory);
            default -> new NioEventLoopGroup(threads, factory);
        };
    }

    Class<? extends ServerChannel> serverChannel() {
        return resolve() == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
