package io.mqttd.quic.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.tls.TlsEvent.Direction;
import io.mqttd.quic.tls.TlsEvent.SecretAvailable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeTest {
    static final byte[] CLIENT_TP = {1, 2, 3};
    static final byte[] SERVER_TP = {4, 5, 6, 7};

    static TlsClientConfig.Builder client(TestPki.Identity trusted) {
        return TlsClientConfig.builder(TestPki.trusting(trusted.certificate())).alpnProtocols(List.of("mqtt", "hq-interop"));
    }

    static TlsServerConfig.Builder server(TestPki.Identity id) {
        return TlsServerConfig.builder(id.chain(), id.privateKey()).alpnProtocols(List.of("hq-interop", "mqtt"));
    }

    static Pipe pipe(TlsClientConfig c, TlsServerConfig s) {
        return new Pipe(new ClientHandshake(c, "localhost", CLIENT_TP, null), new ServerHandshake(s, SERVER_TP));
    }

    static Stream<Arguments> suitesGroupsAndKeys() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite s : CipherSuite.values()) {
            for (NamedGroup g : NamedGroup.values()) {
                out.add(Arguments.of(s, g, "p256"));
            }
        }
        out.add(Arguments.of(CipherSuite.TLS_AES_256_GCM_SHA384, NamedGroup.X25519, "p384"));
        out.add(Arguments.of(CipherSuite.TLS_AES_128_GCM_SHA256, NamedGroup.X25519, "rsa"));
        out.add(Arguments.of(CipherSuite.TLS_AES_128_GCM_SHA256, NamedGroup.SECP256R1, "ed25519"));
        return out.stream();
    }

    static TestPki.Identity identity(String name) {
        return switch (name) {
            case "p256" -> TestPki.EC_P256;
            case "p384" -> TestPki.ecP384();
            case "rsa" -> TestPki.rsa();
            default -> TestPki.ed25519();
        };
    }

    @ParameterizedTest
    @MethodSource("suitesGroupsAndKeys")
    void completesFullHandshakeWithMatchingSecrets_rfc8446_2(CipherSuite suite, NamedGroup group, String key) {
        TestPki.Identity id = identity(key);
        Pipe p = pipe(client(id).cipherSuites(List.of(suite)).groups(List.of(group)).keyShareGroups(List.of(group)).build(),
                server(id).build()).run();

        assertThat(p.client.isComplete()).isTrue();
        assertThat(p.server.isComplete()).isTrue();
        assertThat(p.client.cipherSuite()).isEqualTo(suite);
        for (EncryptionLevel level : List.of(EncryptionLevel.HANDSHAKE, EncryptionLevel.APPLICATION)) {
            assertThat(secret(p.client(SecretAvailable.class), level, Direction.WRITE))
                    .isEqualTo(secret(p.server(SecretAvailable.class), level, Direction.READ));
            assertThat(secret(p.server(SecretAvailable.class), level, Direction.WRITE))
                    .isEqualTo(secret(p.client(SecretAvailable.class), level, Direction.READ));
        }
        assertThat(p.client(TlsEvent.AlpnSelected.class)).extracting(TlsEvent.AlpnSelected::protocol).containsExactly("hq-interop");
        assertThat(p.server(TlsEvent.AlpnSelected.class)).extracting(TlsEvent.AlpnSelected::protocol).containsExactly("hq-interop");
        assertThat(p.client(TlsEvent.PeerTransportParameters.class).get(0).parameters()).isEqualTo(SERVER_TP);
        assertThat(p.server(TlsEvent.PeerTransportParameters.class).get(0).parameters()).isEqualTo(CLIENT_TP);
        assertThat(p.client.serverCertificates()).containsExactly(id.certificate());
        assertThat(p.client(TlsEvent.SessionTicketReceived.class)).hasSize(1);
    }

    static byte[] secret(List<SecretAvailable> events, EncryptionLevel level, Direction direction) {
        return events.stream().filter(e -> e.level() == level && e.direction() == direction)
                .map(SecretAvailable::secret).findFirst().orElseThrow();
    }

    @Test
    void sendsEachSecretBeforeTheDataOfItsLevel_rfc9001_4_1() {
        Pipe p = pipe(client(TestPki.EC_P256).build(), server(TestPki.EC_P256).build()).run();
        for (List<TlsEvent> events : List.of(p.clientEvents, p.serverEvents)) {
            List<EncryptionLevel> writable = new ArrayList<>(List.of(EncryptionLevel.INITIAL));
            for (TlsEvent e : events) {
                if (e instanceof SecretAvailable s && s.direction() == Direction.WRITE) {
                    writable.add(s.level());
                }
                if (e instanceof TlsEvent.HandshakeData d) {
                    assertThat(writable).contains(d.level());
                }
            }
        }
    }

    @Test
    void acceptsHandshakeBytesOneAtATime_rfc9001_4_1_3() {
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", CLIENT_TP, null);
        ServerHandshake s = new ServerHandshake(server(TestPki.EC_P256).build(), SERVER_TP);
        c.start();
        List<TlsEvent> toServer = drain(c);
        for (TlsEvent e : toServer) {
            if (e instanceof TlsEvent.HandshakeData d) {
                for (byte b : d.data()) {
                    s.handle(d.level(), new byte[] {b});
                }
            }
        }
        for (TlsEvent e : drain(s)) {
            if (e instanceof TlsEvent.HandshakeData d) {
                for (byte b : d.data()) {
                    c.handle(d.level(), new byte[] {b});
                }
            }
        }
        for (TlsEvent e : drain(c)) {
            if (e instanceof TlsEvent.HandshakeData d) {
                s.handle(d.level(), d.data());
            }
        }
        assertThat(c.isComplete()).isTrue();
        assertThat(s.isComplete()).isTrue();
    }

    static List<TlsEvent> drain(TlsHandshake h) {
        List<TlsEvent> out = new ArrayList<>();
        TlsEvent e;
        while ((e = h.poll()) != null) {
            out.add(e);
        }
        return out;
    }

    @Test
    void refusesClientHelloWithoutTransportParameters_rfc9001_8_2() {
        Pipe p = new Pipe(new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", null, null),
                new ServerHandshake(server(TestPki.EC_P256).build(), SERVER_TP));
        assertAlert(p::run, Alert.MISSING_EXTENSION);
    }

    @Test
    void clientRefusesServerWithoutTransportParameters_rfc9001_8_2() {
        Pipe p = new Pipe(new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", CLIENT_TP, null),
                new ServerHandshake(server(TestPki.EC_P256).build(), null));
        assertAlert(p::run, Alert.MISSING_EXTENSION);
    }

    @Test
    void refusesDisjointAlpn_rfc9001_8_1() {
        Pipe p = pipe(client(TestPki.EC_P256).alpnProtocols(List.of("h3")).build(), server(TestPki.EC_P256).build());
        assertThatThrownBy(p::run).isInstanceOfSatisfying(TlsAlertException.class, e -> {
            assertThat(e.alert()).isEqualTo(Alert.NO_APPLICATION_PROTOCOL);
            TransportError t = e.toTransportError();
            assertThat(t.code()).isEqualTo(0x0100 + 120);
        });
    }

    @Test
    void refusesClientHelloWithoutAlpn_rfc9001_8_1() {
        TlsClientConfig c = client(TestPki.EC_P256).alpnProtocols(List.of())
                .quicPolicy(new QuicPolicy(true, false, true, true)).build();
        assertAlert(pipe(c, server(TestPki.EC_P256).build())::run, Alert.NO_APPLICATION_PROTOCOL);
    }

    @Test
    void clientRefusesServerThatSelectsNoAlpn_rfc9001_8_1() {
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", CLIENT_TP, null);
        ServerHandshake s = new ServerHandshake(server(TestPki.EC_P256).build(), SERVER_TP);
        c.start();
        s.handle(EncryptionLevel.INITIAL, Pipe.of(drain(c), TlsEvent.HandshakeData.class).get(0).data());
        List<TlsEvent.HandshakeData> flight = Pipe.of(drain(s), TlsEvent.HandshakeData.class);
        c.handle(EncryptionLevel.INITIAL, flight.get(0).data());
        // The server's EncryptedExtensions rewritten without ALPN (handshake messages are not protected here).
        byte[] eeWithoutAlpn = io.mqttd.quic.tls.message.HandshakeCodec.encode(new io.mqttd.quic.tls.message.HandshakeMessage.EncryptedExtensions(
                List.of(new io.mqttd.quic.tls.message.Extension.QuicTransportParameters(SERVER_TP))));
        assertAlert(() -> c.handle(EncryptionLevel.HANDSHAKE, eeWithoutAlpn), Alert.NO_APPLICATION_PROTOCOL);
    }

    @Test
    void refusesUntrustedServerCertificate_rfc8446_6_2() {
        TlsClientConfig c = client(TestPki.ecP384()).build();
        assertAlert(pipe(c, server(TestPki.EC_P256).build())::run, Alert.UNKNOWN_CA);
    }

    @Test
    void mapsExpiredCertificateToCertificateExpired_rfc8446_6_2() {
        TlsClientConfig c = TlsClientConfig.builder(TestPki.refusing(new java.security.cert.CertificateExpiredException("old")))
                .alpnProtocols(List.of("mqtt")).build();
        assertAlert(pipe(c, server(TestPki.EC_P256).build())::run, Alert.CERTIFICATE_EXPIRED);
    }

    @Test
    void refusesNoCommonCipherSuite_rfc8446_4_1_1() {
        TlsClientConfig c = client(TestPki.EC_P256).cipherSuites(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256)).build();
        TlsServerConfig s = server(TestPki.EC_P256).cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)).build();
        assertAlert(pipe(c, s)::run, Alert.HANDSHAKE_FAILURE);
    }

    @Test
    void refusesNoCommonSignatureScheme_rfc8446_4_4_2_2() {
        TlsClientConfig c = client(TestPki.EC_P256).signatureSchemes(List.of(SignatureScheme.ED25519)).build();
        assertAlert(pipe(c, server(TestPki.EC_P256).build())::run, Alert.HANDSHAKE_FAILURE);
    }

    @Test
    void failureIsStickyAndDataAtAnOldLevelIsRefused_rfc9001_4_1_3() {
        Pipe p = pipe(client(TestPki.EC_P256).build(), server(TestPki.EC_P256).build()).run();
        assertAlert(() -> p.client.handle(EncryptionLevel.INITIAL, new byte[] {2, 0, 0, 0}), Alert.UNEXPECTED_MESSAGE);
        assertAlert(() -> p.client.handle(EncryptionLevel.APPLICATION, new byte[0]), Alert.UNEXPECTED_MESSAGE);
    }

    @Test
    void refusesHandshakeDataIn0Rtt_rfc9001_8_3() {
        ServerHandshake s = new ServerHandshake(server(TestPki.EC_P256).build(), SERVER_TP);
        assertAlert(() -> s.handle(EncryptionLevel.EARLY_DATA, new byte[] {1}), Alert.UNEXPECTED_MESSAGE);
    }

    @Test
    void refusesKeyUpdateAfterHandshake_rfc9001_6() {
        Pipe p = pipe(client(TestPki.EC_P256).build(), server(TestPki.EC_P256).build()).run();
        assertAlert(() -> p.client.handle(EncryptionLevel.APPLICATION, new byte[] {24, 0, 0, 1, 0}), Alert.UNEXPECTED_MESSAGE);
    }

    @Test
    void refusesPostHandshakeCertificateRequest_rfc9001_4_4() {
        Pipe p = pipe(client(TestPki.EC_P256).build(), server(TestPki.EC_P256).build()).run();
        byte[] cr = {13, 0, 0, 12, 1, 7, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3};
        assertAlert(() -> p.client.handle(EncryptionLevel.APPLICATION, cr), Alert.UNEXPECTED_MESSAGE);
    }

    @Test
    void writesNssKeyLogLinesThatMatchTheSecrets() {
        List<String> clientLines = new ArrayList<>();
        List<String> serverLines = new ArrayList<>();
        Pipe p = pipe(client(TestPki.EC_P256).keyLog(KeyLogSink.nss(clientLines::add)).build(),
                server(TestPki.EC_P256).keyLog(KeyLogSink.nss(serverLines::add)).build()).run();
        assertThat(clientLines).extracting(l -> l.split(" ")[0]).containsExactlyInAnyOrder(
                "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0",
                "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET");
        assertThat(serverLines).containsExactlyInAnyOrderElementsOf(clientLines);
        String hex = java.util.HexFormat.of().formatHex(secret(p.client(SecretAvailable.class), EncryptionLevel.APPLICATION, Direction.WRITE));
        assertThat(clientLines).anySatisfy(l -> assertThat(l).startsWith("CLIENT_TRAFFIC_SECRET_0 ").endsWith(" " + hex));
        assertThat(clientLines.get(0).split(" ")[1]).hasSize(64);
    }

    @Test
    void refusesOversizedMessageBeforeBufferingIt_rfc8446_4() {
        ServerHandshake s = new ServerHandshake(server(TestPki.EC_P256).maxHandshakeMessageSize(1000).build(), SERVER_TP);
        assertAlert(() -> s.handle(EncryptionLevel.INITIAL, new byte[] {1, 0, 0x13, (byte) 0x88}), Alert.DECODE_ERROR);
    }

    @Test
    void holdsDataForALaterLevelUntilTheHandshakeGetsThere_rfc9001_4_1_3() {
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", CLIENT_TP, null);
        ServerHandshake s = new ServerHandshake(server(TestPki.EC_P256).build(), SERVER_TP);
        c.start();
        s.handle(EncryptionLevel.INITIAL, Pipe.of(drain(c), TlsEvent.HandshakeData.class).get(0).data());
        List<TlsEvent.HandshakeData> flight = Pipe.of(drain(s), TlsEvent.HandshakeData.class);
        c.handle(EncryptionLevel.HANDSHAKE, flight.get(1).data());
        assertThat(drain(c)).isEmpty();
        c.handle(EncryptionLevel.INITIAL, flight.get(0).data());
        assertThat(c.isComplete()).isTrue();
    }

    @Test
    void refusesBytesLeftAtALevelAfterItsKeysChanged_rfc9001_4_1_3() {
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", CLIENT_TP, null);
        ServerHandshake s = new ServerHandshake(server(TestPki.EC_P256).build(), SERVER_TP);
        c.start();
        byte[] hello = Pipe.of(drain(c), TlsEvent.HandshakeData.class).get(0).data();
        byte[] helloAndJunk = java.util.Arrays.copyOf(hello, hello.length + 2);
        assertAlert(() -> s.handle(EncryptionLevel.INITIAL, helloAndJunk), Alert.UNEXPECTED_MESSAGE);
    }

    @Test
    void toleratesGreaseEverywhereInTheClientHello_rfc8701() {
        ClientHandshake c = new ClientHandshake(client(TestPki.EC_P256).build(), "localhost", CLIENT_TP, null);
        c.helloRewriter(ch -> {
            List<io.mqttd.quic.tls.message.Extension> ext = new ArrayList<>();
            ext.add(new io.mqttd.quic.tls.message.Extension.Unknown(0x2a2a, new byte[0]));
            for (io.mqttd.quic.tls.message.Extension e : ch.extensions()) {
                if (e instanceof io.mqttd.quic.tls.message.Extension.SupportedVersions) {
                    e = new io.mqttd.quic.tls.message.Extension.SupportedVersions(List.of(0x7a7a, 0x0304));
                } else if (e instanceof io.mqttd.quic.tls.message.Extension.SupportedGroups g) {
                    List<Integer> groups = new ArrayList<>(List.of(0x4a4a));
                    groups.addAll(g.groups());
                    e = new io.mqttd.quic.tls.message.Extension.SupportedGroups(groups);
                } else if (e instanceof io.mqttd.quic.tls.message.Extension.KeyShareClientHello k) {
                    List<io.mqttd.quic.tls.message.Extension.KeyShareEntry> shares = new ArrayList<>();
                    shares.add(new io.mqttd.quic.tls.message.Extension.KeyShareEntry(0x4a4a, new byte[] {0}));
                    shares.addAll(k.shares());
                    e = new io.mqttd.quic.tls.message.Extension.KeyShareClientHello(shares);
                } else if (e instanceof io.mqttd.quic.tls.message.Extension.PskKeyExchangeModes) {
                    e = new io.mqttd.quic.tls.message.Extension.PskKeyExchangeModes(List.of(0x0b, 1));
                }
                ext.add(e);
            }
            ext.add(new io.mqttd.quic.tls.message.Extension.Unknown(0xdada, new byte[] {0}));
            List<Integer> suites = new ArrayList<>(List.of(0x0a0a));
            suites.addAll(ch.cipherSuites());
            return new io.mqttd.quic.tls.message.HandshakeMessage.ClientHello(ch.random(), ch.legacySessionId(), suites, ext);
        });
        Pipe p = new Pipe(c, new ServerHandshake(server(TestPki.EC_P256).build(), SERVER_TP)).run();
        assertThat(p.server.isComplete()).isTrue();
        assertThat(p.client.isComplete()).isTrue();
        assertThat(p.client(TlsEvent.SessionTicketReceived.class)).hasSize(1);
    }

    static void assertAlert(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int alert) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TlsAlertException.class,
                e -> assertThat(e.alert()).as(e.toString()).isEqualTo(alert));
    }

    @Test
    void serverConfigRefusesEmptySuitesOrGroupsAtBuildTime() {
        TestPki.Identity id = identity("empty.example");
        assertThatThrownBy(() -> server(id).cipherSuites(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> server(id).groups(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
    }
}
