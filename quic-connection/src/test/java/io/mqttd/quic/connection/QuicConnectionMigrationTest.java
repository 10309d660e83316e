package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.DatagramEndpoint;
import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.connection.sim.SimulatedNetwork;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class QuicConnectionMigrationTest {
    private static final InetSocketAddress BEFORE = new InetSocketAddress("10.0.0.1", 40000);
    private static final InetSocketAddress AFTER = new InetSocketAddress("10.0.0.9", 51000);

    /** A NAT in front of the client: it maps the client to one public address, then to another. */
    private static final class Nat {
        final QuicConnection client;
        boolean rebound;

        Nat(QuicConnection client) {
            this.client = client;
        }

        DatagramEndpoint side(boolean after) {
            return new DatagramEndpoint() {
                @Override
                public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
                    if (rebound == after) { // the old mapping is gone: datagrams to it are lost
                        client.handleDatagram(nowNanos, from, datagram);
                    }
                }

                @Override
                public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
                    return rebound == after ? client.pollTransmit(nowNanos, out) : null;
                }

                @Override
                public long nextTimeoutNanos() {
                    return rebound == after ? client.nextTimeoutNanos() : Long.MAX_VALUE;
                }

                @Override
                public void handleTimeout(long nowNanos) {
                    client.handleTimeout(nowNanos);
                }
            };
        }
    }

    @Test
    void serverFollowsAClientRebindingItsAddressMidTransfer_rfc9000_9_3() {
        SimulatedNetwork network = new SimulatedNetwork(51, LinkConditions.delay(10 * MS));
        SimulatedServer server = new SimulatedServer(
                QuicServerSettings.builder(ConnectionPair.CERTIFICATE).alpn("hq-interop").build(), false);
        QuicConnection client = QuicConnection.client(QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate())
                .serverName("localhost").alpn("hq-interop").build(), ConnectionPair.SERVER_ADDRESS, 0);
        Nat nat = new Nat(client);
        network.add(BEFORE, nat.side(false));
        network.add(AFTER, nat.side(true));
        network.add(ConnectionPair.SERVER_ADDRESS, server);
        assertThat(network.runUntil(client::isHandshakeConfirmed, 5 * SECOND)).isTrue();

        long id = client.openStream(false);
        QuicConnectionTransferTest.Transfer t = new QuicConnectionTransferTest.Transfer(2 << 20, 5);
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        assertThat(network.runUntil(() -> {
            t.pump(client, id);
            t.drain(server.connection(), id, scratch);
            if (!nat.rebound && t.read > (512 << 10)) {
                nat.rebound = true;
            }
            return t.ended;
        }, network.now() + 30 * SECOND)).isTrue();
        assertThat(nat.rebound).isTrue();
        // The client answered the PATH_CHALLENGE: long after the validation deadline, with nothing
        // more from the client, the server still sends to the new address (§8.2.3).
        network.runFor(10 * SECOND);
        assertThat(server.connection().peerAddress()).isEqualTo(AFTER);
        assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
        assertThat(server.connection().state()).isEqualTo(ConnectionState.ESTABLISHED);
    }

    @Test
    void serverReturnsToTheOldAddressWhenTheNewOneDoesNotAnswer_rfc9000_9_3_2() {
        SimulatedNetwork network = new SimulatedNetwork(52, LinkConditions.delay(10 * MS));
        SimulatedServer server = new SimulatedServer(
                QuicServerSettings.builder(ConnectionPair.CERTIFICATE).alpn("hq-interop").build(), false);
        QuicConnection client = QuicConnection.client(QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate())
                .serverName("localhost").alpn("hq-interop").build(), ConnectionPair.SERVER_ADDRESS, 0);
        Nat nat = new Nat(client);
        network.add(BEFORE, nat.side(false));
        network.add(AFTER, nat.side(true));
        network.add(ConnectionPair.SERVER_ADDRESS, server);
        assertThat(network.runUntil(client::isHandshakeConfirmed, 5 * SECOND)).isTrue();
        long id = client.openStream(false);
        client.write(id, ByteBuffer.wrap(new byte[100]));
        // One datagram leaves from another address, then the mapping is back to the first:
        // the challenge sent to the short-lived address is never answered.
        nat.rebound = true;
        assertThat(network.runUntil(() -> AFTER.equals(server.connection().peerAddress()), network.now() + SECOND))
                .isTrue();
        nat.rebound = false;
        assertThat(network.runUntil(() -> BEFORE.equals(server.connection().peerAddress()),
                network.now() + 10 * SECOND)).isTrue();
        assertThat(server.connection().state()).isEqualTo(ConnectionState.ESTABLISHED);
    }
}
