package io.mqttd.quic.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.junit.jupiter.api.Test;

class PeerKeyCacheTest {
    private static final byte[] CONTENT = HandshakeSignatures.content(HandshakeSignatures.SERVER_CONTEXT, new byte[32]);

    @Test
    void convertsAKeyOnceAndReturnsTheSameObjectAfterwards() {
        PeerKeyCache cache = new PeerKeyCache(4);
        AtomicInteger conversions = new AtomicInteger();
        AsymmetricKeyParameter first = cache.get(new byte[] {1, 2, 3}, e -> {
            conversions.incrementAndGet();
            return new AsymmetricKeyParameter(false);
        });
        AsymmetricKeyParameter second = cache.get(new byte[] {1, 2, 3}, e -> {
            conversions.incrementAndGet();
            return new AsymmetricKeyParameter(false);
        });
        assertThat(second).isSameAs(first);
        assertThat(conversions).hasValue(1);
    }

    @Test
    void evictsTheLeastRecentlyUsedKeyBeyondItsCapacity() {
        PeerKeyCache cache = new PeerKeyCache(2);
        AsymmetricKeyParameter a = cache.get(new byte[] {'a'}, e -> new AsymmetricKeyParameter(false));
        cache.get(new byte[] {'b'}, e -> new AsymmetricKeyParameter(false));
        cache.get(new byte[] {'a'}, e -> new AsymmetricKeyParameter(false)); // a is now the most recent
        cache.get(new byte[] {'c'}, e -> new AsymmetricKeyParameter(false));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(new byte[] {'a'}, e -> new AsymmetricKeyParameter(false))).isSameAs(a);
        AtomicInteger conversions = new AtomicInteger();
        cache.get(new byte[] {'b'}, e -> {
            conversions.incrementAndGet();
            return new AsymmetricKeyParameter(false);
        });
        assertThat(conversions).as("b was evicted").hasValue(1);
    }

    @Test
    void doesNotCacheAKeyThatFailedToConvert() {
        PeerKeyCache cache = new PeerKeyCache(2);
        assertThatThrownBy(() -> cache.get(new byte[] {9}, e -> {
            throw new IllegalArgumentException("not a key");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aCachedKeyStillRejectsAForgedCertificateVerify_rfc8446_4_4_3() {
        TestPki.Identity id = TestPki.EC_P256;
        HandshakeSignatures.SigningKey signer = new HandshakeSignatures.SigningKey(id.privateKey());
        byte[] signature = signer.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, CONTENT, new SecureRandom());
        for (int i = 0; i < 3; i++) { // the first call converts the key, the others use the cached one
            HandshakeSignatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, id.certificate().getPublicKey(),
                    CONTENT, signature);
        }
        byte[] otherContent = HandshakeSignatures.content(HandshakeSignatures.SERVER_CONTEXT, new byte[] {
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> HandshakeSignatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256,
                id.certificate().getPublicKey(), otherContent, signature))
                .isInstanceOfSatisfying(TlsAlertException.class, e -> assertThat(e.alert()).isEqualTo(Alert.DECRYPT_ERROR));
    }
}
