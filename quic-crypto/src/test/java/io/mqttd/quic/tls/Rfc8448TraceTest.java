package io.mqttd.quic.tls;

import static io.mqttd.quic.tls.Rfc8448Trace.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.crypto.Hkdf;
import io.mqttd.quic.tls.TlsEvent.Direction;
import io.mqttd.quic.tls.TlsEvent.SecretAvailable;
import io.mqttd.quic.tls.message.Extension;
import io.mqttd.quic.tls.message.ExtensionCodec;
import io.mqttd.quic.tls.message.HandshakeCodec;
import io.mqttd.quic.tls.message.HandshakeMessage;
import io.mqttd.quic.tls.message.HandshakeMessage.ClientHello;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays the TLS 1.3 example traces (RFC 8448) through the engine with the traces' randoms and
 * ephemeral keys injected. The traces are plain TLS over TCP, so the QUIC policy is switched off;
 * the client's ClientHello is replaced by the trace's (which carries extensions this engine does
 * not send) through a test seam, after checking it carries the engine's own random and key share.
 */
class Rfc8448TraceTest {

    static HandshakeMessage decode(byte[] full) {
        return HandshakeCodec.decode(full[0] & 0xff, Arrays.copyOfRange(full, 4, full.length));
    }

    static byte[] random(byte[] hello) {
        return Arrays.copyOfRange(hello, 6, 38);
    }

    static RandomSource fixed(byte[]... randoms) {
        List<byte[]> queue = new ArrayList<>(List.of(randoms));
        return out -> {
            byte[] next = queue.isEmpty() ? new byte[out.length] : queue.remove(0);
            System.arraycopy(next, 0, out, 0, out.length);
        };
    }

