package io.mqttd.quic.connection;

import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.connection.sim.SimulatedNetwork;
import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** A client and a server connection on one {@link SimulatedNetwork}, for connection tests. */
final class ConnectionPair {
    static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("10.0.0.1", 40000);
    static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress("10.0.0.2", 443);
    static final CertifiedKey CERTIFICATE = SelfSignedCertificate.generate("localhost");
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    final SimulatedNetwork network;
    final QuicConnection client;
    final SimulatedServer server;
    final List<ConnectionEvent> clientEvents = new ArrayList<>();
    final List<ConnectionEvent> serverEvents = new ArrayList<>();

    ConnectionPair(long seed, LinkConditions link, UnaryOperator<QuicClientSettings.Builder> clientConfig,
            UnaryOperator<QuicServerSettings.Builder> serverConfig, boolean retry) {
        network = new SimulatedNetwork(seed, link);
        QuicServerSettings serverSettings = serverConfig.apply(QuicServerSettings.builder(CERTIFICATE).alpn("hq-interop"))
                .build();
        QuicClientSettings clientSettings = clientConfig.apply(
                QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate()).serverName("localhost")
                        .alpn("hq-interop")).build();
        server = new SimulatedServer(serverSettings, retry);
        client = QuicConnection.client(clientSettings, SERVER_ADDRESS, 0);
        network.add(CLIENT_ADDRESS, client);
        network.add(SERVER_ADDRESS, server);
    }

    static ConnectionPair of(long seed, LinkConditions link) {
        return new ConnectionPair(seed, link, b -> b, b -> b, false);
    }

    QuicConnection serverConnection() {
        return server.connection();
    }

    /** Runs until {@code done} or {@code maxNanos} of virtual time, collecting events on the way. */
    boolean runUntil(BooleanSupplier done, long maxNanos) {
        return network.runUntil(() -> {
            drainEvents();
            return done.getAsBoolean();
        }, network.now() + maxNanos);
    }

    void drainEvents() {
        ConnectionEvent e;
        while ((e = client.pollEvent()) != null) {
            clientEvents.add(e);
        }
        QuicConnection s = server.connection();
        if (s != null) {
            while ((e = s.pollEvent()) != null) {
                serverEvents.add(e);
            }
        }
    }

    boolean handshakeDone() {
        QuicConnection s = server.connection();
        return client.state() == ConnectionState.ESTABLISHED && s != null && s.state() == ConnectionState.ESTABLISHED
                && client.isHandshakeConfirmed();
    }
}
