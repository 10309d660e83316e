package io.mqttd.quic.crypto;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HKDF (RFC 5869) and TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1), shared by the TLS key schedule
 * and QUIC packet protection (RFC 9001 §5.1). Uses Bouncy Castle's lightweight HMAC: no provider
 * lookup per call, which matters because a handshake derives a few dozen secrets.
 *
 * <p>Immutable and thread-safe: every call builds its own HMAC.
 */
public final class Hkdf {
    public static final Hkdf SHA256 = new Hkdf("SHA-256", 32, SHA256Digest::new);
    public static final Hkdf SHA384 = new Hkdf("SHA-384", 48, SHA384Digest::new);

    private static final byte[] LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final String hashName;
    private final int hashLength;
    private final Supplier<Digest> digests;

    private Hkdf(String hashName, int hashLength, Supplier<Digest> digests) {
        this.hashName = hashName;
        this.hashLength = hashLength;
        this.digests = digests;
    }

    public String hashName() {
        return hashName;
    }

    /** Hash.length in RFC 8446's notation. */
    public int hashLength() {
        return hashLength;
    }

    /** A fresh digest of this hash, e.g. for a transcript hash. */
    public Digest newDigest() {
        return digests.get();
    }

    /** Hash(data). */
    public byte[] hash(byte[] data) {
        Digest d = digests.get();
        d.update(data, 0, data.length);
        byte[] out = new byte[hashLength];
        d.doFinal(out, 0);
        return out;
    }

    /** HMAC(key, data); used for Finished (RFC 8446 §4.4.4) and PSK binders (§4.2.11.2). */
    public byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(digests.get());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[hashLength];
        mac.doFinal(out, 0);
        return out;
    }

    /** HKDF-Extract(salt, IKM), RFC 5869 §2.2; an empty salt means Hash.length zero bytes. */
    public byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt == null || salt.length == 0 ? new byte[hashLength] : salt, ikm);
    }

    /** HKDF-Expand(PRK, info, L), RFC 5869 §2.3. */
    public byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * hashLength) {
            throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
        }
        HMac mac = new HMac(digests.get());
        mac.init(new KeyParameter(prk));
        byte[] out = new byte[length];
        byte[] t = new byte[hashLength];
        int done = 0;
        for (int counter = 1; done < length; counter++) {
            if (counter > 1) {
                mac.update(t, 0, hashLength);
            }
            mac.update(info, 0, info.length);
            mac.update((byte) counter);
            mac.doFinal(t, 0);
            int n = Math.min(hashLength, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * HKDF-Expand-Label(Secret, Label, Context, Length), RFC 8446 §7.1: the HkdfLabel structure is
     * uint16 length, opaque label&lt;7..255&gt; = "tls13 " + Label, opaque context&lt;0..255&gt;.
     */
    public byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        byte[] ctx = context == null ? EMPTY : context;
        int fullLabel = LABEL_PREFIX.length + labelBytes.length;
        if (fullLabel > 255 || ctx.length > 255 || length > 0xffff) {
            throw new IllegalArgumentException("HkdfLabel field too long");
        }
        byte[] info = new byte[2 + 1 + fullLabel + 1 + ctx.length];
        int i = 0;
        info[i++] = (byte) (length >>> 8);
        info[i++] = (byte) length;
        info[i++] = (byte) fullLabel;
        System.arraycopy(LABEL_PREFIX, 0, info, i, LABEL_PREFIX.length);
        i += LABEL_PREFIX.length;
        System.arraycopy(labelBytes, 0, info, i, labelBytes.length);
        i += labelBytes.length;
        info[i++] = (byte) ctx.length;
        System.arraycopy(ctx, 0, info, i, ctx.length);
        return expand(secret, info, length);
    }

    /** Derive-Secret(Secret, Label, Messages) with the transcript hash already computed (RFC 8446 §7.1). */
    public byte[] deriveSecret(byte[] secret, String label, byte[] transcriptHash) {
        return expandLabel(secret, label, transcriptHash, hashLength);
    }
}
