package io.mqttd.quic.tls.cert;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A small PKI for tests: a root CA, an intermediate CA and leaf certificates with chosen names. */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    final KeyPair rootKeys = ecKeys();
    final X509Certificate root;
    final KeyPair intermediateKeys = ecKeys();
    final X509Certificate intermediate;

    TestPki(String name) throws Exception {
        Instant now = Instant.now();
        root = issue("CN=" + name + " Root", rootKeys.getPublic(), "CN=" + name + " Root", rootKeys.getPrivate(),
                now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS), true, null, null);
        intermediate = issue("CN=" + name + " Intermediate", intermediateKeys.getPublic(), "CN=" + name + " Root",
                rootKeys.getPrivate(), now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS), true, null, null);
    }

    static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A leaf signed by the intermediate, valid now, with the given DNS names and purpose. */
    X509Certificate leaf(KeyPair keys, KeyPurposeId purpose, String... dnsNames) throws Exception {
        Instant now = Instant.now();
        return leaf(keys, now.minus(1, ChronoUnit.HOURS), now.plus(30, ChronoUnit.DAYS), purpose, dnsNames);
    }

    X509Certificate leaf(KeyPair keys, Instant notBefore, Instant notAfter, KeyPurposeId purpose, String... dnsNames)
            throws Exception {
        return issue("CN=leaf", keys.getPublic(), intermediate.getSubjectX500Principal().getName(),
                intermediateKeys.getPrivate(), notBefore, notAfter, false, purpose, dnsNames);
    }

    static X509Certificate issue(String subject, PublicKey subjectKey, String issuer, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, boolean ca, KeyPurposeId purpose, String[] dnsNames) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                new X500Name(subject), subjectKey);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        if (purpose != null) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (dnsNames != null && dnsNames.length > 0) {
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = HostName.isIpLiteral(dnsNames[i])
                        ? new GeneralName(GeneralName.iPAddress, dnsNames[i])
                        : new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
