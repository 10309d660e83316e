package io.mqttd.quic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.tls.message.HandshakeCodec;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Peer bytes never escape as anything but a {@link TlsAlertException} (and never as internal_error,
 * which would mean a Java exception was caught): real handshake messages are bit-flipped,
 * truncated, extended, byte-replaced, or replaced by random bytes, then fed to a fresh engine in
 * the state that expects them.
 */
class MutatedHandshakeProperties {
    static TlsClientConfig clientConfig;
    static TlsServerConfig serverConfig;
    static byte[] clientHello;
    static byte[] serverHello;
    static byte[] serverFlight;
    static byte[] clientFinished;
    static byte[] ticket;
    static byte[] resumingClientHello;

    @BeforeContainer
    static void recordRealHandshake() {
        clientConfig = HandshakeTest.client(TestPki.EC_P256).secureRandom(new java.security.SecureRandom(new byte[] {1})).build();
        serverConfig = HandshakeTest.server(TestPki.EC_P256).earlyDataAcceptor(tp -> true).build();
        Pipe p = HandshakeTest.pipe(clientConfig, serverConfig).run();
        List<TlsEvent.HandshakeData> c = Pipe.of(p.clientEvents, TlsEvent.HandshakeData.class);
        List<TlsEvent.HandshakeData> s = Pipe.of(p.serverEvents, TlsEvent.HandshakeData.class);
        clientHello = c.get(0).data();
        clientFinished = c.get(1).data();
        serverHello = s.get(0).data();
        serverFlight = s.get(1).data();
        ticket = s.get(2).data();
        SessionTicket stored = p.client(TlsEvent.SessionTicketReceived.class).get(0).ticket();
        ClientHandshake resuming = new ClientHandshake(clientConfig, "localhost", HandshakeTest.CLIENT_TP, stored);
        resuming.start();
        resumingClientHello = Pipe.of(HandshakeTest.drain(resuming), TlsEvent.HandshakeData.class).get(0).data();
    }

    enum Target { CLIENT_HELLO, RESUMING_CLIENT_HELLO, SERVER_HELLO, SERVER_FLIGHT, CLIENT_FINISHED, TICKET }

