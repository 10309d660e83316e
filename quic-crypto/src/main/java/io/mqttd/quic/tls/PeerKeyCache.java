package io.mqttd.quic.tls;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * The peers' certificate public keys in Bouncy Castle's lightweight form, kept across handshakes
 * and keyed by their SubjectPublicKeyInfo encoding.
 *
 * <p>Why: verifying an ECDSA CertificateVerify (RFC 8446 §4.4.3) computes a window table of the
 * public point, and Bouncy Castle stores that table on the point object. A client that reconnects to
 * the same server (or a server whose clients present the same certificates) then verifies against
 * the stored table: 82 us instead of 256 us per P-256 verify here. Only the key is cached, never a
 * verification result; every signature is still checked.
 *
 * <p>Bounded (least recently used out) and thread-safe: event loops of several endpoints share it.
 */
final class PeerKeyCache {
    static final int CAPACITY = 64;
    static final PeerKeyCache SHARED = new PeerKeyCache(CAPACITY);

    private final Map<ByteBuffer, AsymmetricKeyParameter> keys;

    PeerKeyCache(int capacity) {
        this.keys = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, AsymmetricKeyParameter> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The cached key for this encoding, or {@code convert}'s result, which is then cached. The array
     * becomes the cache's key: pass a fresh one ({@code PublicKey.getEncoded()} returns a copy).
     */
    AsymmetricKeyParameter get(byte[] subjectPublicKeyInfo, Function<byte[], AsymmetricKeyParameter> convert) {
        ByteBuffer key = ByteBuffer.wrap(subjectPublicKeyInfo);
        synchronized (keys) {
            AsymmetricKeyParameter cached = keys.get(key);
            if (cached != null) {
                return cached;
            }
        }
        AsymmetricKeyParameter converted = convert.apply(subjectPublicKeyInfo);
        synchronized (keys) {
            keys.putIfAbsent(key, converted);
        }
        return converted;
    }

    int size() {
        synchronized (keys) {
            return keys.size();
        }
    }
}
