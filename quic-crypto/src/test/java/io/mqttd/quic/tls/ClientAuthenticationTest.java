package io.mqttd.quic.tls;

import static io.mqttd.quic.tls.HandshakeTest.assertAlert;
import static io.mqttd.quic.tls.HandshakeTest.client;
import static io.mqttd.quic.tls.HandshakeTest.pipe;
import static io.mqttd.quic.tls.HandshakeTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.tls.TlsServerConfig.ClientAuth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAuthenticationTest {
    static final TestPki.Identity CLIENT_ID = TestPki.ed25519();

    @Test
    void serverVerifiesClientCertificate_rfc8446_4_4_2() {
        TlsClientConfig c = client(TestPki.EC_P256).clientCertificate(CLIENT_ID.chain(), CLIENT_ID.privateKey()).build();
        TlsServerConfig s = server(TestPki.EC_P256).clientAuth(ClientAuth.REQUIRED, TestPki.trusting(CLIENT_ID.certificate())).build();
        Pipe p = pipe(c, s).run();
        assertThat(p.server.isComplete()).isTrue();
        assertThat(p.server.clientCertificates()).containsExactly(CLIENT_ID.certificate());
        assertThat(p.server(TlsEvent.PeerCertificates.class)).hasSize(1);
    }

    @Test
    void serverWithRsaClientCertificate_rfc8446_4_4_3() {
        TestPki.Identity rsa = TestPki.rsa();
        TlsClientConfig c = client(TestPki.EC_P256).clientCertificate(rsa.chain(), rsa.privateKey()).build();
        TlsServerConfig s = server(TestPki.EC_P256).clientAuth(ClientAuth.OPTIONAL, TestPki.trusting(rsa.certificate())).build();
        Pipe p = pipe(c, s).run();
        assertThat(p.server.clientCertificates()).containsExactly(rsa.certificate());
    }

    @Test
    void requiredClientCertificateMissing_rfc8446_6_2_certificateRequired() {
        TlsServerConfig s = server(TestPki.EC_P256).clientAuth(ClientAuth.REQUIRED, TestPki.trusting(CLIENT_ID.certificate())).build();
        assertAlert(pipe(client(TestPki.EC_P256).build(), s)::run, Alert.CERTIFICATE_REQUIRED);
    }

    @Test
    void optionalClientCertificateMissingCompletes_rfc8446_4_4_2() {
        TlsServerConfig s = server(TestPki.EC_P256).clientAuth(ClientAuth.OPTIONAL, TestPki.trusting(CLIENT_ID.certificate())).build();
        Pipe p = pipe(client(TestPki.EC_P256).build(), s).run();
        assertThat(p.server.isComplete()).isTrue();
        assertThat(p.server.clientCertificates()).isNull();
    }

    @Test
    void untrustedClientCertificateIsUnknownCa_rfc8446_6_2() {
        TlsClientConfig c = client(TestPki.EC_P256).clientCertificate(CLIENT_ID.chain(), CLIENT_ID.privateKey()).build();
        TlsServerConfig s = server(TestPki.EC_P256).clientAuth(ClientAuth.OPTIONAL, TestPki.trusting(TestPki.ecP384().certificate())).build();
        assertAlert(pipe(c, s)::run, Alert.UNKNOWN_CA);
    }

    @Test
    void clientSignatureWithWrongKeyIsDecryptError_rfc8446_4_4_3() {
        // The certificate is CLIENT_ID's but the key signing CertificateVerify is another Ed25519 key.
        TestPki.Identity other = TestPki.create("Ed25519", null, "Ed25519");
        TlsClientConfig c = client(TestPki.EC_P256).clientCertificate(CLIENT_ID.chain(), other.privateKey()).build();
        TlsServerConfig s = server(TestPki.EC_P256).clientAuth(ClientAuth.REQUIRED, TestPki.trusting(CLIENT_ID.certificate())).build();
        assertAlert(pipe(c, s)::run, Alert.DECRYPT_ERROR);
    }

    @Test
    void serverSignatureWithWrongKeyIsDecryptError_rfc8446_4_4_3() {
        TestPki.Identity other = TestPki.create("EC", "secp256r1", "SHA256withECDSA");
        TlsServerConfig s = TlsServerConfig.builder(TestPki.EC_P256.chain(), other.privateKey()).alpnProtocols(List.of("mqtt")).build();
        assertAlert(pipe(client(TestPki.EC_P256).build(), s)::run, Alert.DECRYPT_ERROR);
    }
}
