package io.mqttd.quic.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Payload protection of RFC 9001 §5.3 for one key in one direction, in place on a ByteBuffer: the
 * header up to and including the unprotected packet number is the associated data, the nonce is
 * the IV XOR the 62-bit packet number left-padded to 12 bytes, and the ciphertext replaces the
 * plaintext, followed by the 16-byte tag.
 *
 * <p>One JCA {@link Cipher} is kept and re-initialised per packet with a reused nonce array. The JCA
 * still allocates about 1.1 KB per packet (the parameter spec, a copy of the key, and the engine
 * state SunJCE builds at every init): the price of its AES-NI/CLMUL-backed GCM, measured in
 * docs/benchmarks-protection.md. The JCA refuses to re-initialise encryption with the previous
 * key and nonce, so this class refuses packet numbers that do not grow before the JCA would.
 *
 * <p>Positions are absolute indexes into the buffer; its position and limit are left as they were.
 * Not thread-safe: one instance belongs to one connection's event loop.
 */
public final class PacketAead {
    private static final int GCM_TAG_BITS = CipherSuite.TAG_LENGTH * 8;

    private final CipherSuite suite;
    private final boolean forSealing;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] nonce = new byte[CipherSuite.IV_LENGTH];
    private long largestSealed = -1;
    private long lastOpened = -1;
    private long packetsSealed;
    private long openFailures;

    /** For direct buffers only; sized on first use to the largest packet seen. */
    private byte[] scratch = new byte[0];

    PacketAead(CipherSuite suite, byte[] key, byte[] iv, boolean forSealing) {
        this.suite = suite;
        this.forSealing = forSealing;
        this.cipher = JdkCiphers.newCipher(suite.isChaCha20() ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
        this.key = new SecretKeySpec(key, suite.isChaCha20() ? "ChaCha20" : "AES");
        this.iv = iv.clone();
    }

    public CipherSuite suite() {
        return suite;
    }

    /** Packets protected with this key: the count the confidentiality limit applies to (RFC 9001 §6.6). */
    public long packetsSealed() {
        return packetsSealed;
    }

    /** Packets that failed authentication with this key. */
    public long openFailures() {
        return openFailures;
    }

    /**
     * Encrypts {@code [payloadOffset, payloadEnd)} in place and writes the tag after it.
     *
     * @param packetStart the first byte of the header (start of the associated data)
     * @param payloadOffset the first byte after the packet number
     * @param payloadEnd the end of the plaintext; the buffer's limit must leave room for the tag
     * @param packetNumber the full packet number; must grow with every call, since the JCA and
     *     RFC 9001 §5.3 both depend on a nonce never repeating under one key
     * @return the end of the protected payload, {@code payloadEnd + 16}
     * @throws IllegalStateException if the packet number does not grow (a nonce reuse)
     */
    public int seal(ByteBuffer packet, int packetStart, int payloadOffset, int payloadEnd, long packetNumber) {
        if (!forSealing) {
            throw new IllegalStateException("this AEAD opens packets");
        }
        if (packetStart < 0 || payloadOffset <= packetStart || payloadEnd < payloadOffset
                || payloadEnd > packet.limit() - CipherSuite.TAG_LENGTH) {
            throw new IllegalArgumentException("bad offsets or no room for the tag: start " + packetStart
                    + ", payload " + payloadOffset + ".." + payloadEnd + ", limit " + packet.limit());
        }
        if (packetNumber <= largestSealed) {
            throw new IllegalStateException("packet number " + packetNumber + " would reuse a nonce (largest sealed "
                    + largestSealed + ")");
        }
        try {
            init(Cipher.ENCRYPT_MODE, packetNumber);
            int written = crypt(packet, packetStart, payloadOffset, payloadEnd);
            largestSealed = packetNumber;
            packetsSealed++;
            return payloadOffset + written;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed", e);
        }
    }

    /**
     * Authenticates and decrypts {@code [payloadOffset, packetEnd)} (ciphertext and tag) in place.
     * A failure is a normal outcome: the caller drops the packet (RFC 9001 §5.5) and counts it
     * towards the integrity limit (§6.6). The plaintext region holds garbage after a failure.
     *
     * @return true if the packet is authentic; the plaintext is then at
     *     {@code [payloadOffset, packetEnd - 16)}
     */
    public boolean open(ByteBuffer packet, int packetStart, int payloadOffset, int packetEnd, long packetNumber) {
        if (forSealing) {
            throw new IllegalStateException("this AEAD seals packets");
        }
        if (packetStart < 0 || payloadOffset <= packetStart || packetEnd <= payloadOffset || packetEnd > packet.limit()
                || packetEnd - payloadOffset < CipherSuite.TAG_LENGTH || packetNumber < 0) {
            openFailures++;
            return false;
        }
        try {
            if (packetNumber == lastOpened && suite.isChaCha20()) {
                // SunJCE's ChaCha20-Poly1305 refuses, even for decryption, an init with the key and
                // nonce of the previous one; a duplicated packet must still open (RFC 9000 §13.2
                // lets the network duplicate), so step through another nonce first.
                init(Cipher.DECRYPT_MODE, packetNumber ^ 1);
            }
            lastOpened = packetNumber;
            init(Cipher.DECRYPT_MODE, packetNumber);
            crypt(packet, packetStart, payloadOffset, packetEnd);
            return true;
        } catch (AEADBadTagException forged) {
            openFailures++;
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD open failed", e);
        }
    }

    private void init(int mode, long packetNumber) throws InvalidKeyException, InvalidAlgorithmParameterException {
        // RFC 9001 §5.3: nonce = iv XOR (packet number left-padded with zeros to 12 bytes).
        System.arraycopy(iv, 0, nonce, 0, 4);
        for (int i = 4; i < CipherSuite.IV_LENGTH; i++) {
            nonce[i] = (byte) (iv[i] ^ (packetNumber >>> (8 * (CipherSuite.IV_LENGTH - 1 - i))));
        }
        AlgorithmParameterSpec spec = suite.isChaCha20()
                ? new IvParameterSpec(nonce)
                : new GCMParameterSpec(GCM_TAG_BITS, nonce);
        cipher.init(mode, key, spec);
    }

    private int crypt(ByteBuffer packet, int packetStart, int payloadOffset, int payloadEnd)
            throws GeneralSecurityException {
        if (packet.hasArray()) {
            byte[] a = packet.array();
            int base = packet.arrayOffset();
            cipher.updateAAD(a, base + packetStart, payloadOffset - packetStart);
            return cipher.doFinal(a, base + payloadOffset, payloadEnd - payloadOffset, a, base + payloadOffset);
        }
        // A direct buffer (what a UDP loop reads into) goes through a reused heap array: the JCA's
        // ByteBuffer path for direct buffers allocates about 2 KB more per packet than two copies
        // cost (see docs/benchmarks-protection.md).
        int length = payloadEnd - packetStart + (forSealing ? CipherSuite.TAG_LENGTH : 0);
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, Math.max(1500, 2 * scratch.length))];
        }
        packet.get(packetStart, scratch, 0, payloadEnd - packetStart);
        int aadLength = payloadOffset - packetStart;
        cipher.updateAAD(scratch, 0, aadLength);
        int written = cipher.doFinal(scratch, aadLength, payloadEnd - payloadOffset, scratch, aadLength);
        packet.put(payloadOffset, scratch, aadLength, written);
        return written;
    }
}
