package io.mqttd.quic.tls;

import static io.mqttd.quic.tls.HandshakeTest.CLIENT_TP;
import static io.mqttd.quic.tls.HandshakeTest.SERVER_TP;
import static io.mqttd.quic.tls.HandshakeTest.assertAlert;
import static io.mqttd.quic.tls.HandshakeTest.client;
import static io.mqttd.quic.tls.HandshakeTest.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.tls.TlsEvent.Direction;
import io.mqttd.quic.tls.message.Extension;
import io.mqttd.quic.tls.message.ExtensionCodec;
import io.mqttd.quic.tls.message.HandshakeCodec;
import io.mqttd.quic.tls.message.HandshakeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResumptionTest {
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final byte[] ticketKey = new byte[32];
    final AtomicReference<byte[]> acceptedParameters = new AtomicReference<>();

    TlsServerConfig.Builder serverConfig() {
        return server(TestPki.EC_P256).clock(clock::get).ticketKey(ticketKey).earlyDataAcceptor(tp -> {
            acceptedParameters.set(tp);
            return true;
        });
    }

    TlsClientConfig.Builder clientConfig() {
        return client(TestPki.EC_P256).clock(clock::get);
    }

    Pipe connect(TlsClientConfig c, TlsServerConfig s, SessionTicket ticket) {
        return new Pipe(new ClientHandshake(c, "localhost", CLIENT_TP, ticket), new ServerHandshake(s, SERVER_TP)).run();
    }

    SessionTicket firstTicket(TlsServerConfig s) {
        Pipe p = connect(clientConfig().build(), s, null);
        return p.client(TlsEvent.SessionTicketReceived.class).get(0).ticket();
    }

    @Test
    void ticketCarriesTheQuicEarlyDataSentinel_rfc9001_4_6_1() {
        SessionTicket t = firstTicket(serverConfig().build());
        assertThat(t.maxEarlyDataSize()).isEqualTo(0xffffffffL);
        assertThat(t.alpn()).isEqualTo("hq-interop");
        assertThat(t.serverTransportParameters()).isEqualTo(SERVER_TP);
        assertThat(t.lifetimeSeconds()).isEqualTo(86400);
    }

    @Test
    void resumesWithZeroRttFromASerialisedTicket_rfc8446_2_3() {
        TlsServerConfig s = serverConfig().build();
        byte[] stored = firstTicket(s).toBytes();
        clock.addAndGet(5_000);
        SessionTicket t = SessionTicket.fromBytes(stored);
        Pipe p = connect(clientConfig().build(), s, t);
        assertThat(p.client.isResumed()).isTrue();
        assertThat(p.server.isResumed()).isTrue();
        assertThat(p.client.serverCertificates()).isNull();
        assertThat(p.client(TlsEvent.EarlyDataAccepted.class)).hasSize(1);
        assertThat(p.server(TlsEvent.EarlyDataAccepted.class)).hasSize(1);
        assertThat(HandshakeTest.secret(p.client(TlsEvent.SecretAvailable.class), EncryptionLevel.EARLY_DATA, Direction.WRITE))
                .isEqualTo(HandshakeTest.secret(p.server(TlsEvent.SecretAvailable.class), EncryptionLevel.EARLY_DATA, Direction.READ));
        assertThat(HandshakeTest.secret(p.client(TlsEvent.SecretAvailable.class), EncryptionLevel.APPLICATION, Direction.WRITE))
                .isEqualTo(HandshakeTest.secret(p.server(TlsEvent.SecretAvailable.class), EncryptionLevel.APPLICATION, Direction.READ));
        assertThat(acceptedParameters.get()).isEqualTo(SERVER_TP);
        assertThat(p.client(TlsEvent.SessionTicketReceived.class)).hasSize(1);
    }

    @Test
    void refusesReplayedTicketForEarlyDataButStillResumes_rfc8446_8_1() {
        TlsServerConfig s = serverConfig().build();
        SessionTicket t = firstTicket(s);
        connect(clientConfig().build(), s, t);
        Pipe replay = connect(clientConfig().build(), s, t);
        assertThat(replay.server.isResumed()).isTrue();
        assertThat(replay.server(TlsEvent.EarlyDataRejected.class)).hasSize(1);
        assertThat(replay.client(TlsEvent.EarlyDataRejected.class)).hasSize(1);
        assertThat(replay.client.isComplete()).isTrue();
    }

    @Test
    void rejectsEarlyDataWhenTheApplicationRefusesRememberedParameters_rfc9001_4_6_2() {
        TlsServerConfig issuing = serverConfig().build();
        SessionTicket t = firstTicket(issuing);
        TlsServerConfig refusing = server(TestPki.EC_P256).clock(clock::get).ticketKey(ticketKey).earlyDataAcceptor(tp -> false).build();
        Pipe p = connect(clientConfig().build(), refusing, t);
        assertThat(p.server.isResumed()).isTrue();
        assertThat(p.client(TlsEvent.EarlyDataRejected.class)).hasSize(1);
        assertThat(p.client(TlsEvent.EarlyDataAccepted.class)).isEmpty();
    }

    @Test
    void rejectsEarlyDataWithAnotherAlpn_rfc8446_4_2_10() {
        TlsServerConfig s = serverConfig().build();
        SessionTicket t = firstTicket(s);
        TlsServerConfig other = serverConfig().alpnProtocols(List.of("mqtt", "hq-interop")).build();
        Pipe p = connect(clientConfig().build(), other, t);
        assertThat(p.server.alpn()).isEqualTo("mqtt");
        assertThat(p.client(TlsEvent.EarlyDataRejected.class)).hasSize(1);
        assertThat(p.client.isResumed()).isTrue();
    }

    @Test
    void rejectsEarlyDataWhenTheClientsTicketAgeIsOff_rfc8446_8_3() {
        TlsServerConfig s = serverConfig().build();
        SessionTicket t = firstTicket(s);
        SessionTicket skewed = new SessionTicket(t.serverName(), t.alpn(), t.suite(), t.psk(), t.ticket(), t.lifetimeSeconds(),
                t.ageAdd(), t.receivedAtMillis() + 60_000, t.maxEarlyDataSize(), t.serverTransportParameters());
        clock.addAndGet(120_000);
        Pipe p = connect(clientConfig().build(), s, skewed);
        assertThat(p.client.isResumed()).isTrue();
        assertThat(p.client(TlsEvent.EarlyDataRejected.class)).hasSize(1);
    }

    @Test
    void fallsBackToFullHandshakeWithAnExpiredOrForeignTicket_rfc8446_4_6_1() {
        TlsServerConfig s = serverConfig().ticketLifetimeSeconds(10).build();
        SessionTicket t = firstTicket(s);
        clock.addAndGet(9_000);
        TlsServerConfig otherKey = server(TestPki.EC_P256).clock(clock::get).earlyDataAcceptor(tp -> true).build();
        Pipe foreign = connect(clientConfig().build(), otherKey, t);
        assertThat(foreign.client.isResumed()).isFalse();
        assertThat(foreign.client.isComplete()).isTrue();
        assertThat(foreign.client(TlsEvent.EarlyDataRejected.class)).hasSize(1);
        clock.addAndGet(2_000);
        Pipe expired = connect(clientConfig().build(), s, t);
        assertThat(expired.client.isResumed()).isFalse();
        assertThat(expired.client(TlsEvent.EarlyDataRejected.class)).isEmpty();
    }

    @Test
    void serverRefusesWrongBinder_rfc8446_4_2_11_2() {
        TlsServerConfig s = serverConfig().build();
        SessionTicket t = firstTicket(s);
        SessionTicket wrongPsk = new SessionTicket(t.serverName(), t.alpn(), t.suite(), new byte[t.psk().length], t.ticket(),
                t.lifetimeSeconds(), t.ageAdd(), t.receivedAtMillis(), t.maxEarlyDataSize(), t.serverTransportParameters());
        assertAlert(() -> connect(clientConfig().build(), s, wrongPsk), Alert.DECRYPT_ERROR);
    }

    @Test
    void resumesAfterHelloRetryRequestWithoutEarlyData_rfc8446_4_2_10() {
        TlsServerConfig s = serverConfig().build();
        SessionTicket t = firstTicket(s);
        TlsServerConfig p256Only = serverConfig().groups(List.of(NamedGroup.SECP256R1)).build();
        Pipe p = connect(clientConfig().build(), p256Only, t);
        assertThat(p.client.isResumed()).isTrue();
        assertThat(p.client(TlsEvent.EarlyDataRejected.class)).hasSize(1);
        assertThat(p.server(TlsEvent.EarlyDataAccepted.class)).isEmpty();
    }

    @Test
    void clientRefusesTicketWithoutQuicSentinel_rfc9001_4_6_1() {
        Pipe p = connect(clientConfig().build(), serverConfig().issueTickets(false).build(), null);
        HandshakeMessage.NewSessionTicket nst = new HandshakeMessage.NewSessionTicket(100, 1, new byte[] {0}, new byte[] {1},
                List.of(new Extension.EarlyData(1024)));
        assertAlert(() -> p.client.handle(EncryptionLevel.APPLICATION, HandshakeCodec.encode(nst)), Alert.ILLEGAL_PARAMETER);
    }

    @Test
    void storedTicketRoundTripsAndRejectsGarbage() {
        SessionTicket t = firstTicket(serverConfig().build());
        SessionTicket back = SessionTicket.fromBytes(t.toBytes());
        assertThat(back.toBytes()).isEqualTo(t.toBytes());
        assertThat(back.psk()).isEqualTo(t.psk());
        assertThat(back.suite()).isEqualTo(CipherSuite.TLS_AES_128_GCM_SHA256);
        byte[] bytes = t.toBytes();
        assertThatThrownBy(() -> SessionTicket.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientKeyLogIncludesEarlyTrafficSecret() {
        TlsServerConfig s = serverConfig().build();
        SessionTicket t = firstTicket(s);
        List<String> lines = new ArrayList<>();
        Pipe p = connect(clientConfig().keyLog(KeyLogSink.nss(lines::add)).build(), s, t);
        String early = java.util.HexFormat.of().formatHex(
                HandshakeTest.secret(p.client(TlsEvent.SecretAvailable.class), EncryptionLevel.EARLY_DATA, Direction.WRITE));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("CLIENT_EARLY_TRAFFIC_SECRET ").endsWith(early));
        HandshakeMessage.ClientHello ch = (HandshakeMessage.ClientHello) Rfc8448TraceTest.decode(
                Pipe.of(p.clientEvents, TlsEvent.HandshakeData.class).get(0).data());
        assertThat(ExtensionCodec.find(ch.extensions(), Extension.EarlyData.class)).isNotNull();
    }

    @Test
    void resumesWithATicketSealedUnderAPreviousKey() {
        SessionTicket t = firstTicket(serverConfig().build());
        byte[] newKey = new byte[32];
        newKey[0] = 1;
        TlsServerConfig rotated = server(TestPki.EC_P256).clock(clock::get).ticketKey(newKey)
                .previousTicketKeys(List.of(ticketKey)).build();
        assertThat(connect(clientConfig().build(), rotated, t).client.isResumed()).isTrue();
        TlsServerConfig forgotten = server(TestPki.EC_P256).clock(clock::get).ticketKey(newKey).build();
        assertThat(connect(clientConfig().build(), forgotten, t).client.isResumed()).isFalse();
    }
}
