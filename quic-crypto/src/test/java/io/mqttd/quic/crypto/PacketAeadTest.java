package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** AEAD usage of RFC 9001 §5.3 and the JCA behaviour it relies on. */
class PacketAeadTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void nonceIsIvXorLeftPaddedPacketNumber_rfc9001_5_3_A5() throws Exception {
        // A.5: nonce e0459b3474bdd0e46d417eb0 for pn 654360564 and iv e0459b3474bdd0e44a41c144.
        byte[] key = HEX.parseHex("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8");
        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
                new IvParameterSpec(HEX.parseHex("e0459b3474bdd0e46d417eb0")));
        jdk.updateAAD(HEX.parseHex("4200bff4"));

        assertThat(HEX.formatHex(jdk.doFinal(new byte[] {1}))).isEqualTo("655e5cd55c41f69080575d7999c25a5bfb");
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void sealsConsecutivePacketsWithOneReusedCipher(CipherSuite suite) {
        PacketKeys keys = keys(suite);
        PacketAead sealer = keys.newAead(true);
        PacketAead opener = keys.newAead(false);
        for (long pn = 0; pn < 50; pn++) {
            ByteBuffer b = ByteBuffer.allocate(64);
            b.put(20, (byte) pn);
            assertThat(sealer.seal(b, 0, 4, 40, pn)).isEqualTo(56);
            assertThat(opener.open(b, 0, 4, 56, pn)).isTrue();
            assertThat(b.get(20)).isEqualTo((byte) pn);
        }
        assertThat(sealer.packetsSealed()).isEqualTo(50);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void refusesToSealTwiceWithOnePacketNumber_nonceReuse_rfc9001_5_3(CipherSuite suite) {
        PacketAead sealer = keys(suite).newAead(true);
        sealer.seal(ByteBuffer.allocate(64), 0, 4, 40, 7);

        assertThatThrownBy(() -> sealer.seal(ByteBuffer.allocate(64), 0, 4, 40, 7))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.seal(ByteBuffer.allocate(64), 0, 4, 40, 6))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void jdkGcmRefusesReinitForEncryptionWithSameKeyAndIv() throws Exception {
        // The JCA behaviour that makes a growing packet number mandatory, not merely advisable.
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
        gcm.doFinal(new byte[8]);

        assertThatThrownBy(() -> gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12])))
                .isInstanceOf(InvalidAlgorithmParameterException.class);
    }

    @Test
    void jdkChaCha20Poly1305RefusesReinitForEncryptionWithSameKeyAndNonce() throws Exception {
        Cipher chacha = Cipher.getInstance("ChaCha20-Poly1305");
        SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
        chacha.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[12]));
        chacha.doFinal(new byte[8]);

        assertThatThrownBy(() -> chacha.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[12])))
                .isInstanceOf(InvalidKeyException.class);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void opensTheSamePacketTwice_duplicatesAreNotAnError(CipherSuite suite) {
        PacketKeys keys = keys(suite);
        ByteBuffer b = ByteBuffer.allocate(64);
        keys.newAead(true).seal(b, 0, 4, 40, 3);
        byte[] sealed = b.array().clone();
        PacketAead opener = keys.newAead(false);

        assertThat(opener.open(b, 0, 4, 56, 3)).isTrue();
        assertThat(opener.open(ByteBuffer.wrap(sealed), 0, 4, 56, 3)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void failsToOpenWithWrongPacketNumberAndCountsIt_rfc9001_5_5(CipherSuite suite) {
        PacketKeys keys = keys(suite);
        ByteBuffer b = ByteBuffer.allocate(64);
        keys.newAead(true).seal(b, 0, 4, 40, 3);
        PacketAead opener = keys.newAead(false);

        assertThat(opener.open(b, 0, 4, 56, 4)).isFalse();
        assertThat(opener.openFailures()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void opensFromAnOffsetInsideABiggerBuffer_coalescedPackets(CipherSuite suite) {
        PacketKeys keys = keys(suite);
        byte[] backing = new byte[200];
        ByteBuffer slice = ByteBuffer.wrap(backing, 10, 150).slice();
        slice.put(30 + 8, (byte) 0x5a);

        int end = keys.newAead(true).seal(slice, 30, 34, 80, 1);

        assertThat(keys.newAead(false).open(slice, 30, 34, end, 1)).isTrue();
        assertThat(slice.get(38)).isEqualTo((byte) 0x5a);
        assertThat(backing[9]).isZero();
        assertThat(backing[10 + end]).isZero();
    }

    @Test
    void sealRefusesBufferWithoutRoomForTag() {
        PacketAead sealer = keys(CipherSuite.TLS_AES_128_GCM_SHA256).newAead(true);

        assertThatThrownBy(() -> sealer.seal(ByteBuffer.allocate(50), 0, 4, 40, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static PacketKeys keys(CipherSuite suite) {
        byte[] secret = new byte[suite.hkdf().hashLength()];
        secret[1] = 42;
        return PacketKeys.derive(suite, secret, VersionLabels.QUIC_V1);
    }
}
