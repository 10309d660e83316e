package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Retry Integrity Tag against RFC 9001 A.4 and RFC 9369 A.4. */
class RetryIntegrityTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ODCID = HEX.parseHex(RfcSamples.CLIENT_DCID);

    private static byte[] sample(int version) {
        return HEX.parseHex(version == VersionLabels.QUIC_V1 ? RfcSamples.V1_RETRY : RfcSamples.V2_RETRY);
    }

    @ParameterizedTest
    @CsvSource({"1", "1798521807"})
    void computesTheSampleRetryTag_rfc9001_A4_rfc9369_A4(int version) {
        byte[] retry = sample(version);

        byte[] tag = RetryIntegrity.computeTag(version, ODCID, retry, 0, retry.length - 16);

        assertThat(tag).isEqualTo(Arrays.copyOfRange(retry, retry.length - 16, retry.length));
    }

    @ParameterizedTest
    @CsvSource({"1", "1798521807"})
    void computesTheSameTagTwiceInARow_jcaRefusesGcmIvReuseOnOneCipher(int version) {
        byte[] retry = sample(version);
        byte[] body = Arrays.copyOf(retry, retry.length - 16);

        assertThat(RetryIntegrity.computeTag(version, ODCID, body)).isEqualTo(RetryIntegrity.computeTag(version, ODCID, body));
    }

    @ParameterizedTest
    @CsvSource({"1", "1798521807"})
    void verifiesTheSampleRetry_rfc9001_A4_rfc9369_A4(int version) {
        assertThat(RetryIntegrity.verify(version, ODCID, sample(version))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1", "1798521807"})
    void rejectsRetryForAnotherOriginalConnectionId_rfc9001_5_8(int version) {
        byte[] other = ODCID.clone();
        other[7] ^= 1;

        assertThat(RetryIntegrity.verify(version, other, sample(version))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1", "1798521807"})
    void rejectsRetryWithAnyFlippedBit_rfc9001_5_8(int version) {
        byte[] retry = sample(version);
        for (int bit = 0; bit < retry.length * 8; bit++) {
            byte[] bad = retry.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(RetryIntegrity.verify(version, ODCID, bad)).as("bit %d", bit).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "1798521807"})
    void rejectsRetryOfTheOtherVersionsKey_rfc9369_3_3_3(int version) {
        int other = version == VersionLabels.QUIC_V1 ? VersionLabels.QUIC_V2 : VersionLabels.QUIC_V1;

        assertThat(RetryIntegrity.verify(other, ODCID, sample(version))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1", "1798521807", "0", "-16777187"})
    void rejectsTruncatedRetryOrUnknownVersionWithoutThrowing(int version) {
        for (int len = 0; len < 16; len++) {
            assertThat(RetryIntegrity.verify(version, ODCID, new byte[len])).isFalse();
        }
        assertThat(RetryIntegrity.verify(version, ODCID, new byte[20], 10, 16)).isFalse();
        assertThat(RetryIntegrity.verify(version, ODCID, new byte[20], 10, 11)).isFalse();
        assertThat(RetryIntegrity.verify(version, ODCID, new byte[20], -1, 16)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "1, d9c9943e6101fd200021506bcc02814c73030f25c79d71ce876eca876e6fca8e",
        "1798521807, c4dd2484d681aefa4ff4d69c2c20299984a765a5d3c31982f38fc74162155e9f"})
    void retryKeyAndNonceDeriveFromThePublishedSecret_rfc9001_5_8_rfc9369_3_3_3(int version, String secretHex) {
        VersionLabels labels = VersionLabels.of(version);
        byte[] secret = HEX.parseHex(secretHex);

        assertThat(Hkdf.SHA256.expandLabel(secret, labels.keyLabel(), null, 16)).isEqualTo(labels.retryKey());
        assertThat(Hkdf.SHA256.expandLabel(secret, labels.ivLabel(), null, 12)).isEqualTo(labels.retryNonce());
    }
}
