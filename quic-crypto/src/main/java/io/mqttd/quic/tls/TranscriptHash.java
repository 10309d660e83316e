package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.Hkdf;
import io.mqttd.quic.tls.message.HandshakeType;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The running transcript hash (RFC 8446 §4.4.1). The hash function is only known once the cipher
 * suite is chosen, so messages are buffered until {@link #fix}; afterwards a digest is updated in
 * place and cloned for each intermediate value.
 */
final class TranscriptHash {
    private final List<byte[]> pending = new ArrayList<>();
    private MessageDigest digest;

    void add(byte[] message) {
        if (digest == null) {
            pending.add(message);
        } else {
            digest.update(message);
        }
    }

    /** Chooses the hash of the negotiated suite and hashes what was buffered. */
    void fix(Hkdf hash) {
        if (digest != null) {
            return;
        }
        digest = hash.newDigest();
        for (byte[] m : pending) {
            digest.update(m);
        }
        pending.clear();
    }

    /**
     * RFC 8446 §4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by the synthetic
     * message_hash message: 254, 00 00 Hash.length, Hash(ClientHello1).
     */
    void replaceWithMessageHash(Hkdf hash) {
        MessageDigest d = digest;
        if (d == null) {
            d = hash.newDigest();
            for (byte[] m : pending) {
                d.update(m);
            }
        }
        byte[] ch1 = d.digest();
        pending.clear();
        digest = null;
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
        return snapshot(digest).digest();
    }

    /**
     * Transcript-Hash of everything so far followed by {@code partial}, without adding it: the
     * PSK binder hashes a truncated ClientHello (RFC 8446 §4.2.11.2), possibly before the suite
     * is fixed, hence the explicit hash.
     */
    byte[] currentWith(Hkdf hash, byte[] partial) {
        MessageDigest d;
        if (digest != null) {
            d = snapshot(digest);
        } else {
            d = hash.newDigest();
            for (byte[] m : pending) {
                d.update(m);
            }
        }
        return d.digest(partial);
    }

    private static MessageDigest snapshot(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + d.getAlgorithm() + " digest cannot be cloned", e);
        }
    }
}
