package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key derivation against RFC 9001 A.1, A.5 and RFC 9369 A.1, A.5. */
class PacketKeysTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DCID = HEX.parseHex(RfcSamples.CLIENT_DCID);
    private static final byte[] A5_SECRET =
            HEX.parseHex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");

    @Test
    void derivesV1InitialSecretsAndKeys_rfc9001_A1() {
        InitialSecrets s = InitialSecrets.derive(VersionLabels.QUIC_V1, DCID);

        assertThat(HEX.formatHex(s.initialSecret()))
                .isEqualTo("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44");
        assertThat(HEX.formatHex(s.clientSecret()))
                .isEqualTo("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
        assertThat(HEX.formatHex(s.serverSecret()))
                .isEqualTo("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");
        assertKeys(PacketKeys.derive(InitialSecrets.SUITE, s.clientSecret(), VersionLabels.QUIC_V1),
                "1f369613dd76d5467730efcbe3b1a22d", "fa044b2f42a3fd3b46fb255c", "9f50449e04a0e810283a1e9933adedd2");
        assertKeys(PacketKeys.derive(InitialSecrets.SUITE, s.serverSecret(), VersionLabels.QUIC_V1),
                "cf3a5331653c364c88f0f379b6067e37", "0ac1493ca1905853b0bba03e", "c206b8d9b9f0f37644430b490eeaa314");
    }

    @Test
    void derivesV2InitialSecretsAndKeysWithV2SaltAndLabels_rfc9369_A1() {
        InitialSecrets s = InitialSecrets.derive(VersionLabels.QUIC_V2, DCID);

        assertThat(HEX.formatHex(s.initialSecret()))
                .isEqualTo("2062e8b3cd8d52092614b8071d0aa1fb7c2e3ac193f78b280e72d8f5751f6aba");
        assertThat(HEX.formatHex(s.clientSecret()))
                .isEqualTo("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b");
        assertThat(HEX.formatHex(s.serverSecret()))
                .isEqualTo("0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1");
        assertKeys(PacketKeys.derive(InitialSecrets.SUITE, s.clientSecret(), VersionLabels.QUIC_V2),
                "8b1a0bc121284290a29e0971b5cd045d", "91f73e2351d8fa91660e909f", "45b95e15235d6f45a6b19cbcb0294ba9");
        assertKeys(PacketKeys.derive(InitialSecrets.SUITE, s.serverSecret(), VersionLabels.QUIC_V2),
                "82db637861d55e1d011f19ea71d5d2a7", "dd13c276499c0249d3310652", "edf6d05c83121201b436e16877593c3a");
    }

    @Test
    void derivesChaCha20KeysAndKeyUpdateSecret_rfc9001_A5() {
        PacketKeys k = PacketKeys.derive(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, A5_SECRET, VersionLabels.QUIC_V1);

        assertKeys(k, "c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8", "e0459b3474bdd0e44a41c144",
                "25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4");
        assertThat(HEX.formatHex(k.nextGeneration().secret()))
                .isEqualTo("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9");
    }

    @Test
    void derivesChaCha20KeysAndKeyUpdateSecretWithV2Labels_rfc9369_A5() {
        PacketKeys k = PacketKeys.derive(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, A5_SECRET, VersionLabels.QUIC_V2);

        assertKeys(k, "3bfcddd72bcf02541d7fa0dd1f5f9eeea817e09a6963a0e6c7df0f9a1bab90f2", "a6b5bc6ab7dafce30ffff5dd",
                "d659760d2ba434a226fd37b35c69e2da8211d10c4f12538787d65645d5d1b8e2");
        assertThat(HEX.formatHex(k.nextGeneration().secret()))
                .isEqualTo("c69374c49e3d2a9466fa689e49d476db5d0dfbc87d32ceeaa6343fd0ae4c7d88");
    }

    @Test
    void keyUpdateKeepsHeaderProtectionKeyAndChangesKeyAndIv_rfc9001_6_1() {
        for (CipherSuite suite : CipherSuite.values()) {
            byte[] secret = new byte[suite.hkdf().hashLength()];
            secret[0] = 7;
            PacketKeys k0 = PacketKeys.derive(suite, secret, VersionLabels.QUIC_V1);
            PacketKeys k1 = k0.nextGeneration();
            PacketKeys expected = PacketKeys.derive(suite,
                    suite.hkdf().expandLabel(secret, "quic ku", null, suite.hkdf().hashLength()), VersionLabels.QUIC_V1);

            assertThat(k1.hp()).isEqualTo(k0.hp());
            assertThat(k1.secret()).isEqualTo(expected.secret());
            assertThat(k1.key()).isEqualTo(expected.key()).isNotEqualTo(k0.key()).hasSize(suite.keyLength());
            assertThat(k1.iv()).isEqualTo(expected.iv()).isNotEqualTo(k0.iv()).hasSize(12);
        }
    }

    @Test
    void aes256KeysAreThirtyTwoBytesFromSha384Secret_rfc9001_5_1() {
        PacketKeys k = PacketKeys.derive(CipherSuite.TLS_AES_256_GCM_SHA384, new byte[48], VersionLabels.QUIC_V1);

        assertThat(k.key()).hasSize(32);
        assertThat(k.hp()).hasSize(32);
        assertThat(k.iv()).hasSize(12);
        assertThat(k.key()).isEqualTo(Hkdf.SHA384.expandLabel(new byte[48], "quic key", null, 32));
    }

    @Test
    void refusesSecretOfWrongLengthForSuite() {
        assertThatThrownBy(() -> PacketKeys.derive(CipherSuite.TLS_AES_256_GCM_SHA384, new byte[32], VersionLabels.QUIC_V1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUnsupportedVersion() {
        assertThat(VersionLabels.isSupported(0xff00001d)).isFalse();
        assertThatThrownBy(() -> InitialSecrets.derive(0xff00001d, DCID)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertKeys(PacketKeys k, String key, String iv, String hp) {
        assertThat(HEX.formatHex(k.key())).isEqualTo(key);
        assertThat(HEX.formatHex(k.iv())).isEqualTo(iv);
        assertThat(HEX.formatHex(k.hp())).isEqualTo(hp);
    }
}
