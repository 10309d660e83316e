package io.mqttd.quic.tls.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsChainInFileOrder_rfc8446_4_4_2() throws Exception {
        TestPki pki = new TestPki("Pem");
        X509Certificate leaf = pki.leaf(TestPki.ecKeys(), KeyPurposeId.id_kp_serverAuth, "a.example");
        Path file = write("chain.pem", PemFiles.toPem(leaf, pki.intermediate));
        assertThat(PemFiles.readCertificates(file)).containsExactly(leaf, pki.intermediate);
    }

    @Test
    void readsPkcs8EcKey() throws Exception {
        KeyPair keys = TestPki.ecKeys();
        String pem = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        assertThat(PemFiles.readPrivateKey(pem, "test").getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void readsSec1EcKey() throws Exception {
        KeyPair keys = TestPki.ecKeys();
        // SEC 1 "EC PRIVATE KEY" as OpenSSL writes it: the private value with the named curve.
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS(),
                new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1))
                .getEncoded();
        PrivateKey read = PemFiles.readPrivateKey(pem("EC PRIVATE KEY", sec1), "test");
        assertThat(read.getAlgorithm()).isEqualTo("EC");
        assertThat(new CertifiedKey(List.of(selfSignedFor(keys)), read).privateKey()).isSameAs(read);
    }

    @Test
    void readsPkcs1RsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        byte[] pkcs1 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey()
                .toASN1Primitive().getEncoded();
        PrivateKey read = PemFiles.readPrivateKey(pem("RSA PRIVATE KEY", pkcs1), "test");
        assertThat(read.getAlgorithm()).isEqualTo("RSA");
        assertThat(read.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void readsPkcs8Ed25519Key() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        PrivateKey read = PemFiles.readPrivateKey(pem("PRIVATE KEY", keys.getPrivate().getEncoded()), "test");
        assertThat(read.getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void refusesEncryptedKeyWithAClearMessage() throws Exception {
        KeyPair keys = TestPki.ecKeys();
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setPassword("secret".toCharArray()).build();
        var encrypted = new PKCS8EncryptedPrivateKeyInfoBuilder(keys.getPrivate().getEncoded()).build(encryptor);
        String pem = pem("ENCRYPTED PRIVATE KEY", encrypted.getEncoded());
        assertThatThrownBy(() -> PemFiles.readPrivateKey(pem, "key.pem"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("key.pem is encrypted");
    }

    @Test
    void refusesFileWithoutCertificates() {
        assertThatThrownBy(() -> PemFiles.readCertificates("hello\n", "empty.pem"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("no CERTIFICATE block in empty.pem");
    }

    @Test
    void refusesFileWithoutPrivateKey() {
        assertThatThrownBy(() -> PemFiles.readPrivateKey("", "none.pem"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no private key block in none.pem");
    }

    @Test
    void reportsCorruptBase64AsIoException() {
        String corrupt = "-----BEGIN CERTIFICATE-----\n!!!!notbase64@@@@\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> PemFiles.readCertificates(corrupt, "bad.pem"))
                .isInstanceOfAny(IOException.class, CertificateException.class);
    }

    @Test
    void refusesTwoPrivateKeysInOneFile() throws Exception {
        String pem = pem("PRIVATE KEY", TestPki.ecKeys().getPrivate().getEncoded())
                + pem("PRIVATE KEY", TestPki.ecKeys().getPrivate().getEncoded());
        assertThatThrownBy(() -> PemFiles.readPrivateKey(pem, "two.pem"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("more than one private key");
    }

    @Test
    void certifiedKeyFromPemRoundTripsASelfSignedIdentity() throws Exception {
        CertifiedKey generated = SelfSignedCertificate.generate("localhost");
        Path cert = write("cert.pem", PemFiles.toPem(generated.endEntity()));
        Path key = write("key.pem", PemFiles.toPem(generated.privateKey()));
        CertifiedKey loaded = CertifiedKey.fromPem(cert, key);
        assertThat(loaded.chain()).isEqualTo(generated.chain());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(generated.privateKey().getEncoded());
    }

    @Test
    void certifiedKeyRefusesKeyOfAnotherCertificateAtLoadTime() throws Exception {
        CertifiedKey a = SelfSignedCertificate.generate("a.example");
        CertifiedKey b = SelfSignedCertificate.generate("b.example");
        Path cert = write("a.pem", PemFiles.toPem(a.endEntity()));
        Path key = write("b-key.pem", PemFiles.toPem(b.privateKey()));
        assertThatThrownBy(() -> CertifiedKey.fromPem(cert, key))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void selfSignedCertificateNamesEveryHostAndIsValidNow() throws Exception {
        CertifiedKey dev = SelfSignedCertificate.generate("localhost", "127.0.0.1", "::1");
        X509Certificate c = dev.endEntity();
        c.checkValidity();
        assertThat(HostName.matches(c, "localhost")).isTrue();
        assertThat(HostName.matches(c, "127.0.0.1")).isTrue();
        assertThat(HostName.matches(c, "::1")).isTrue();
        assertThat(HostName.matches(c, "example.com")).isFalse();
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
        c.verify(c.getPublicKey());
    }

    private X509Certificate selfSignedFor(KeyPair keys) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        return TestPki.issue("CN=x", keys.getPublic(), "CN=x", keys.getPrivate(), now.minusSeconds(60),
                now.plusSeconds(3600), false, null, new String[] {"x.example"});
    }

    private static String pem(String type, byte[] der) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

}