    static X509Certificate traceCertificate() throws Exception {
        HandshakeMessage.Certificate c = (HandshakeMessage.Certificate) decode(S3_CERTIFICATE);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.entries().get(0).certData()));
    }

    static PrivateKey traceRsaKey() throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(new BigInteger(1, RSA_MODULUS),
                new BigInteger(1, RSA_PUBLIC_EXPONENT), new BigInteger(1, RSA_PRIVATE_EXPONENT), new BigInteger(1, RSA_PRIME1),
                new BigInteger(1, RSA_PRIME2), new BigInteger(1, RSA_EXPONENT1), new BigInteger(1, RSA_EXPONENT2),
                new BigInteger(1, RSA_COEFFICIENT)));
    }

    static TlsClientConfig.Builder traceClient(KeyExchangeFactory keys, byte[] random) throws Exception {
        X509Certificate cert = traceCertificate();
        return TlsClientConfig.builder(TestPki.trusting(cert)).quicPolicy(QuicPolicy.PLAIN_TLS)
                .randomSource(fixed(random)).keyExchangeFactory(keys).clock(() -> 1_000_000L);
    }

    /** Replaces the engine's ClientHello by the trace's after checking random and key share are the engine's. */
    static ClientHello replaceBy(ClientHello mine, byte[] traceHello) {
        ClientHello trace = (ClientHello) decode(traceHello);
        assertThat(mine.random()).isEqualTo(trace.random());
        Extension.KeyShareClientHello myShares = ExtensionCodec.find(mine.extensions(), Extension.KeyShareClientHello.class);
        Extension.KeyShareClientHello traceShares = ExtensionCodec.find(trace.extensions(), Extension.KeyShareClientHello.class);
        assertThat(myShares.shares().get(0).keyExchange()).isEqualTo(traceShares.shares().get(0).keyExchange());
        return trace;
    }

    static byte[] serverShare(byte[] serverHello) {
        HandshakeMessage.ServerHello sh = (HandshakeMessage.ServerHello) decode(serverHello);
        return ExtensionCodec.find(sh.extensions(), Extension.KeyShareServerHello.class).share().keyExchange();
    }

    static List<TlsEvent> drain(TlsHandshake h) {
        return HandshakeTest.drain(h);
    }

    static byte[] secret(List<TlsEvent> events, EncryptionLevel level, Direction d) {
        return HandshakeTest.secret(Pipe.of(events, SecretAvailable.class), level, d);
    }

    static byte[] data(List<TlsEvent> events, EncryptionLevel level) {
        return Pipe.of(events, TlsEvent.HandshakeData.class).stream().filter(e -> e.level() == level)
                .map(TlsEvent.HandshakeData::data).findFirst().orElseThrow();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    @Test
    void keyScheduleReproducesSimpleHandshakeSecrets_rfc8448_3() {
        Hkdf h = Hkdf.SHA256;
        KeySchedule ks = new KeySchedule(h).early(null);
        byte[] shared = KeyExchange.x25519(S3_SERVER_PRIVATE).sharedSecret(KeyExchange.x25519(S3_CLIENT_PRIVATE).publicKey());
        ks.handshake(shared);
        assertThat(ks.handshakeSecret()).isEqualTo(S3_HANDSHAKE_SECRET);
        byte[] helloHash = h.hash(concat(S3_CLIENT_HELLO, S3_SERVER_HELLO));
        assertThat(ks.clientHandshakeTrafficSecret(helloHash)).isEqualTo(S3_CLIENT_HS_TRAFFIC);
        assertThat(ks.serverHandshakeTrafficSecret(helloHash)).isEqualTo(S3_SERVER_HS_TRAFFIC);
        ks.master();
        assertThat(ks.masterSecret()).isEqualTo(S3_MASTER_SECRET);
        byte[] serverFinishedHash = h.hash(concat(S3_CLIENT_HELLO, S3_SERVER_HELLO, S3_ENCRYPTED_EXTENSIONS,
                S3_CERTIFICATE, S3_CERTIFICATE_VERIFY, S3_SERVER_FINISHED));
        assertThat(ks.clientApplicationTrafficSecret(serverFinishedHash)).isEqualTo(S3_CLIENT_AP_TRAFFIC);
        assertThat(ks.serverApplicationTrafficSecret(serverFinishedHash)).isEqualTo(S3_SERVER_AP_TRAFFIC);
        assertThat(ks.exporterMasterSecret(serverFinishedHash)).isEqualTo(S3_EXPORTER_MASTER);
        byte[] clientFinishedHash = h.hash(concat(S3_CLIENT_HELLO, S3_SERVER_HELLO, S3_ENCRYPTED_EXTENSIONS,
                S3_CERTIFICATE, S3_CERTIFICATE_VERIFY, S3_SERVER_FINISHED, S3_CLIENT_FINISHED));
        assertThat(ks.resumptionMasterSecret(clientFinishedHash)).isEqualTo(S3_RESUMPTION_MASTER);
        assertThat(KeySchedule.resumptionPsk(h, S3_RESUMPTION_MASTER, new byte[] {0, 0})).isEqualTo(S3_RESUMPTION_PSK);
    }

    @Test
    void clientReproducesSimpleOneRttHandshake_rfc8448_3() throws Exception {
        List<String> keyLog = new ArrayList<>();
        TlsClientConfig config = traceClient(g -> KeyExchange.x25519(S3_CLIENT_PRIVATE), random(S3_CLIENT_HELLO))
                .keyLog(KeyLogSink.nss(keyLog::add)).build();
        ClientHandshake client = new ClientHandshake(config, "server", null, null);
        client.helloRewriter(mine -> replaceBy(mine, S3_CLIENT_HELLO));
        client.start();
        assertThat(data(drain(client), EncryptionLevel.INITIAL)).isEqualTo(S3_CLIENT_HELLO);

        client.handle(EncryptionLevel.INITIAL, S3_SERVER_HELLO);
        List<TlsEvent> afterHello = drain(client);
        assertThat(secret(afterHello, EncryptionLevel.HANDSHAKE, Direction.READ)).isEqualTo(S3_SERVER_HS_TRAFFIC);
        assertThat(secret(afterHello, EncryptionLevel.HANDSHAKE, Direction.WRITE)).isEqualTo(S3_CLIENT_HS_TRAFFIC);

        client.handle(EncryptionLevel.HANDSHAKE, concat(S3_ENCRYPTED_EXTENSIONS, S3_CERTIFICATE, S3_CERTIFICATE_VERIFY, S3_SERVER_FINISHED));
        List<TlsEvent> afterFlight = drain(client);
        assertThat(data(afterFlight, EncryptionLevel.HANDSHAKE)).isEqualTo(S3_CLIENT_FINISHED);
        assertThat(secret(afterFlight, EncryptionLevel.APPLICATION, Direction.READ)).isEqualTo(S3_SERVER_AP_TRAFFIC);
        assertThat(secret(afterFlight, EncryptionLevel.APPLICATION, Direction.WRITE)).isEqualTo(S3_CLIENT_AP_TRAFFIC);
        assertThat(client.isComplete()).isTrue();

        client.handle(EncryptionLevel.APPLICATION, S3_NEW_SESSION_TICKET);
        SessionTicket ticket = Pipe.of(drain(client), TlsEvent.SessionTicketReceived.class).get(0).ticket();
        assertThat(ticket.psk()).isEqualTo(S3_RESUMPTION_PSK);
        HandshakeMessage.NewSessionTicket nst = (HandshakeMessage.NewSessionTicket) decode(S3_NEW_SESSION_TICKET);
        assertThat(ticket.ticket()).isEqualTo(nst.ticket());
        assertThat(ticket.ageAdd()).isEqualTo(nst.ageAdd());

        String random = java.util.HexFormat.of().formatHex(random(S3_CLIENT_HELLO));
        assertThat(keyLog).contains(
                "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + random + " " + java.util.HexFormat.of().formatHex(S3_CLIENT_HS_TRAFFIC),
                "SERVER_TRAFFIC_SECRET_0 " + random + " " + java.util.HexFormat.of().formatHex(S3_SERVER_AP_TRAFFIC));
    }

    @Test
    void serverReproducesServerHelloAndHandshakeSecrets_rfc8448_3() throws Exception {
        TlsServerConfig config = TlsServerConfig.builder(List.of(traceCertificate()), traceRsaKey())
                .quicPolicy(QuicPolicy.PLAIN_TLS).randomSource(fixed(random(S3_SERVER_HELLO)))
                .keyExchangeFactory(g -> KeyExchange.x25519(S3_SERVER_PRIVATE)).build();
        ServerHandshake server = new ServerHandshake(config, null);
        server.handle(EncryptionLevel.INITIAL, S3_CLIENT_HELLO);
        List<TlsEvent> events = drain(server);
        assertThat(data(events, EncryptionLevel.INITIAL)).isEqualTo(S3_SERVER_HELLO);
        assertThat(secret(events, EncryptionLevel.HANDSHAKE, Direction.READ)).isEqualTo(S3_CLIENT_HS_TRAFFIC);
        assertThat(secret(events, EncryptionLevel.HANDSHAKE, Direction.WRITE)).isEqualTo(S3_SERVER_HS_TRAFFIC);
        // The rest of its flight differs from the trace (its EncryptedExtensions carries other
        // extensions and RSA-PSS signatures are randomised), so application secrets cannot match.
        assertThat(server.cipherSuite()).isEqualTo(CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    @Test
    void clientReproducesResumedZeroRttHandshake_rfc8448_4() throws Exception {
        HandshakeMessage.NewSessionTicket nst = (HandshakeMessage.NewSessionTicket) decode(S3_NEW_SESSION_TICKET);
        long now = 1_000_000L;
        SessionTicket ticket = new SessionTicket("server", "", CipherSuite.TLS_AES_128_GCM_SHA256, S3_RESUMPTION_PSK,
                nst.ticket(), nst.lifetimeSeconds(), nst.ageAdd(), now - 1000, 1024, new byte[0]);
        assertThat(new KeySchedule(Hkdf.SHA256).early(S3_RESUMPTION_PSK).earlySecret()).isEqualTo(S4_EARLY_SECRET);
        TlsClientConfig config = traceClient(g -> KeyExchange.x25519(S4_CLIENT_PRIVATE), random(S4_CLIENT_HELLO)).build();
        ClientHandshake client = new ClientHandshake(config, "server", null, ticket);
        client.helloRewriter(mine -> {
            // Our binder is still a placeholder here; the engine computes it over the trace's prefix.
            ClientHello trace = replaceBy(mine, S4_CLIENT_HELLO);
            List<Extension> ext = new ArrayList<>(trace.extensions());
            Extension.PreSharedKeyClientHello psk = (Extension.PreSharedKeyClientHello) ext.remove(ext.size() - 1);
            ext.add(new Extension.PreSharedKeyClientHello(psk.identities(), List.of(new byte[32])));
            return new ClientHello(trace.random(), trace.legacySessionId(), trace.cipherSuites(), ext);
        });
        client.start();
        List<TlsEvent> hello = drain(client);
        byte[] sent = data(hello, EncryptionLevel.INITIAL);
        assertThat(Arrays.copyOfRange(sent, sent.length - 32, sent.length)).isEqualTo(S4_BINDER);
        assertThat(sent).isEqualTo(S4_CLIENT_HELLO);
        assertThat(secret(hello, EncryptionLevel.EARLY_DATA, Direction.WRITE)).isEqualTo(S4_CLIENT_EARLY_TRAFFIC);

        client.handle(EncryptionLevel.INITIAL, S4_SERVER_HELLO);
        List<TlsEvent> afterHello = drain(client);
        assertThat(secret(afterHello, EncryptionLevel.HANDSHAKE, Direction.WRITE)).isEqualTo(S4_CLIENT_HS_TRAFFIC);
        assertThat(secret(afterHello, EncryptionLevel.HANDSHAKE, Direction.READ)).isEqualTo(S4_SERVER_HS_TRAFFIC);
        assertThat(client.isResumed()).isTrue();
        assertThat(new KeySchedule(Hkdf.SHA256).early(S3_RESUMPTION_PSK)
                .handshake(KeyExchange.x25519(S4_CLIENT_PRIVATE).sharedSecret(serverShare(S4_SERVER_HELLO))).handshakeSecret())
                .isEqualTo(S4_HANDSHAKE_SECRET);

        client.handle(EncryptionLevel.HANDSHAKE, concat(S4_ENCRYPTED_EXTENSIONS, S4_SERVER_FINISHED));
        List<TlsEvent> afterFlight = drain(client);
        assertThat(Pipe.of(afterFlight, TlsEvent.EarlyDataAccepted.class)).hasSize(1);
        assertThat(secret(afterFlight, EncryptionLevel.APPLICATION, Direction.READ)).isEqualTo(S4_SERVER_AP_TRAFFIC);
        assertThat(secret(afterFlight, EncryptionLevel.APPLICATION, Direction.WRITE)).isEqualTo(S4_CLIENT_AP_TRAFFIC);
        // The trace's client Finished covers an EndOfEarlyData, which QUIC removes (RFC 9001 §8.3),
        // so our Finished legitimately differs from the trace's.
    }

    @Test
    void clientReproducesHelloRetryRequestHandshake_rfc8448_5() throws Exception {
        KeyExchangeFactory keys = g -> g == NamedGroup.X25519 ? KeyExchange.x25519(S5_CLIENT_X25519_PRIVATE)
                : KeyExchange.ecdh(NamedGroup.SECP256R1, S5_CLIENT_P256_PRIVATE);
        TlsClientConfig config = traceClient(keys, random(S5_CLIENT_HELLO_1)).build();
        ClientHandshake client = new ClientHandshake(config, "server", null, null);
        client.helloRewriter(mine -> replaceBy(mine, ExtensionCodec.find(mine.extensions(), Extension.Cookie.class) == null
                ? S5_CLIENT_HELLO_1 : S5_CLIENT_HELLO_2));
        client.start();
        assertThat(data(drain(client), EncryptionLevel.INITIAL)).isEqualTo(S5_CLIENT_HELLO_1);

        client.handle(EncryptionLevel.INITIAL, S5_HELLO_RETRY_REQUEST);
        assertThat(data(drain(client), EncryptionLevel.INITIAL)).isEqualTo(S5_CLIENT_HELLO_2);

        client.handle(EncryptionLevel.INITIAL, S5_SERVER_HELLO);
        List<TlsEvent> afterHello = drain(client);
        assertThat(secret(afterHello, EncryptionLevel.HANDSHAKE, Direction.WRITE)).isEqualTo(S5_CLIENT_HS_TRAFFIC);
        assertThat(secret(afterHello, EncryptionLevel.HANDSHAKE, Direction.READ)).isEqualTo(S5_SERVER_HS_TRAFFIC);

        client.handle(EncryptionLevel.HANDSHAKE, concat(S5_ENCRYPTED_EXTENSIONS, S5_CERTIFICATE, S5_CERTIFICATE_VERIFY, S5_SERVER_FINISHED));
        List<TlsEvent> afterFlight = drain(client);
        assertThat(data(afterFlight, EncryptionLevel.HANDSHAKE)).isEqualTo(S5_CLIENT_FINISHED);
        assertThat(secret(afterFlight, EncryptionLevel.APPLICATION, Direction.READ)).isEqualTo(S5_SERVER_AP_TRAFFIC);
        assertThat(secret(afterFlight, EncryptionLevel.APPLICATION, Direction.WRITE)).isEqualTo(S5_CLIENT_AP_TRAFFIC);
    }
}
