package io.mqttd.quic.connection.path;

import io.mqttd.quic.packet.ConnectionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Address validation tokens, RFC 9000 §8.1.2-8.1.4: opaque to the client, meaningful only to the
 * server that made them. A token is AES-128-GCM-sealed (random 96-bit nonce) so it cannot be forged
 * or read, and carries:
 * <ul>
 *   <li>its kind: from a Retry packet, or from a NEW_TOKEN frame for a future connection;</li>
 *   <li>when it was issued, so it expires (Retry tokens quickly, NEW_TOKEN tokens later, §8.1.3);</li>
 *   <li>the client's IP address, and for Retry tokens its port too (§8.1.4: "Tokens sent in Retry
 *       packets SHOULD include information that allows the server to verify that the source IP
 *       address and port in client packets remain constant"; NEW_TOKEN tokens omit the port because
 *       clients change ports between connections);</li>
 *   <li>for Retry tokens, the client's original Destination Connection ID and the Retry's Source
 *       Connection ID, which the server must echo in original_destination_connection_id and
 *       retry_source_connection_id (§7.3) even though it kept no state.</li>
 * </ul>
 * Keys are per server (or shared by a cluster); the caller passes time in milliseconds (sans-IO).
 */
public final class AddressValidationTokens {
    private static final byte KIND_RETRY = 1;
    private static final byte KIND_NEW_TOKEN = 2;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final long retryLifetimeMillis;
    private final long newTokenLifetimeMillis;
    private final SecureRandom random = new SecureRandom();

    /** What a valid token says. {@code originalDestination} and {@code retrySource} are null for NEW_TOKEN tokens. */
    public record Validated(boolean fromRetry, ConnectionId originalDestination, ConnectionId retrySource) {
    }

    public AddressValidationTokens(byte[] key, long retryLifetimeMillis, long newTokenLifetimeMillis) {
        if (key.length != 16) {
            throw new IllegalArgumentException("token key must be 16 bytes (AES-128)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.retryLifetimeMillis = retryLifetimeMillis;
        this.newTokenLifetimeMillis = newTokenLifetimeMillis;
    }

    /** A random key, Retry tokens valid for 10 s, NEW_TOKEN tokens for 24 h. */
    public static AddressValidationTokens withRandomKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return new AddressValidationTokens(key, 10_000, 24 * 3600_000L);
    }

    /** The token of a Retry packet (§8.1.2). */
    public byte[] retryToken(InetSocketAddress client, ConnectionId originalDestination, ConnectionId retrySource,
            long nowMillis) {
        byte[] address = client.getAddress().getAddress();
        ByteBuffer plain = ByteBuffer.allocate(1 + 8 + 1 + address.length + 2 + 1 + originalDestination.length()
                + 1 + retrySource.length());
        plain.put(KIND_RETRY).putLong(nowMillis).put((byte) address.length).put(address)
                .putShort((short) client.getPort());
        plain.put((byte) originalDestination.length());
        originalDestination.writeTo(plain);
        plain.put((byte) retrySource.length());
        retrySource.writeTo(plain);
        return seal(plain.array());
    }

    /** A token for a NEW_TOKEN frame (§8.1.3), to skip the Retry round trip next time. */
    public byte[] newToken(InetAddress client, long nowMillis) {
        byte[] address = client.getAddress();
        ByteBuffer plain = ByteBuffer.allocate(1 + 8 + 1 + address.length);
        plain.put(KIND_NEW_TOKEN).putLong(nowMillis).put((byte) address.length).put(address);
        return seal(plain.array());
    }

    /**
     * Opens a token from a client's Initial packet. Returns null when the token is not ours, was
     * altered, expired, or names another address; the caller then decides per §8.1.3 (an invalid
     * Retry token closes with INVALID_TOKEN; an unusable NEW_TOKEN token is treated as absent).
     */
    public Validated validate(byte[] token, InetSocketAddress client, long nowMillis) {
        byte[] plain = open(token);
        if (plain == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(plain);
        try {
            byte kind = in.get();
            long issued = in.getLong();
            byte[] address = new byte[in.get() & 0xff];
            in.get(address);
            if (!Arrays.equals(address, client.getAddress().getAddress())) {
                return null;
            }
            long age = nowMillis - issued;
            if (kind == KIND_RETRY) {
                int port = in.getShort() & 0xffff;
                if (port != client.getPort() || age < 0 || age > retryLifetimeMillis) {
                    return null;
                }
                ConnectionId odcid = ConnectionId.read(in, in.get() & 0xff);
                ConnectionId rscid = ConnectionId.read(in, in.get() & 0xff);
                return new Validated(true, odcid, rscid);
            }
            if (kind == KIND_NEW_TOKEN && age >= 0 && age <= newTokenLifetimeMillis) {
                return new Validated(false, null, null);
            }
            return null;
        } catch (RuntimeException e) {
            return null; // authenticated, so only a bug could get here; still never trust it
        }
    }

    /** Whether a token could be a Retry token of ours (it opens and says so); used for INVALID_TOKEN decisions. */
    public boolean isRetryToken(byte[] token) {
        byte[] plain = open(token);
        return plain != null && plain.length > 0 && plain[0] == KIND_RETRY;
    }

    private byte[] seal(byte[] plain) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = gcm.doFinal(plain);
            byte[] token = new byte[NONCE_LENGTH + sealed.length];
            System.arraycopy(nonce, 0, token, 0, NONCE_LENGTH);
            System.arraycopy(sealed, 0, token, NONCE_LENGTH, sealed.length);
            return token;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private byte[] open(byte[] token) {
        if (token == null || token.length < NONCE_LENGTH + TAG_BITS / 8 + 1) {
            return null;
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, token, 0, NONCE_LENGTH));
            return gcm.doFinal(token, NONCE_LENGTH, token.length - NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
