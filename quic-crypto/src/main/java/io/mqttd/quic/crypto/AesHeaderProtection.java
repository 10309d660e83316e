package io.mqttd.quic.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-based header protection (RFC 9001 §5.4.3): mask = AES-ECB(hp_key, sample), with AES-128 for
 * TLS_AES_128_GCM_SHA256 and AES-256 for TLS_AES_256_GCM_SHA384. One ECB cipher is initialised
 * once and reused: a single block needs no IV, so nothing is allocated per packet.
 */
public final class AesHeaderProtection extends HeaderProtection {
    private final Cipher ecb;

    AesHeaderProtection(byte[] hpKey) {
        ecb = JdkCiphers.newCipher("AES/ECB/NoPadding");
        try {
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hpKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad AES header protection key", e);
        }
    }

    @Override
    void computeMask(byte[] sample, int offset) {
        try {
            ecb.doFinal(sample, offset, SAMPLE_LENGTH, mask, 0);
        } catch (GeneralSecurityException e) {
            // One whole block into a 16-byte array cannot fail for ECB without padding.
            throw new IllegalStateException("AES-ECB failed on one block", e);
        }
    }
}
