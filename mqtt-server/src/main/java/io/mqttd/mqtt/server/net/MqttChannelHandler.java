package io.mqttd.mqtt.server.net;

import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The last handler of a connection's pipeline: hands bytes, writability and closure to the broker
 * core's {@link MqttConnectionHandler}, enforces the connect timeout, and applies read-side
 * back-pressure. One instance per channel; every method runs on the channel's event loop.
 *
 * <p>Back-pressure: while the channel is not writable (more than the high-water mark of our bytes
 * waits for the peer), reading from it stops (autoRead off) and resumes once it drains below the
 * low-water mark. Every request a client sends produces bytes for it (acknowledgements, SUBACKs,
 * PINGRESP), so a client that does not read cannot make the broker buffer without bound; the core
 * sees the same signal through {@link MqttConnectionHandler#onWritabilityChanged()}.
 */
final class MqttChannelHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(MqttChannelHandler.class.getName());

    private final Function<MqttTransport, MqttConnectionHandler> connector;
    private final String kind;
    private final ConnectionLimits limits;
    private final ListenerCounters counters;
    private final FirstPacketWatch firstPacket = new FirstPacketWatch();

    private MqttConnectionHandler core;
    private ScheduledFuture<?> connectDeadline;
    private boolean closedNotified;

    MqttChannelHandler(Function<MqttTransport, MqttConnectionHandler> connector, String kind,
                       ConnectionLimits limits, ListenerCounters counters) {
        this.connector = connector;
        this.kind = kind;
        this.limits = limits;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.opened();
        connectDeadline = ctx.executor().schedule(() -> connectTimedOut(ctx),
                limits.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        NettyMqttTransport transport = new NettyMqttTransport(ctx.channel(), kind, limits.closeLinger());
        try {
            core = connector.apply(transport);
        } catch (RuntimeException e) {
            // The broker refused or failed to take the connection (closing down, overloaded).
            LOG.log(Level.WARNING, "broker did not accept connection from " + ctx.channel().remoteAddress(), e);
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (core == null || buf.readableBytes() == 0) {
                return;
            }
            counters.received(buf.readableBytes());
            // A socket read lands in one contiguous buffer: nioBuffer() is a view, no copy.
            ByteBuffer bytes = buf.nioBufferCount() == 1
                    ? buf.nioBuffer(buf.readerIndex(), buf.readableBytes())
                    : copy(buf);
            if (connectDeadline != null) {
                firstPacket.observe(bytes);
                if (firstPacket.firstPacketComplete()) {
                    connectDeadline.cancel(false);
                    connectDeadline = null;
                }
            }
            core.onBytes(bytes);
        } finally {
            buf.release();
        }
    }

    private static ByteBuffer copy(ByteBuf buf) {
        ByteBuffer b = ByteBuffer.allocate(buf.readableBytes());
        buf.getBytes(buf.readerIndex(), b);
        return b.flip();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        ctx.channel().config().setAutoRead(writable);
        if (!writable) {
            counters.readPaused();
        }
        if (core != null) {
            core.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        counters.closed();
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
            connectDeadline = null;
        }
        if (core != null && !closedNotified) {
            closedNotified = true;
            core.onTransportClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are how TCP peers leave; anything else from the core is a bug
        // to log, and the connection closes either way (one bad connection never hurts the rest).
        if (cause instanceof IOException) {
            LOG.log(Level.DEBUG, () -> "connection " + ctx.channel().remoteAddress() + ": " + cause);
        } else {
            LOG.log(Level.WARNING, "connection " + ctx.channel().remoteAddress() + " failed", cause);
        }
        ctx.close();
    }

    private void connectTimedOut(ChannelHandlerContext ctx) {
        counters.connectTimedOut();
        LOG.log(Level.DEBUG, () -> "no complete CONNECT from " + ctx.channel().remoteAddress()
                + " within " + limits.connectTimeout() + ", closing");
        ctx.close();
    }
}
