package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 9000 §7.4, §18; RFC 9221 §3; RFC 9368 §3-4; RFC 9287 §3. */
class TransportParametersTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String TOKEN = "00112233445566778899aabbccddeeff";

    private static ByteBuffer hex(String s) {
        return ByteBuffer.wrap(HEX.parseHex(s.replace(" ", "")));
    }

    private static TransportParameters decode(String s, EndpointRole sender) {
        return TransportParameters.decode(hex(s), sender);
    }

    private static void assertRejected(String s, EndpointRole sender) {
        assertThatThrownBy(() -> decode(s, sender)).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.TRANSPORT_PARAMETER_ERROR));
    }

    @Test
    void absentParametersTakeTheirDefaults_rfc9000_18_2() {
        TransportParameters t = decode("", EndpointRole.SERVER);
        assertThat(t).isEqualTo(TransportParameters.defaults());
        assertThat(t.maxIdleTimeoutMs()).isZero();
        assertThat(t.maxUdpPayloadSize()).isEqualTo(65527);
        assertThat(t.initialMaxData()).isZero();
        assertThat(t.initialMaxStreamDataBidiLocal()).isZero();
        assertThat(t.initialMaxStreamDataBidiRemote()).isZero();
        assertThat(t.initialMaxStreamDataUni()).isZero();
        assertThat(t.initialMaxStreamsBidi()).isZero();
        assertThat(t.initialMaxStreamsUni()).isZero();
        assertThat(t.ackDelayExponent()).isEqualTo(3);
        assertThat(t.maxAckDelayMs()).isEqualTo(25);
        assertThat(t.disableActiveMigration()).isFalse();
        assertThat(t.preferredAddress()).isNull();
        assertThat(t.activeConnectionIdLimit()).isEqualTo(2);
        assertThat(t.initialSourceConnectionId()).isNull();
        assertThat(t.originalDestinationConnectionId()).isNull();
        assertThat(t.retrySourceConnectionId()).isNull();
        assertThat(t.statelessResetToken()).isNull();
        assertThat(t.maxDatagramFrameSize()).isZero();
        assertThat(t.versionInformation()).isNull();
        assertThat(t.greaseQuicBit()).isFalse();
        assertThat(t.encodedSize()).isZero();
    }

    @Test
    void encodesIdLengthValueTuplesInIdOrderOmittingDefaults_rfc9000_18() {
        TransportParameters t = TransportParameters.builder()
                .initialSourceConnectionId(ConnectionId.fromHex("0102"))
                .initialMaxData(1_048_576)
                .maxAckDelayMs(25)
                .disableActiveMigration(true)
                .maxDatagramFrameSize(65535)
                .build();
        String expected = "04 04 80100000" // initial_max_data
                + "0c 00" // disable_active_migration, zero-length
                + "0f 02 0102" // initial_source_connection_id
                + "20 04 8000ffff"; // max_datagram_frame_size
        assertThat(HEX.formatHex(t.toBytes())).isEqualTo(expected.replace(" ", ""));
        assertThat(decode(expected, EndpointRole.CLIENT)).isEqualTo(t);
    }

    @Test
    void emptyInitialSourceConnectionIdIsPresentNotAbsent_rfc9000_18_2() {
        TransportParameters t = decode("0f 00", EndpointRole.CLIENT);
        assertThat(t.initialSourceConnectionId()).isEqualTo(ConnectionId.EMPTY);
        assertThat(HEX.formatHex(t.toBytes())).isEqualTo("0f00");
    }

    @Test
    void rejectsDuplicateParameters_rfc9000_7_4() {
        assertRejected("01 01 05 01 01 05", EndpointRole.SERVER);
        assertRejected("1b 00 1b 00", EndpointRole.SERVER);
    }

    @Test
    void rejectsServerOnlyParametersFromAClient_rfc9000_18_2() {
        assertRejected("00 01 aa", EndpointRole.CLIENT);
        assertRejected("02 10 " + TOKEN, EndpointRole.CLIENT);
        assertRejected("10 01 aa", EndpointRole.CLIENT);
        String preferred = "0d 2e 7f000001 1151 " + "00".repeat(16) + " 1151 05 0102030405 " + TOKEN;
        assertRejected(preferred, EndpointRole.CLIENT);

        TransportParameters fromServer = decode("00 01 aa 02 10 " + TOKEN + " 10 01 bb " + preferred,
                EndpointRole.SERVER);
        assertThat(fromServer.originalDestinationConnectionId()).isEqualTo(ConnectionId.fromHex("aa"));
        assertThat(fromServer.statelessResetToken()).isEqualTo(HEX.parseHex(TOKEN));
        assertThat(fromServer.retrySourceConnectionId()).isEqualTo(ConnectionId.fromHex("bb"));
        PreferredAddress p = fromServer.preferredAddress();
        assertThat(p.ipv4Address()).containsExactly(127, 0, 0, 1);
        assertThat(p.ipv4Port()).isEqualTo(0x1151);
        assertThat(p.connectionId()).isEqualTo(ConnectionId.fromHex("0102030405"));
        assertThat(p.statelessResetToken()).isEqualTo(HEX.parseHex(TOKEN));
    }

    @Test
    void rejectsMaxUdpPayloadSizeBelow1200_rfc9000_18_2() {
        assertRejected("03 02 44af", EndpointRole.CLIENT); // 1199
        assertThat(decode("03 02 44b0", EndpointRole.CLIENT).maxUdpPayloadSize()).isEqualTo(1200);
    }

    @Test
    void rejectsAckDelayExponentAbove20_rfc9000_18_2() {
        assertRejected("0a 01 15", EndpointRole.CLIENT);
        assertThat(decode("0a 01 14", EndpointRole.CLIENT).ackDelayExponent()).isEqualTo(20);
    }

    @Test
    void rejectsMaxAckDelayOf2To14OrMore_rfc9000_18_2() {
        assertRejected("0b 04 80004000", EndpointRole.CLIENT);
        assertThat(decode("0b 02 7fff", EndpointRole.CLIENT).maxAckDelayMs()).isEqualTo(16383);
    }

    @Test
    void rejectsActiveConnectionIdLimitBelow2_rfc9000_18_2() {
        assertRejected("0e 01 01", EndpointRole.CLIENT);
        assertRejected("0e 01 00", EndpointRole.CLIENT);
        assertThat(decode("0e 01 02", EndpointRole.CLIENT).activeConnectionIdLimit()).isEqualTo(2);
    }

    @Test
    void rejectsInitialMaxStreamsAbove2To60_rfc9000_4_6() {
        assertRejected("08 08 d000000000000001", EndpointRole.CLIENT);
        assertRejected("09 08 d000000000000001", EndpointRole.CLIENT);
        assertThat(decode("09 08 d000000000000000", EndpointRole.CLIENT).initialMaxStreamsUni()).isEqualTo(1L << 60);
    }

    @Test
    void rejectsIntegerValuesThatDoNotFillTheirLength_rfc9000_18_2() {
        assertRejected("01 02 05 00", EndpointRole.CLIENT);
        assertRejected("01 01 40", EndpointRole.CLIENT);
        assertRejected("01 00", EndpointRole.CLIENT);
        // A non-minimal varint that fills its length exactly is a valid encoding (§16).
        assertThat(decode("01 02 4005", EndpointRole.CLIENT).maxIdleTimeoutMs()).isEqualTo(5);
    }

    @Test
    void rejectsTruncatedTuples_rfc9000_18() {
        assertRejected("01", EndpointRole.CLIENT);
        assertRejected("01 05 00", EndpointRole.CLIENT);
        assertRejected("40", EndpointRole.CLIENT);
        assertRejected("01 80", EndpointRole.CLIENT);
    }

    @Test
    void rejectsBadFixedLengths_rfc9000_18_2() {
        assertRejected("02 0f 00112233445566778899aabbccddee", EndpointRole.SERVER);
        assertRejected("0c 01 00", EndpointRole.CLIENT);
        assertRejected("0f 15 " + "00".repeat(21), EndpointRole.CLIENT);
        assertRejected("00 15 " + "00".repeat(21), EndpointRole.SERVER);
    }

    @Test
    void rejectsPreferredAddressWithZeroLengthConnectionId_rfc9000_18_2() {
        assertRejected("0d 29 00000000 0000 " + "00".repeat(16) + " 0000 00 " + TOKEN, EndpointRole.SERVER);
    }

    @Test
    void rejectsPreferredAddressWhoseLengthDisagreesWithItsConnectionId_rfc9000_18_2() {
        assertRejected("0d 2d 00000000 0000 " + "00".repeat(16) + " 0000 05 01020304 " + TOKEN, EndpointRole.SERVER);
        assertRejected("0d 10 " + TOKEN, EndpointRole.SERVER);
        assertRejected("0d 3e 00000000 0000 " + "00".repeat(16) + " 0000 15 " + "01".repeat(21) + TOKEN,
                EndpointRole.SERVER);
    }

    @Test
    void skipsUnknownAndReservedParameters_rfc9000_18_1() {
        // 27 = 31*0+27, 182 = 31*5+27 (0x40b6), and an unknown 0x4000 with a 3-byte value.
        TransportParameters t = decode("1b 02 abcd 40b6 00 01 01 07 80004000 03 010203", EndpointRole.CLIENT);
        assertThat(t.maxIdleTimeoutMs()).isEqualTo(7);
        assertThat(t.toBuilder().maxIdleTimeoutMs(0).build()).isEqualTo(TransportParameters.defaults());
    }

    @Test
    void decodesMaxDatagramFrameSize_rfc9221_3() {
        assertThat(decode("20 02 4400", EndpointRole.SERVER).maxDatagramFrameSize()).isEqualTo(1024);
        assertRejected("20 00", EndpointRole.SERVER);
    }

    @Test
    void decodesVersionInformation_rfc9368_3() {
        VersionInformation v = decode("11 0c 00000001 6b3343cf 00000001", EndpointRole.CLIENT).versionInformation();
        assertThat(v.chosenVersion()).isEqualTo(1);
        assertThat(v.availableVersions()).containsExactly(0x6b3343cf, 1);
    }

    @Test
    void rejectsVersionInformationOfBadLengthOrWithVersionZero_rfc9368_4() {
        assertRejected("11 06 00000001 0000", EndpointRole.CLIENT);
        assertRejected("11 00", EndpointRole.CLIENT);
        assertRejected("11 04 00000000", EndpointRole.CLIENT);
        assertRejected("11 08 00000001 00000000", EndpointRole.SERVER);
        assertThat(decode("11 04 00000001", EndpointRole.SERVER).versionInformation().availableVersions()).isEmpty();
    }

    @Test
    void greaseQuicBitIsAnEmptyParameter_rfc9287_3() {
        assertThat(decode("6ab2 00", EndpointRole.CLIENT).greaseQuicBit()).isTrue();
        assertRejected("6ab2 01 00", EndpointRole.CLIENT);
    }

    @Test
    void decodingLeavesTheCallersPositionAlone() {
        ByteBuffer buf = hex("01 01 05");
        TransportParameters.decode(buf, EndpointRole.CLIENT);
        assertThat(buf.position()).isZero();
    }

    @Test
    void builderRejectsOutOfRangeLocalValues_rfc9000_18_2() {
        assertThatThrownBy(() -> TransportParameters.builder().maxUdpPayloadSize(1199))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportParameters.builder().ackDelayExponent(21))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportParameters.builder().maxAckDelayMs(1 << 14))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportParameters.builder().activeConnectionIdLimit(1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransportParameters.builder().initialMaxStreamsBidi((1L << 60) + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
