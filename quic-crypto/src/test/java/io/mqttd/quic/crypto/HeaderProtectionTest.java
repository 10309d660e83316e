package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Header protection masks and bit handling (RFC 9001 §5.4). */
class HeaderProtectionTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aesMaskOfTheClientInitialSample_rfc9001_A2() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256,
                HEX.parseHex("9f50449e04a0e810283a1e9933adedd2"));

        assertThat(HEX.formatHex(hp.mask(HEX.parseHex("d1b1c98dd7689fb8ec11d242b123dc9b")))).isEqualTo("437b9aec36");
    }

    @Test
    void aesMaskOfTheServerInitialSampleV2_rfc9369_A3() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256,
                HEX.parseHex("edf6d05c83121201b436e16877593c3a"));

        assertThat(HEX.formatHex(hp.mask(HEX.parseHex("6f05d8a4398c47089698baeea26b91eb")))).isEqualTo("4dd92e91ea");
    }

    @Test
    void chachaMaskTakesCounterFromFirstFourSampleBytes_rfc9001_5_4_4_A5() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                HEX.parseHex("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4"));

        assertThat(HEX.formatHex(hp.mask(HEX.parseHex("5e5cd55c41f69080575d7999c25a5bfb")))).isEqualTo("aefefe7d03");
    }

    @Test
    void chachaMaskOfTheV2Sample_rfc9369_A5() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                HEX.parseHex("d659760d2ba434a226fd37b35c69e2da8211d10c4f12538787d65645d5d1b8e2"));

        assertThat(HEX.formatHex(hp.mask(HEX.parseHex("e7b6b932bc27d786f4bc2bb20f2162ba")))).isEqualTo("97580e32bf");
    }

    @Test
    void longHeaderMasksFourBitsShortHeaderFive_rfc9001_5_4_1() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[16]);
        ByteBuffer longHeader = ByteBuffer.allocate(40);
        longHeader.put(0, (byte) 0xc0);
        ByteBuffer shortHeader = ByteBuffer.allocate(40);
        shortHeader.put(0, (byte) 0x40);
        byte[] mask = hp.mask(new byte[16]);

        hp.apply(longHeader, 0, 5, 1, 40);
        hp.apply(shortHeader, 0, 5, 1, 40);

        assertThat(longHeader.get(0) & 0xff).isEqualTo(0xc0 ^ (mask[0] & 0x0f));
        assertThat(shortHeader.get(0) & 0xff).isEqualTo(0x40 ^ (mask[0] & 0x1f));
        assertThat(longHeader.get(5)).isEqualTo(mask[1]);
        assertThat(longHeader.get(6)).isZero();
    }

    @Test
    void removeRevealsPacketNumberLengthBeforeUnmaskingPacketNumber_rfc9001_5_4_1() {
        for (int pnLength = 1; pnLength <= 4; pnLength++) {
            HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_AES_256_GCM_SHA384, new byte[32]);
            ByteBuffer packet = ByteBuffer.allocate(64);
            packet.put(0, (byte) (0x40 | (pnLength - 1)));
            for (int i = 0; i < 4; i++) {
                packet.put(9 + i, (byte) (0x11 * (i + 1)));
            }
            ByteBuffer original = ByteBuffer.allocate(64).put(packet.duplicate()).clear();

            hp.apply(packet, 0, 9, pnLength, 64);
            assertThat(hp.remove(packet, 0, 9, 64)).isEqualTo(pnLength);

            assertThat(packet).isEqualTo(original);
        }
    }

    @Test
    void dropsPacketTooShortForSample_rfc9001_5_4_2() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[16]);
        ByteBuffer packet = ByteBuffer.allocate(64);

        assertThat(hp.remove(packet, 0, 9, 9 + 4 + 16 - 1)).isEqualTo(HeaderProtection.DROP);
        assertThat(hp.remove(packet, 0, 9, 9 + 4 + 16)).isNotEqualTo(HeaderProtection.DROP);
    }

    @Test
    void dropsOffsetsOutsideTheBufferInsteadOfThrowing() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, new byte[32]);
        ByteBuffer packet = ByteBuffer.allocate(64).limit(40);

        assertThat(hp.remove(packet, 0, 9, 41)).isEqualTo(HeaderProtection.DROP);
        assertThat(hp.remove(packet, -1, 9, 40)).isEqualTo(HeaderProtection.DROP);
        assertThat(hp.remove(packet, 9, 9, 40)).isEqualTo(HeaderProtection.DROP);
        assertThat(hp.remove(packet, 0, Integer.MAX_VALUE, 40)).isEqualTo(HeaderProtection.DROP);
        assertThat(hp.remove(packet, 0, 1, Integer.MIN_VALUE)).isEqualTo(HeaderProtection.DROP);
    }

    @Test
    void applyRefusesAPacketTheSenderFailedToPad_rfc9001_5_4_2() {
        HeaderProtection hp = HeaderProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[16]);

        assertThatThrownBy(() -> hp.apply(ByteBuffer.allocate(64), 0, 9, 1, 28))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minimumPayloadLeavesRoomForTheSample_rfc9001_5_4_2() {
        // §5.4.2: 3 bytes of frames with a 1-byte packet number, 2 with a 2-byte one.
        assertThat(HeaderProtection.minimumPayloadLength(1)).isEqualTo(3);
        assertThat(HeaderProtection.minimumPayloadLength(2)).isEqualTo(2);
        assertThat(HeaderProtection.minimumPayloadLength(4)).isZero();
    }

    @Test
    void sealerRefusesUnpaddedPacketBeforeUsingItsPacketNumber_rfc9001_5_4_2() {
        PacketSealer sealer = PacketSealer.create(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[32], VersionLabels.QUIC_V1);

        assertThatThrownBy(() -> sealer.seal(ByteBuffer.allocate(64), 0, 9, 1, 12, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sealer.seal(ByteBuffer.allocate(64), 0, 9, 1, 13, 5)).isEqualTo(29);
    }

    @Test
    void sealerRefusesPacketNumberLengthThatDisagreesWithTheFirstByte_rfc9001_5_4_1() {
        PacketSealer sealer = PacketSealer.create(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[32], VersionLabels.QUIC_V1);
        ByteBuffer packet = ByteBuffer.allocate(64).put(0, (byte) 0xc1);

        assertThatThrownBy(() -> sealer.seal(packet, 0, 9, 3, 40, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sealer.seal(packet, 0, 9, 2, 40, 5)).isEqualTo(56);
    }

    @Test
    void refusesKeyOfWrongLength() {
        assertThatThrownBy(() -> HeaderProtection.create(CipherSuite.TLS_AES_256_GCM_SHA384, new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
