package io.mqttd.quic.tls;

import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates made with bcpkix, and a verifier that trusts exactly one certificate. */
final class TestPki {
    /** A self-signed certificate and its key. */
    record Identity(X509Certificate certificate, PrivateKey privateKey) {
        List<X509Certificate> chain() {
            return List.of(certificate);
        }
    }

    static final Identity EC_P256 = create("EC", "secp256r1", "SHA256withECDSA");
    private static Identity ecP384;
    private static Identity rsa;
    private static Identity ed25519;

    private TestPki() {
    }

    static synchronized Identity ecP384() {
        return ecP384 != null ? ecP384 : (ecP384 = create("EC", "secp384r1", "SHA384withECDSA"));
    }

    static synchronized Identity rsa() {
        return rsa != null ? rsa : (rsa = create("RSA", null, "SHA256withRSA"));
    }

    static synchronized Identity ed25519() {
        return ed25519 != null ? ed25519 : (ed25519 = create("Ed25519", null, "Ed25519"));
    }

    static Identity create(String algorithm, String curve, String signatureAlgorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else if (algorithm.equals("RSA")) {
                g.initialize(2048);
            }
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=localhost");
            long now = System.currentTimeMillis();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 3_600_000),
                    new Date(now + 86_400_000L), name, kp.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(kp.getPrivate())));
            return new Identity(cert, kp.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts exactly the given certificate as the end entity; anything else is an unknown issuer. */
    static CertificateChainVerifier trusting(X509Certificate trusted) {
        return (chain, hostName) -> {
            if (!chain.get(0).equals(trusted)) {
                throw new CertificateChainVerifier.UnknownIssuerException("not the trusted certificate", null);
            }
        };
    }

    static CertificateChainVerifier refusing(CertificateException e) {
        return (chain, hostName) -> {
            throw e;
        };
    }
}
