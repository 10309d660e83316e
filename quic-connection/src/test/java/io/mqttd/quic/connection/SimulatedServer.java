package io.mqttd.quic.connection;

import io.mqttd.quic.connection.path.AddressValidationTokens;
import io.mqttd.quic.connection.sim.DatagramEndpoint;
import io.mqttd.quic.crypto.RetryIntegrity;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.ParseOutcome;
import io.mqttd.quic.packet.ProtectedPacket;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.RetryPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A minimal one-connection server endpoint for simulations: creates the {@link QuicConnection} on the
 * client's first Initial and, when asked, first answers with a Retry (RFC 9000 §8.1.2) whose token
 * carries the original Destination Connection ID. The real endpoint (routing, Version Negotiation,
 * stateless reset) is another component; this stands in for it in connection tests.
 */
final class SimulatedServer implements DatagramEndpoint {
    final QuicServerSettings settings;
    /**
     * Test switch: the connection announces a wrong original_destination_connection_id and a
     * retry_source_connection_id without a Retry (RFC 9000 §7.3).
     */
    boolean lieAboutOriginalDestination;
    private final boolean retry;
    private final AddressValidationTokens tokens = AddressValidationTokens.withRandomKey();
    private final ProtectedPacket view = new ProtectedPacket();
    private QuicConnection connection;
    private byte[] pendingRetry;
    private InetSocketAddress retryTo;
    int retriesSent;

    SimulatedServer(QuicServerSettings settings, boolean retry) {
        this.settings = settings;
        this.retry = retry;
    }

    QuicConnection connection() {
        return connection;
    }

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
        if (connection != null) {
            connection.handleDatagram(nowNanos, from, datagram);
            return;
        }
        if (datagram.remaining() < 1200 || view.parse(datagram, datagram.position(), 8, false) != ParseOutcome.OK
                || view.type() != PacketType.INITIAL) {
            return;
        }
        ConnectionId dcid = view.destinationConnectionId();
        ConnectionId scid = view.sourceConnectionId();
        ConnectionId originalDestination = dcid;
        ConnectionId retrySource = null;
        boolean validated = false;
        if (retry) {
            if (view.tokenLength() == 0) {
                sendRetry(nowNanos, from, view.versionValue(), dcid, scid);
                return;
            }
            byte[] token = new byte[view.tokenLength()];
            view.buffer().get(view.tokenOffset(), token);
            AddressValidationTokens.Validated v = tokens.validate(token, from, nowNanos / 1_000_000);
            if (v == null || !v.fromRetry()) {
                return;
            }
            originalDestination = v.originalDestination();
            retrySource = v.retrySource();
            validated = true;
        }
        if (lieAboutOriginalDestination) {
            // Keys still come from the real DCID (as retry source), but the transport parameters
            // name another original DCID and a Retry that never happened.
            retrySource = dcid;
            originalDestination = ConnectionId.fromHex("0102030405060708");
        }
        connection = QuicConnection.server(settings, from, view.versionValue(), originalDestination, retrySource, scid,
                validated, nowNanos);
        connection.handleDatagram(nowNanos, from, datagram.position(0));
    }

    private void sendRetry(long now, InetSocketAddress client, int version, ConnectionId dcid, ConnectionId scid) {
        ConnectionId retrySource = settings.connectionIdGenerator().get();
        byte[] token = tokens.retryToken(client, dcid, retrySource, now / 1_000_000);
        RetryPacket packet = new RetryPacket(QuicVersion.of(version), scid, retrySource, token);
        ByteBuffer out = ByteBuffer.allocate(packet.encodedLength());
        packet.writeTo(out, new byte[RetryIntegrity.TAG_LENGTH]);
        byte[] bytes = out.array();
        int withoutTag = bytes.length - RetryIntegrity.TAG_LENGTH;
        byte[] tag = RetryIntegrity.computeTag(version, dcid.toByteArray(), bytes, 0, withoutTag);
        System.arraycopy(tag, 0, bytes, withoutTag, tag.length);
        pendingRetry = bytes;
        retryTo = client;
        retriesSent++;
    }

    @Override
    public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
        if (pendingRetry != null) {
            out.put(pendingRetry);
            pendingRetry = null;
            return retryTo;
        }
        return connection == null ? null : connection.pollTransmit(nowNanos, out);
    }

    @Override
    public long nextTimeoutNanos() {
        return connection == null ? Long.MAX_VALUE : connection.nextTimeoutNanos();
    }

    @Override
    public void handleTimeout(long nowNanos) {
        if (connection != null) {
            connection.handleTimeout(nowNanos);
        }
    }
}