    record Mutation(Target target, int kind, int position, int value, byte[] noise) {
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.of(Target.class), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64)).as(Mutation::new);
    }

    static byte[] mutate(byte[] original, Mutation m) {
        int pos = m.position() % original.length;
        return switch (m.kind()) {
            case 0 -> {
                byte[] b = original.clone();
                b[pos] ^= (byte) (1 << (m.value() % 8));
                yield b;
            }
            case 1 -> Arrays.copyOf(original, pos);
            case 2 -> {
                byte[] b = Arrays.copyOf(original, original.length + m.noise().length);
                System.arraycopy(m.noise(), 0, b, original.length, m.noise().length);
                yield b;
            }
            case 3 -> {
                byte[] b = original.clone();
                b[pos] = (byte) m.value();
                yield b;
            }
            default -> {
                byte[] b = original.clone();
                System.arraycopy(m.noise(), 0, b, pos, Math.min(m.noise().length, b.length - pos));
                yield b;
            }
        };
    }

    /** Feeds the mutated bytes to an engine at the state where the original would be accepted. */
    static void deliver(Mutation m) {
        switch (m.target()) {
            case CLIENT_HELLO -> new ServerHandshake(serverConfig, HandshakeTest.SERVER_TP)
                    .handle(EncryptionLevel.INITIAL, mutate(clientHello, m));
            case RESUMING_CLIENT_HELLO -> new ServerHandshake(serverConfig, HandshakeTest.SERVER_TP)
                    .handle(EncryptionLevel.INITIAL, mutate(resumingClientHello, m));
            case SERVER_HELLO, SERVER_FLIGHT, TICKET -> {
                ClientHandshake client = new ClientHandshake(clientConfig, "localhost", HandshakeTest.CLIENT_TP, null);
                client.start();
                ServerHandshake server = new ServerHandshake(serverConfig, HandshakeTest.SERVER_TP);
                server.handle(EncryptionLevel.INITIAL, HandshakeTest.drain(client).stream()
                        .filter(e -> e instanceof TlsEvent.HandshakeData).map(e -> ((TlsEvent.HandshakeData) e).data()).findFirst().orElseThrow());
                List<TlsEvent.HandshakeData> out = Pipe.of(HandshakeTest.drain(server), TlsEvent.HandshakeData.class);
                byte[] sh = out.get(0).data();
                byte[] flight = out.get(1).data();
                if (m.target() == Target.SERVER_HELLO) {
                    client.handle(EncryptionLevel.INITIAL, mutate(sh, m));
                    client.handle(EncryptionLevel.HANDSHAKE, flight);
                } else if (m.target() == Target.SERVER_FLIGHT) {
                    client.handle(EncryptionLevel.INITIAL, sh);
                    client.handle(EncryptionLevel.HANDSHAKE, mutate(flight, m));
                } else {
                    client.handle(EncryptionLevel.INITIAL, sh);
                    client.handle(EncryptionLevel.HANDSHAKE, flight);
                    client.handle(EncryptionLevel.APPLICATION, mutate(ticket, m));
                }
            }
            case CLIENT_FINISHED -> {
                ServerHandshake server = new ServerHandshake(serverConfig, HandshakeTest.SERVER_TP);
                ClientHandshake client = new ClientHandshake(clientConfig, "localhost", HandshakeTest.CLIENT_TP, null);
                client.start();
                server.handle(EncryptionLevel.INITIAL, Pipe.of(HandshakeTest.drain(client), TlsEvent.HandshakeData.class).get(0).data());
                List<TlsEvent.HandshakeData> out = Pipe.of(HandshakeTest.drain(server), TlsEvent.HandshakeData.class);
                client.handle(EncryptionLevel.INITIAL, out.get(0).data());
                client.handle(EncryptionLevel.HANDSHAKE, out.get(1).data());
                byte[] fin = Pipe.of(HandshakeTest.drain(client), TlsEvent.HandshakeData.class).get(0).data();
                server.handle(EncryptionLevel.HANDSHAKE, mutate(fin, m));
            }
        }
    }

    @Property(tries = 500)
    void mutatedMessagesFailOnlyWithProtocolAlerts(@ForAll("mutations") Mutation m) {
        try {
            deliver(m);
        } catch (TlsAlertException e) {
            assertThat(e.alert()).as(e.toString()).isNotEqualTo(Alert.INTERNAL_ERROR);
            assertThat(e.toTransportError().code()).isEqualTo(0x0100 + e.alert());
        }
    }

    @Property(tries = 300)
    void randomBytesDecodeToAMessageOrAnAlert(@ForAll("types") int type, @ForAll byte[] body) {
        try {
            HandshakeCodec.decode(type, body);
        } catch (TlsAlertException e) {
            assertThat(e.alert()).isIn(Alert.DECODE_ERROR, Alert.ILLEGAL_PARAMETER, Alert.UNEXPECTED_MESSAGE, Alert.PROTOCOL_VERSION);
        }
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.of(1, 2, 4, 5, 8, 11, 13, 15, 20, 24, 254, 77);
    }

    @Property(tries = 200)
    void randomBytesAtEveryLevelOfAFreshServerAreAlerts(@ForAll byte[] bytes) {
        ServerHandshake server = new ServerHandshake(serverConfig, HandshakeTest.SERVER_TP);
        try {
            server.handle(EncryptionLevel.INITIAL, bytes);
            server.handle(EncryptionLevel.HANDSHAKE, bytes);
        } catch (TlsAlertException e) {
            assertThat(e.alert()).isNotEqualTo(Alert.INTERNAL_ERROR);
        }
    }
}
