package io.mqttd.quic.crypto;

import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import javax.crypto.Cipher;

/**
 * Obtains JCA ciphers from the JDK's own provider. Packet protection is the hot path: SunJCE's
 * AES-GCM uses the CPU's AES and carry-less multiply instructions, while a provider an application
 * may have put first (Bouncy Castle's JCA provider) would be an order of magnitude slower.
 */
final class JdkCiphers {
    private static final String PREFERRED_PROVIDER = "SunJCE";

    private JdkCiphers() {
    }

    static Cipher newCipher(String transformation) {
        try {
            try {
                return Cipher.getInstance(transformation, PREFERRED_PROVIDER);
            } catch (NoSuchProviderException notAnOpenJdk) {
                return Cipher.getInstance(transformation);
            }
        } catch (GeneralSecurityException e) {
            // Java 17 requires AES/GCM, AES/ECB and ChaCha20(-Poly1305) of every JDK.
            throw new IllegalStateException("the JDK lacks " + transformation, e);
        }
    }
}
