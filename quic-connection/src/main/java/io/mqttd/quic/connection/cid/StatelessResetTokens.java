package io.mqttd.quic.connection.cid;

import io.mqttd.quic.crypto.Hkdf;
import io.mqttd.quic.packet.ConnectionId;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Stateless reset tokens, RFC 9000 §10.3: each connection ID this endpoint issues carries a
 * 16-byte token that the endpoint can recompute from the connection ID alone, after it lost the
 * connection's state (§10.3.2: "a static key ... HMAC"). The key is per endpoint; if it is shared by
 * a cluster, every node can reset connections of the others.
 */
public final class StatelessResetTokens {
    public static final int TOKEN_LENGTH = 16;

    private final byte[] key;

    public StatelessResetTokens(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("stateless reset key must have at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** A key from a secure random source: tokens then survive as long as this object does. */
    public static StatelessResetTokens random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new StatelessResetTokens(key);
    }

    /** The token for a connection ID issued by this endpoint: HMAC-SHA256(key, cid), truncated. */
    public byte[] tokenFor(ConnectionId cid) {
        return Arrays.copyOf(Hkdf.SHA256.hmac(key, cid.toByteArray()), TOKEN_LENGTH);
    }

    /** Compares tokens in constant time (§10.3.1 asks that comparisons not leak the token). */
    public static boolean tokensEqual(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
