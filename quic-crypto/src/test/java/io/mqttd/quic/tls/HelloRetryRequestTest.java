package io.mqttd.quic.tls;

import static io.mqttd.quic.tls.HandshakeTest.assertAlert;
import static io.mqttd.quic.tls.HandshakeTest.client;
import static io.mqttd.quic.tls.HandshakeTest.pipe;
import static io.mqttd.quic.tls.HandshakeTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.tls.message.Extension;
import io.mqttd.quic.tls.message.ExtensionCodec;
import io.mqttd.quic.tls.message.HandshakeCodec;
import io.mqttd.quic.tls.message.HandshakeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloRetryRequestTest {

    static List<TlsEvent.HandshakeData> initial(List<TlsEvent> events) {
        return Pipe.of(events, TlsEvent.HandshakeData.class).stream().filter(d -> d.level() == EncryptionLevel.INITIAL).toList();
    }

    @Test
    void retriesWithTheServersPreferredGroup_rfc8446_4_1_4() {
        TlsClientConfig c = client(TestPki.EC_P256).keyShareGroups(List.of(NamedGroup.X25519)).build();
        TlsServerConfig s = server(TestPki.EC_P256).groups(List.of(NamedGroup.SECP384R1, NamedGroup.SECP256R1)).build();
        Pipe p = pipe(c, s).run();
        assertThat(p.client.isComplete()).isTrue();
        assertThat(p.server.isComplete()).isTrue();
        List<TlsEvent.HandshakeData> fromServer = initial(p.serverEvents);
        HandshakeMessage.ServerHello hrr = (HandshakeMessage.ServerHello) Rfc8448TraceTest.decode(fromServer.get(0).data());
        assertThat(hrr.isHelloRetryRequest()).isTrue();
        assertThat(ExtensionCodec.find(hrr.extensions(), Extension.KeyShareHelloRetryRequest.class).selectedGroup())
                .isEqualTo(NamedGroup.SECP384R1.code());
        assertThat(ExtensionCodec.find(hrr.extensions(), Extension.Cookie.class)).isNotNull();
        List<TlsEvent.HandshakeData> fromClient = initial(p.clientEvents);
        assertThat(fromClient).hasSize(2);
        HandshakeMessage.ClientHello ch2 = (HandshakeMessage.ClientHello) Rfc8448TraceTest.decode(fromClient.get(1).data());
        assertThat(ExtensionCodec.find(ch2.extensions(), Extension.KeyShareClientHello.class).shares())
                .extracting(Extension.KeyShareEntry::group).containsExactly(NamedGroup.SECP384R1.code());
        assertThat(ExtensionCodec.find(ch2.extensions(), Extension.Cookie.class).cookie())
                .isEqualTo(ExtensionCodec.find(hrr.extensions(), Extension.Cookie.class).cookie());
        assertThat(HandshakeTest.secret(p.client(TlsEvent.SecretAvailable.class), EncryptionLevel.APPLICATION, TlsEvent.Direction.WRITE))
                .isEqualTo(HandshakeTest.secret(p.server(TlsEvent.SecretAvailable.class), EncryptionLevel.APPLICATION, TlsEvent.Direction.READ));
    }

    /** Runs a client against a server for its first flight, returning the HelloRetryRequest bytes. */
    static byte[] helloRetryRequest(ClientHandshake client) {
        TlsServerConfig s = server(TestPki.EC_P256).groups(List.of(NamedGroup.SECP256R1)).build();
        ServerHandshake server = new ServerHandshake(s, HandshakeTest.SERVER_TP);
        client.start();
        server.handle(EncryptionLevel.INITIAL, initial(HandshakeTest.drain(client)).get(0).data());
        return initial(HandshakeTest.drain(server)).get(0).data();
    }

    @Test
    void clientRefusesSecondHelloRetryRequest_rfc8446_4_1_4() {
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", HandshakeTest.CLIENT_TP, null);
        byte[] hrr = helloRetryRequest(c);
        c.handle(EncryptionLevel.INITIAL, hrr);
        assertAlert(() -> c.handle(EncryptionLevel.INITIAL, hrr), Alert.UNEXPECTED_MESSAGE);
    }

    @Test
    void clientRefusesRetryForAGroupItAlreadySent_rfc8446_4_2_8() {
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).keyShareGroups(List.of(NamedGroup.SECP256R1, NamedGroup.X25519))
                .build(), "localhost", HandshakeTest.CLIENT_TP, null);
        c.start();
        HandshakeTest.drain(c);
        HandshakeMessage.ServerHello hrr = new HandshakeMessage.ServerHello(HandshakeMessage.ServerHello.HELLO_RETRY_REQUEST_RANDOM,
                new byte[0], 0x1301, List.of(new Extension.SelectedVersion(0x0304), new Extension.KeyShareHelloRetryRequest(0x17)));
        assertAlert(() -> c.handle(EncryptionLevel.INITIAL, HandshakeCodec.encode(hrr)), Alert.ILLEGAL_PARAMETER);
    }

    @Test
    void serverRefusesSecondHelloWithoutItsCookie_rfc8446_4_2_2() {
        TlsServerConfig s = server(TestPki.EC_P256).groups(List.of(NamedGroup.SECP256R1)).build();
        ServerHandshake server = new ServerHandshake(s, HandshakeTest.SERVER_TP);
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", HandshakeTest.CLIENT_TP, null);
        c.start();
        server.handle(EncryptionLevel.INITIAL, initial(HandshakeTest.drain(c)).get(0).data());
        c.handle(EncryptionLevel.INITIAL, initial(HandshakeTest.drain(server)).get(0).data());
        byte[] ch2 = initial(HandshakeTest.drain(c)).get(0).data();
        HandshakeMessage.ClientHello hello = (HandshakeMessage.ClientHello) Rfc8448TraceTest.decode(ch2);
        List<Extension> ext = new ArrayList<>(hello.extensions());
        ext.removeIf(e -> e instanceof Extension.Cookie);
        ext.add(new Extension.Cookie(new byte[40]));
        byte[] forged = HandshakeCodec.encode(new HandshakeMessage.ClientHello(hello.random(), hello.legacySessionId(),
                hello.cipherSuites(), ext));
        assertAlert(() -> server.handle(EncryptionLevel.INITIAL, forged), Alert.ILLEGAL_PARAMETER);
    }

    @Test
    void serverRefusesSecondHelloWithoutTheRequestedShare_rfc8446_4_1_4() {
        TlsServerConfig s = server(TestPki.EC_P256).groups(List.of(NamedGroup.SECP256R1)).build();
        ServerHandshake server = new ServerHandshake(s, HandshakeTest.SERVER_TP);
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", HandshakeTest.CLIENT_TP, null);
        c.start();
        byte[] ch1 = initial(HandshakeTest.drain(c)).get(0).data();
        server.handle(EncryptionLevel.INITIAL, ch1);
        byte[] hrr = initial(HandshakeTest.drain(server)).get(0).data();
        HandshakeMessage.ServerHello h = (HandshakeMessage.ServerHello) Rfc8448TraceTest.decode(hrr);
        HandshakeMessage.ClientHello hello = (HandshakeMessage.ClientHello) Rfc8448TraceTest.decode(ch1);
        List<Extension> ext = new ArrayList<>(hello.extensions());
        ext.add(ExtensionCodec.find(h.extensions(), Extension.Cookie.class));
        byte[] sameShares = HandshakeCodec.encode(new HandshakeMessage.ClientHello(hello.random(), hello.legacySessionId(),
                hello.cipherSuites(), ext));
        assertAlert(() -> server.handle(EncryptionLevel.INITIAL, sameShares), Alert.ILLEGAL_PARAMETER);
        assertThat(Arrays.equals(ch1, sameShares)).isFalse();
    }

    @Test
    void statelessServerFinishesFromTheCookie_rfc8446_4_2_2() {
        TlsServerConfig s = server(TestPki.EC_P256).groups(List.of(NamedGroup.SECP256R1)).build();
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", HandshakeTest.CLIENT_TP, null);
        c.start();
        ServerHandshake first = new ServerHandshake(s, HandshakeTest.SERVER_TP);
        first.handle(EncryptionLevel.INITIAL, initial(HandshakeTest.drain(c)).get(0).data());
        c.handle(EncryptionLevel.INITIAL, initial(HandshakeTest.drain(first)).get(0).data());
        // The first instance is forgotten; a fresh one with the same config gets ClientHello2.
        ServerHandshake second = new ServerHandshake(s, HandshakeTest.SERVER_TP);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (TlsEvent e : HandshakeTest.drain(c)) {
                if (e instanceof TlsEvent.HandshakeData d) {
                    second.handle(d.level(), d.data());
                    moved = true;
                }
            }
            for (TlsEvent e : HandshakeTest.drain(second)) {
                if (e instanceof TlsEvent.HandshakeData d) {
                    c.handle(d.level(), d.data());
                    moved = true;
                }
            }
        }
        assertThat(c.isComplete()).isTrue();
        assertThat(second.isComplete()).isTrue();
    }

    @Test
    void serverRefusesACookieItDidNotMake_rfc8446_4_2_2() {
        TlsServerConfig s = server(TestPki.EC_P256).groups(List.of(NamedGroup.SECP256R1)).build();
        TlsServerConfig other = server(TestPki.EC_P256).groups(List.of(NamedGroup.SECP256R1)).build();
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", HandshakeTest.CLIENT_TP, null);
        c.start();
        ServerHandshake first = new ServerHandshake(s, HandshakeTest.SERVER_TP);
        first.handle(EncryptionLevel.INITIAL, initial(HandshakeTest.drain(c)).get(0).data());
        c.handle(EncryptionLevel.INITIAL, initial(HandshakeTest.drain(first)).get(0).data());
        byte[] ch2 = initial(HandshakeTest.drain(c)).get(0).data();
        assertAlert(() -> new ServerHandshake(other, HandshakeTest.SERVER_TP).handle(EncryptionLevel.INITIAL, ch2),
                Alert.ILLEGAL_PARAMETER);
    }
}
