package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.packet.ConnectionId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A connection stand-in that records what the endpoint hands it and sends what a test queues. */
final class FakeConnection implements RoutedConnection {
    final QuicEndpoint endpoint;
    final IncomingConnection incoming;
    final List<byte[]> received = new ArrayList<>();
    final List<Long> timeouts = new ArrayList<>();
    final ArrayDeque<byte[]> toSend = new ArrayDeque<>();
    final List<ConnectionId> issued = new ArrayList<>();
    InetSocketAddress peer;
    long deadline = Long.MAX_VALUE;
    boolean terminated;
    int issueOnFirstDatagram;

    FakeConnection(QuicEndpoint endpoint, IncomingConnection incoming, int issueOnCreate) {
        this.endpoint = endpoint;
        this.incoming = incoming;
        this.peer = incoming == null ? null : incoming.client();
        for (int i = 0; i < issueOnCreate; i++) {
            issue();
        }
    }

    ConnectionId issue() {
        ConnectionId cid = endpoint.connectionIdGenerator().get();
        endpoint.routes().add(cid, endpoint.statelessResetTokens().tokenFor(cid));
        issued.add(cid);
        return cid;
    }

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        received.add(copy);
        peer = from;
        for (; issueOnFirstDatagram > 0; issueOnFirstDatagram--) {
            issue();
        }
    }

    @Override
    public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
        byte[] next = toSend.poll();
        if (next == null) {
            return null;
        }
        out.put(next);
        return peer;
    }

    @Override
    public long nextTimeoutNanos() {
        return deadline;
    }

    @Override
    public void handleTimeout(long nowNanos) {
        timeouts.add(nowNanos);
        deadline = Long.MAX_VALUE;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }
}
