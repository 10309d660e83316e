package io.mqttd.mqtt.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import io.mqttd.mqtt.server.transport.MqttTransport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One Netty channel seen as an {@link MqttTransport}. The executor is the channel's event loop, so
 * the core's calls arrive on the thread that owns the channel and go straight to its pipeline
 * without a task hop.
 *
 * <p>{@link #write} copies the core's bytes once into a buffer from the channel's pooled allocator
 * (direct memory when the transport prefers it), which the socket write then releases: the core may
 * reuse its encoding buffer at once, as the contract says.
 */
final class NettyMqttTransport implements MqttTransport {

    private final Channel channel;
    private final String kind;
    private final Duration closeLinger;
    private boolean closing;

    NettyMqttTransport(Channel channel, String kind, Duration closeLinger) {
        this.channel = channel;
        this.kind = kind;
        this.closeLinger = closeLinger;
    }

    @Override
    public void write(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n == 0) {
            return;
        }
        if (closing || !channel.isActive()) {
            // The contract: the buffer is consumed. Bytes for a closed socket have nowhere to go.
            bytes.position(bytes.limit());
            return;
        }
        ByteBuf out = channel.alloc().ioBuffer(n);
        out.writeBytes(bytes);
        channel.write(out, channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        // Netty's close() discards flushed bytes still waiting for socket space; a DISCONNECT with
        // a reason code must reach the peer first (MQTT 5.0 §4.13.1). An empty write completes
        // after everything queued before it, and the linger bounds a peer that stopped reading.
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (closeLinger.isZero()) {
            channel.close();
        } else {
            ScheduledFuture<?> forced =
                    channel.eventLoop().schedule((Runnable) channel::close, closeLinger.toNanos(), TimeUnit.NANOSECONDS);
            channel.closeFuture().addListener(f -> forced.cancel(false));
        }
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return kind + " " + channel.remoteAddress();
    }
}
