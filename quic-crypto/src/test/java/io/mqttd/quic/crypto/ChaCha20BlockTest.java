package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The pure-Java ChaCha20 block function against RFC 8439 and against the JDK's ChaCha20. */
class ChaCha20BlockTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesTheBlockFunctionTestVector_rfc8439_2_3_2() {
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = HEX.parseHex("000000090000004a00000000");
        byte[] out = new byte[64];

        new ChaCha20Block(key).keystream(1, nonce, 0, out, 64);

        assertThat(HEX.formatHex(out)).isEqualTo(
                "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
    }

    @Property(tries = 200)
    void agreesWithTheJdkChaCha20Keystream(@ForAll @Size(32) byte[] key, @ForAll @Size(12) byte[] nonce,
            @ForAll int counter) throws Exception {
        byte[] ours = new byte[64];
        new ChaCha20Block(key).keystream(counter, nonce, 0, ours, 64);

        Cipher jdk = Cipher.getInstance("ChaCha20");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
        // The JDK refuses to wrap the 32-bit counter within a call; one block never wraps.
        byte[] theirs = jdk.doFinal(new byte[64]);

        assertThat(ours).isEqualTo(theirs);
    }
}
