package io.mqttd.quic.tls;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * One ephemeral (EC)DHE key pair (RFC 8446 §4.2.8, §7.4) on Bouncy Castle's lightweight API,
 * which is several times faster than the JCA for these operations.
 */
public abstract class KeyExchange {
    private final NamedGroup group;

    private KeyExchange(NamedGroup group) {
        this.group = group;
    }

    public NamedGroup group() {
        return group;
    }

    /** The key_exchange bytes of our KeyShareEntry. */
    public abstract byte[] publicKey();

    /**
     * The shared secret with the peer's key_exchange bytes.
     *
     * @throws TlsAlertException illegal_parameter for an invalid peer share (RFC 8446 §4.2.8.1,
     *     §4.2.8.2, §7.4.2)
     */
    public abstract byte[] sharedSecret(byte[] peerPublicKey);

    /** A fresh key pair of the group. */
    public static KeyExchange generate(NamedGroup group, SecureRandom random) {
        return switch (group) {
            case X25519 -> new X25519(new X25519PrivateKeyParameters(random));
            case SECP256R1 -> Ecdh.generate(group, "secp256r1", random);
            case SECP384R1 -> Ecdh.generate(group, "secp384r1", random);
        };
    }

    /** An X25519 key pair from a known private key; for test vectors (RFC 8448). */
    public static KeyExchange x25519(byte[] privateKey) {
        return new X25519(new X25519PrivateKeyParameters(privateKey, 0));
    }

    /** An ECDH key pair from a known private scalar; for test vectors (RFC 8448 §5). */
    public static KeyExchange ecdh(NamedGroup group, byte[] privateKey) {
        String curve = switch (group) {
            case SECP256R1 -> "secp256r1";
            case SECP384R1 -> "secp384r1";
            case X25519 -> throw new IllegalArgumentException("x25519 is not an ECDH curve here");
        };
        X9ECParameters x9 = CustomNamedCurves.getByName(curve);
        ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        ECPrivateKeyParameters priv = new ECPrivateKeyParameters(new BigInteger(1, privateKey), domain);
        ECPublicKeyParameters pub = new ECPublicKeyParameters(domain.getG().multiply(priv.getD()).normalize(), domain);
        return new Ecdh(group, domain, new AsymmetricCipherKeyPair(pub, priv));
    }

    private static final class X25519 extends KeyExchange {
        private final X25519PrivateKeyParameters privateKey;
        private final byte[] publicKey;

        X25519(X25519PrivateKeyParameters privateKey) {
            super(NamedGroup.X25519);
            this.privateKey = privateKey;
            this.publicKey = privateKey.generatePublicKey().getEncoded();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] sharedSecret(byte[] peer) {
            if (peer.length != X25519PublicKeyParameters.KEY_SIZE) {
                throw TlsAlertException.illegalParameter("x25519 key share of " + peer.length + " bytes");
            }
            X25519Agreement agreement = new X25519Agreement();
            agreement.init(privateKey);
            byte[] out = new byte[agreement.getAgreementSize()];
            try {
                agreement.calculateAgreement(new X25519PublicKeyParameters(peer, 0), out, 0);
            } catch (IllegalStateException e) {
                // RFC 8446 §7.4.2: an all-zero shared secret must be rejected.
                throw TlsAlertException.illegalParameter("x25519 shared secret is all zeros");
            }
            return out;
        }
    }

    private static final class Ecdh extends KeyExchange {
        private final ECDomainParameters domain;
        private final ECPrivateKeyParameters privateKey;
        private final byte[] publicKey;

        private Ecdh(NamedGroup group, ECDomainParameters domain, AsymmetricCipherKeyPair pair) {
            super(group);
            this.domain = domain;
            this.privateKey = (ECPrivateKeyParameters) pair.getPrivate();
            this.publicKey = ((ECPublicKeyParameters) pair.getPublic()).getQ().getEncoded(false);
        }

        static Ecdh generate(NamedGroup group, String curve, SecureRandom random) {
            X9ECParameters x9 = CustomNamedCurves.getByName(curve);
            ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.init(new ECKeyGenerationParameters(domain, random));
            return new Ecdh(group, domain, generator.generateKeyPair());
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] sharedSecret(byte[] peer) {
            // RFC 8446 §4.2.8.2: only the uncompressed form 0x04 || X || Y.
            if (peer.length != publicKey.length || peer[0] != 4) {
                throw TlsAlertException.illegalParameter("malformed " + group() + " key share");
            }
            try {
                ECPoint point = domain.getCurve().decodePoint(peer);
                ECPublicKeyParameters peerKey = new ECPublicKeyParameters(point, domain);
                ECDHBasicAgreement agreement = new ECDHBasicAgreement();
                agreement.init(privateKey);
                BigInteger z = agreement.calculateAgreement(peerKey);
                // RFC 8446 §7.4.2: the x-coordinate, left-padded to the field size.
                return BigIntegers.asUnsignedByteArray((domain.getCurve().getFieldSize() + 7) / 8, z);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw TlsAlertException.illegalParameter("invalid " + group() + " point: " + e.getMessage());
            }
        }
    }
}
