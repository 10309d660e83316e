package io.mqttd.quic.tls.cert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain and the private key of its end-entity certificate: what a server (or a
 * client doing mutual TLS) presents in its Certificate and CertificateVerify messages
 * (RFC 8446 §4.4.2-4.4.3).
 *
 * <p>The constructor checks that the key belongs to the first certificate, so a mismatched
 * certificate/key pair is a configuration error at start-up rather than a handshake failure on the
 * first connection.
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey privateKey) {

    public CertifiedKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        if (privateKey == null) {
            throw new IllegalArgumentException("private key is missing");
        }
        if (!keyMatches(chain.get(0).getPublicKey(), privateKey)) {
            throw new IllegalArgumentException("the private key does not belong to the certificate "
                    + chain.get(0).getSubjectX500Principal().getName());
        }
    }

    /** Loads a chain (end-entity first) and its private key from PEM files. */
    public static CertifiedKey fromPem(Path chainFile, Path keyFile) throws IOException, CertificateException {
        List<X509Certificate> chain = PemFiles.readCertificates(chainFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        try {
            return new CertifiedKey(chain, key);
        } catch (IllegalArgumentException e) {
            throw new CertificateException(chainFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate endEntity() {
        return chain.get(0);
    }

    /** Proves possession: sign a fixed message with the private key and verify with the public key. */
    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported certificate key algorithm: " + publicKey.getAlgorithm());
        }
        byte[] probe = "mqttd certificate/key pairing check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
