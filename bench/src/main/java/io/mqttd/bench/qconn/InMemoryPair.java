package io.mqttd.bench.qconn;

import io.mqttd.quic.connection.QuicClientSettings;
import io.mqttd.quic.connection.QuicConnection;
import io.mqttd.quic.connection.QuicServerSettings;
import io.mqttd.quic.connection.TransportSettings;
import io.mqttd.quic.packet.ParseOutcome;
import io.mqttd.quic.packet.ProtectedPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A client and a server connection wired back to back in memory: datagrams go straight from one
 * {@code pollTransmit} into the other's {@code handleDatagram}, and a virtual clock jumps to the
 * next timer when nothing moves. Measures the connections' CPU cost alone: no sockets, no copies
 * beyond the connections' own.
 */
final class InMemoryPair {
    static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.1", 40000);
    static final InetSocketAddress SERVER = new InetSocketAddress("10.0.0.2", 443);

    final QuicConnection client;
    QuicConnection server;
    private final QuicServerSettings serverSettings;
    private final ByteBuffer buffer = ByteBuffer.allocate(1500);
    private final ProtectedPacket view = new ProtectedPacket();
    long now;

    InMemoryPair(QuicClientSettings clientSettings, QuicServerSettings serverSettings) {
        this.serverSettings = serverSettings;
        this.client = QuicConnection.client(clientSettings, SERVER, 0);
    }

    static TransportSettings largeWindows() {
        return TransportSettings.defaults().withMaxData(16 << 20, 64 << 20)
                .withMaxStreamData(8 << 20, 8 << 20, 8 << 20, 32 << 20).withStreamSendBufferBytes(4 << 20);
    }

    /** Moves every datagram both ways once; returns whether any moved. */
    boolean exchange() {
        boolean moved = false;
        while (client.pollTransmit(now, buffer.clear()) != null) {
            buffer.flip();
            if (server == null) {
                createServer();
            }
            server.handleDatagram(now, CLIENT, buffer);
            moved = true;
        }
        while (server != null && server.pollTransmit(now, buffer.clear()) != null) {
            buffer.flip();
            client.handleDatagram(now, SERVER, buffer);
            moved = true;
        }
        return moved;
    }

    /** Nothing moved: advance the clock to the earliest timer and fire it. */
    void advance() {
        long next = Math.min(client.nextTimeoutNanos(), server == null ? Long.MAX_VALUE : server.nextTimeoutNanos());
        if (next == Long.MAX_VALUE) {
            throw new IllegalStateException("stalled: no datagram and no timer");
        }
        now = Math.max(now + 1, next);
        if (client.nextTimeoutNanos() <= now) {
            client.handleTimeout(now);
        }
        if (server != null && server.nextTimeoutNanos() <= now) {
            server.handleTimeout(now);
        }
    }

    private void createServer() {
        if (view.parse(buffer, buffer.position(), 8, false) != ParseOutcome.OK) {
            throw new IllegalStateException("first client datagram does not parse");
        }
        server = QuicConnection.server(serverSettings, CLIENT, view.versionValue(), view.destinationConnectionId(),
                null, view.sourceConnectionId(), false, now);
    }

    void handshake() {
        while (server == null || !client.isHandshakeConfirmed()) {
            if (!exchange()) {
                advance();
            }
        }
    }
}
