package io.mqttd.quic.tls;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * CertificateVerify signatures (RFC 8446 §4.4.3) on Bouncy Castle's lightweight signers: the
 * signed content is 64 spaces, a context string, a zero byte and the transcript hash.
 */
final class HandshakeSignatures {
    static final String SERVER_CONTEXT = "TLS 1.3, server CertificateVerify";
    static final String CLIENT_CONTEXT = "TLS 1.3, client CertificateVerify";

    private HandshakeSignatures() {
    }

    /** RFC 8446 §4.4.3 content to be signed. */
    static byte[] content(String context, byte[] transcriptHash) {
        byte[] ctx = context.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64 + ctx.length + 1 + transcriptHash.length];
        java.util.Arrays.fill(out, 0, 64, (byte) 0x20);
        System.arraycopy(ctx, 0, out, 64, ctx.length);
        System.arraycopy(transcriptHash, 0, out, 64 + ctx.length + 1, transcriptHash.length);
        return out;
    }

    /** A JDK private key converted once to its lightweight form, with the schemes it can sign. */
    static final class SigningKey {
        final AsymmetricKeyParameter key;
        final List<SignatureScheme> schemes;

        SigningKey(PrivateKey privateKey) {
            try {
                key = onFastCurve(PrivateKeyFactory.createKey(privateKey.getEncoded()));
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException("unsupported private key " + privateKey.getAlgorithm(), e);
            }
            schemes = schemesFor(key);
            if (schemes.isEmpty()) {
                throw new IllegalArgumentException("no TLS 1.3 signature scheme for key " + privateKey.getAlgorithm());
            }
        }

        /** The first of our schemes the peer accepts, or null. */
        SignatureScheme choose(List<Integer> peerSchemes) {
            for (SignatureScheme s : schemes) {
                if (peerSchemes.contains(s.code())) {
                    return s;
                }
            }
            return null;
        }

        byte[] sign(SignatureScheme scheme, byte[] content, SecureRandom random) {
            Signer signer = signer(scheme, key);
            signer.init(true, scheme == SignatureScheme.RSA_PSS_RSAE_SHA256 || scheme == SignatureScheme.RSA_PSS_RSAE_SHA384
                    ? new ParametersWithRandom(key, random) : key);
            signer.update(content, 0, content.length);
            try {
                return signer.generateSignature();
            } catch (CryptoException e) {
                throw new TlsAlertException(Alert.INTERNAL_ERROR, "signing failed", e);
            }
        }
    }

    private static List<SignatureScheme> schemesFor(AsymmetricKeyParameter key) {
        if (key instanceof ECKeyParameters ec) {
            String curve = curveName(ec);
            if ("secp256r1".equals(curve)) {
                return List.of(SignatureScheme.ECDSA_SECP256R1_SHA256);
            }
            if ("secp384r1".equals(curve)) {
                return List.of(SignatureScheme.ECDSA_SECP384R1_SHA384);
            }
            return List.of();
        }
        if (key instanceof RSAKeyParameters) {
            return List.of(SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384);
        }
        if (key instanceof Ed25519PrivateKeyParameters || key instanceof Ed25519PublicKeyParameters) {
            return List.of(SignatureScheme.ED25519);
        }
        return List.of();
    }

    private static String curveName(ECKeyParameters ec) {
        if (ec.getParameters() instanceof ECNamedDomainParameters named) {
            if (SECObjectIdentifiers.secp256r1.equals(named.getName())) {
                return "secp256r1";
            }
            if (SECObjectIdentifiers.secp384r1.equals(named.getName())) {
                return "secp384r1";
            }
            return null;
        }
        for (String name : new String[] {"secp256r1", "secp384r1"}) {
            X9ECParameters p = ECNamedCurveTable.getByName(name);
            if (p.getCurve().equals(ec.getParameters().getCurve()) && p.getG().equals(ec.getParameters().getG())) {
                return name;
            }
        }
        return null;
    }

    /**
     * Moves an EC key onto Bouncy Castle's custom curve implementation (CustomNamedCurves), which
     * is several times faster than the generic one the key factories return.
     */
    static AsymmetricKeyParameter onFastCurve(AsymmetricKeyParameter key) {
        if (!(key instanceof ECKeyParameters ec) || !(ec.getParameters() instanceof ECNamedDomainParameters named)) {
            return key;
        }
        X9ECParameters custom = CustomNamedCurves.getByOID(named.getName());
        if (custom == null) {
            return key;
        }
        ECNamedDomainParameters domain = new ECNamedDomainParameters(named.getName(), custom);
        if (key instanceof ECPrivateKeyParameters priv) {
            return new ECPrivateKeyParameters(priv.getD(), domain);
        }
        ECPublicKeyParameters pub = (ECPublicKeyParameters) key;
        return new ECPublicKeyParameters(custom.getCurve().decodePoint(pub.getQ().getEncoded(false)), domain);
    }

    private static Signer signer(SignatureScheme scheme, AsymmetricKeyParameter key) {
        return switch (scheme) {
            case ECDSA_SECP256R1_SHA256 -> new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())), new SHA256Digest());
            case ECDSA_SECP384R1_SHA384 -> new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest())), new SHA384Digest());
            case RSA_PSS_RSAE_SHA256 -> pss(new SHA256Digest());
            case RSA_PSS_RSAE_SHA384 -> pss(new SHA384Digest());
            case ED25519 -> new Ed25519Signer();
            default -> throw new IllegalStateException("not a CertificateVerify scheme: " + scheme);
        };
    }

    private static Signer pss(Digest digest) {
        // RFC 8446 §4.2.3: MGF1 with the same hash, salt length equal to the digest length.
        return new PSSSigner(new RSABlindedEngine(), digest, digest.getDigestSize());
    }

    /**
     * Verifies a peer's CertificateVerify.
     *
     * @throws TlsAlertException illegal_parameter if the scheme does not fit the key
     *     (RFC 8446 §4.2.3), decrypt_error if the signature is wrong (§4.4.3)
     */
    static void verify(SignatureScheme scheme, PublicKey publicKey, byte[] content, byte[] signature) {
        AsymmetricKeyParameter key = PeerKeyCache.SHARED.get(publicKey.getEncoded(), encoded -> {
            try {
                return onFastCurve(PublicKeyFactory.createKey(encoded));
            } catch (java.io.IOException | RuntimeException e) {
                throw new TlsAlertException(Alert.UNSUPPORTED_CERTIFICATE, "unsupported public key " + publicKey.getAlgorithm());
            }
        });
        if (!schemesFor(key).contains(scheme)) {
            throw TlsAlertException.illegalParameter(scheme + " does not match the certificate key " + publicKey.getAlgorithm());
        }
        Signer signer = signer(scheme, key);
        signer.init(false, key);
        signer.update(content, 0, content.length);
        boolean ok;
        try {
            ok = signer.verifySignature(signature);
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new TlsAlertException(Alert.DECRYPT_ERROR, "CertificateVerify signature does not verify");
        }
    }
}
