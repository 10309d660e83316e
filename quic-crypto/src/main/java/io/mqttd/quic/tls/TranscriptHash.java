package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.Hkdf;
import io.mqttd.quic.tls.message.HandshakeType;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.util.Memoable;

/**
 * The running transcript hash (RFC 8446 §4.4.1). The hash function is only known once the cipher
 * suite is chosen, so messages are buffered until {@link #fix}; afterwards a digest is updated in
 * place and snapshotted (Bouncy Castle digests are {@link Memoable}) for each intermediate value.
 */
final class TranscriptHash {
    private final List<byte[]> pending = new ArrayList<>();
    private Hkdf hkdf;
    private Digest digest;

    void add(byte[] message) {
        if (digest == null) {
            pending.add(message);
        } else {
            digest.update(message, 0, message.length);
        }
    }

    /** Chooses the hash of the negotiated suite and hashes what was buffered. */
    void fix(Hkdf hash) {
        if (digest != null) {
            return;
        }
        hkdf = hash;
        digest = hash.newDigest();
        for (byte[] m : pending) {
            digest.update(m, 0, m.length);
        }
        pending.clear();
    }

    /**
     * RFC 8446 §4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by the synthetic
     * message_hash message: 254, 00 00 Hash.length, Hash(ClientHello1).
     */
    void replaceWithMessageHash(Hkdf hash) {
        Digest d = hash.newDigest();
        if (digest != null) {
            d = digest;
        } else {
            for (byte[] m : pending) {
                d.update(m, 0, m.length);
            }
        }
        byte[] ch1 = new byte[hash.hashLength()];
        d.doFinal(ch1, 0);
        pending.clear();
        digest = null;
        hkdf = null;
        fix(hash);
        add(messageHash(ch1));
    }

    /** The message_hash message for a given Hash(ClientHello1), RFC 8446 §4.4.1. */
    static byte[] messageHash(byte[] clientHello1Hash) {
        byte[] m = new byte[4 + clientHello1Hash.length];
        m[0] = (byte) HandshakeType.MESSAGE_HASH;
        m[3] = (byte) clientHello1Hash.length;
        System.arraycopy(clientHello1Hash, 0, m, 4, clientHello1Hash.length);
        return m;
    }

    /** Transcript-Hash of everything added so far. */
    byte[] current() {
        Digest copy = (Digest) ((Memoable) digest).copy();
        byte[] out = new byte[hkdf.hashLength()];
        copy.doFinal(out, 0);
        return out;
    }

    /**
     * Transcript-Hash of everything so far followed by {@code partial}, without adding it: the
     * PSK binder hashes a truncated ClientHello (RFC 8446 §4.2.11.2), possibly before the suite
     * is fixed, hence the explicit hash.
     */
    byte[] currentWith(Hkdf hash, byte[] partial) {
        Digest d;
        if (digest != null) {
            d = (Digest) ((Memoable) digest).copy();
        } else {
            d = hash.newDigest();
            for (byte[] m : pending) {
                d.update(m, 0, m.length);
            }
        }
        d.update(partial, 0, partial.length);
        byte[] out = new byte[hash.hashLength()];
        d.doFinal(out, 0);
        return out;
    }
}
