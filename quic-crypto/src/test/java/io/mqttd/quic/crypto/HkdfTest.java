package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** HKDF on the JCA against RFC 5869's test vectors and against Bouncy Castle's implementation. */
class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc5869TestCase1_sha256() {
        byte[] ikm = HEX.parseHex("0b".repeat(22));
        byte[] prk = Hkdf.SHA256.extract(HEX.parseHex("000102030405060708090a0b0c"), ikm);
        assertThat(HEX.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(HEX.formatHex(Hkdf.SHA256.expand(prk, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42))).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void matchesRfc5869TestCase3_emptySaltAndInfo() {
        byte[] prk = Hkdf.SHA256.extract(new byte[0], HEX.parseHex("0b".repeat(22)));
        assertThat(HEX.formatHex(prk)).isEqualTo("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        assertThat(HEX.formatHex(Hkdf.SHA256.expand(prk, new byte[0], 42))).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void hmacAcceptsAnEmptyKeyAsRfc2104Does() {
        byte[] data = {1, 2, 3};
        HMac bc = new HMac(new SHA256Digest());
        bc.init(new KeyParameter(new byte[0]));
        bc.update(data, 0, data.length);
        byte[] expected = new byte[32];
        bc.doFinal(expected, 0);
        assertThat(Hkdf.SHA256.hmac(new byte[0], data)).isEqualTo(expected);
    }

    @Property(tries = 200)
    void agreesWithBouncyCastlesHkdf(@ForAll @Size(max = 80) byte[] salt, @ForAll @Size(max = 80) byte[] ikm,
            @ForAll @Size(max = 40) byte[] info, @ForAll @IntRange(min = 0, max = 300) int length, @ForAll boolean sha384) {
        Hkdf ours = sha384 ? Hkdf.SHA384 : Hkdf.SHA256;
        HKDFBytesGenerator bc = new HKDFBytesGenerator(sha384 ? new SHA384Digest() : new SHA256Digest());
        bc.init(new HKDFParameters(ikm, salt, info));
        byte[] expected = new byte[length];
        bc.generateBytes(expected, 0, length);
        assertThat(ours.expand(ours.extract(salt, ikm), info, length)).isEqualTo(expected);
    }
}
