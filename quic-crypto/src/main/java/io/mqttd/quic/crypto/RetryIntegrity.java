package io.mqttd.quic.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Retry Integrity Tag (RFC 9001 §5.8; RFC 9369 §3.3.3 for v2): AEAD_AES_128_GCM with a fixed
 * key and nonce, empty plaintext, and the Retry Pseudo-Packet as associated data: ODCID Length,
 * Original Destination Connection ID, then the Retry packet without its tag.
 *
 * <p>Stateless and thread-safe. Every call takes a fresh Cipher: the key and nonce are the same for
 * every Retry, and the JCA refuses to re-initialise GCM encryption with a key and IV it just used.
 */
public final class RetryIntegrity {
    /** The tag closes every Retry packet. */
    public static final int TAG_LENGTH = 16;

    private RetryIntegrity() {
    }

    /**
     * The tag for a Retry packet this server is about to send.
     *
     * @param originalDestinationConnectionId the DCID of the client Initial this Retry answers
     * @param retry the Retry packet up to (not including) the tag: {@code retry[offset..offset+length)}
     */
    public static byte[] computeTag(int version, byte[] originalDestinationConnectionId, byte[] retry, int offset,
            int length) {
        VersionLabels labels = VersionLabels.of(version);
        checkOdcid(originalDestinationConnectionId);
        try {
            Cipher gcm = newCipher(Cipher.ENCRYPT_MODE, labels, originalDestinationConnectionId);
            gcm.updateAAD(retry, offset, length);
            return gcm.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM over the Retry pseudo-packet failed", e);
        }
    }

    public static byte[] computeTag(int version, byte[] originalDestinationConnectionId, byte[] retryWithoutTag) {
        return computeTag(version, originalDestinationConnectionId, retryWithoutTag, 0, retryWithoutTag.length);
    }

    /**
     * Whether a received Retry packet (tag included, {@code packet[offset..offset+length)}) carries
     * a valid tag for the connection ID the client sent. False for anything malformed, including
     * an unsupported version; never throws on the packet bytes.
     */
    public static boolean verify(int version, byte[] originalDestinationConnectionId, byte[] packet, int offset,
            int length) {
        if (!VersionLabels.isSupported(version) || offset < 0 || length < TAG_LENGTH
                || offset > packet.length - length) {
            return false;
        }
        checkOdcid(originalDestinationConnectionId);
        try {
            Cipher gcm = newCipher(Cipher.DECRYPT_MODE, VersionLabels.of(version), originalDestinationConnectionId);
            gcm.updateAAD(packet, offset, length - TAG_LENGTH);
            gcm.doFinal(packet, offset + length - TAG_LENGTH, TAG_LENGTH);
            return true;
        } catch (AEADBadTagException forged) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM over the Retry pseudo-packet failed", e);
        }
    }

    public static boolean verify(int version, byte[] originalDestinationConnectionId, byte[] packet) {
        return verify(version, originalDestinationConnectionId, packet, 0, packet.length);
    }

    private static Cipher newCipher(int mode, VersionLabels labels, byte[] odcid) throws GeneralSecurityException {
        Cipher gcm = JdkCiphers.newCipher("AES/GCM/NoPadding");
        gcm.init(mode, new SecretKeySpec(labels.retryKeyUnsafe(), "AES"),
                new GCMParameterSpec(TAG_LENGTH * 8, labels.retryNonceUnsafe()));
        // The pseudo-packet's prefix (Figure 8); fed piecewise so nothing is concatenated.
        gcm.updateAAD(new byte[] {(byte) odcid.length});
        gcm.updateAAD(odcid);
        return gcm;
    }

    private static void checkOdcid(byte[] odcid) {
        if (odcid.length > 255) {
            throw new IllegalArgumentException("a connection ID length fits one byte");
        }
    }
}
