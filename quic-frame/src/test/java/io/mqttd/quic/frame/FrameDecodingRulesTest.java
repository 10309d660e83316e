package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each field rule of RFC 9000 §12.4 and §19 that the decoder enforces, with its error code and frame type. */
class FrameDecodingRulesTest {

    private static ByteBuffer hex(String s) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(s.replace(" ", "")));
    }

    private static List<Frame> decode(String s) {
        return FrameReader.decodeAll(hex(s));
    }

    private static void assertRejected(String s, TransportErrorCode code, long frameType) {
        assertThatThrownBy(() -> decode(s))
                .isInstanceOfSatisfying(TransportError.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(code);
                    assertThat(e.frameType()).isEqualTo(frameType);
                });
    }

    private static final TransportErrorCode FEE = TransportErrorCode.FRAME_ENCODING_ERROR;
    private static final TransportErrorCode PV = TransportErrorCode.PROTOCOL_VIOLATION;

    @Test
    void rejectsUnknownFrameTypes_rfc9000_12_4() {
        assertRejected("1f", FEE, 0x1f);
        assertRejected("2f", FEE, 0x2f);
        assertRejected("32", FEE, 0x32);
        assertRejected("4040", FEE, 0x40);
        assertRejected("80004000 00", FEE, 0x4000);
    }

    @Test
    void rejectsFrameTypeInLongerEncodingThanNeeded_rfc9000_12_4() {
        assertRejected("4001", PV, 0x01);
        assertRejected("80000008 00 00", PV, 0x08);
        assertRejected("c000000000000030", PV, 0x30);
        // Non-minimal wins over unknown: the rule applies "to all current and future QUIC frame types".
        assertRejected("401f", PV, 0x1f);
    }

    @Test
    void rejectsEveryKnownFrameTypeInEveryLongerEncoding_rfc9000_12_4() {
        long[] known = new long[33];
        for (int t = 0; t <= 0x1e; t++) {
            known[t] = t;
        }
        known[31] = FrameType.DATAGRAM;
        known[32] = FrameType.DATAGRAM_WITH_LENGTH;
        for (long type : known) {
            for (int length : new int[] {2, 4, 8}) {
                ByteBuffer buf = ByteBuffer.allocate(length + 40);
                io.mqttd.quic.packet.VarInt.write(buf, type, length);
                buf.position(0);
                assertThatThrownBy(() -> FrameReader.decodeAll(buf))
                        .as("type 0x%x in %d bytes", type, length)
                        .isInstanceOfSatisfying(TransportError.class, e -> {
                            assertThat(e.errorCode()).isEqualTo(PV);
                            assertThat(e.frameType()).isEqualTo(type);
                        });
            }
        }
    }

    @Test
    void rejectsATruncatedFrameType_rfc9000_12_4() {
        assertRejected("40", FEE, 0);
    }

    @Test
    void rejectsAnEmptyPayload_rfc9000_12_4() {
        assertThatThrownBy(() -> new FrameReader(ByteBuffer.allocate(0)).readAll(new RecordingVisitor()))
                .isInstanceOfSatisfying(TransportError.class, e -> assertThat(e.errorCode()).isEqualTo(PV));
    }

    @Test
    void rejectsAckWhoseFirstRangeGoesBelowZero_rfc9000_19_3_1() {
        assertRejected("02 05 00 00 06", FEE, 0x02);
        assertThat(decode("02 05 00 00 05")).containsExactly(AckFrame.ofRange(0, 0, 5));
    }

    @Test
    void rejectsAckWhoseGapGoesBelowZero_rfc9000_19_3_1() {
        // Largest 10, first range 2 -> smallest 8; gap 7 -> next largest 8 - 7 - 2 = -1.
        assertRejected("02 0a 00 01 02 07 00", FEE, 0x02);
        assertThat(decode("02 0a 00 01 02 06 00")).containsExactly(AckFrame.of(0, new long[] {10, 8, 0, 0}, null));
    }

    @Test
    void rejectsAckWhoseRangeLengthGoesBelowZero_rfc9000_19_3_1() {
        // Largest 10, first range 0; gap 0 -> largest 8; length 9 -> smallest -1.
        assertRejected("03 0a 00 01 00 00 09 00 00 00", FEE, 0x03);
    }

    @Test
    void rejectsAckRangeCountBeyondTheFrameWithoutAllocatingIt_rfc9000_19_3() {
        assertRejected("02 00 00 bfffffffffffffff 00", FEE, 0x02);
        assertRejected("02 00 00 02 00 00 00", FEE, 0x02);
    }

    @Test
    void rejectsAckEcnWithoutItsCounts_rfc9000_19_3_2() {
        assertRejected("03 00 00 00 00 01 02", FEE, 0x03);
    }

    @Test
    void rejectsTruncatedFixedFields_rfc9000_19() {
        assertRejected("04 01 02", FEE, 0x04);
        assertRejected("05 01", FEE, 0x05);
        assertRejected("10", FEE, 0x10);
        assertRejected("11 01", FEE, 0x11);
        assertRejected("15 4001", FEE, 0x15);
        assertRejected("19 80", FEE, 0x19);
    }

    @Test
    void rejectsCryptoOffsetPlusLengthAbove2To62_rfc9000_19_6() {
        assertRejected("06 ffffffffffffffff 01 00", FEE, 0x06);
        assertThat(decode("06 fffffffffffffffe 01 00")).hasSize(1);
    }

    @Test
    void rejectsCryptoLengthBeyondThePacket_rfc9000_19_6() {
        assertRejected("06 00 03 0102", FEE, 0x06);
    }

    @Test
    void rejectsNewTokenWithAnEmptyToken_rfc9000_19_7() {
        assertRejected("07 00", FEE, 0x07);
        assertRejected("07 02 01", FEE, 0x07);
    }

    @Test
    void rejectsStreamOffsetPlusLengthAbove2To62WithFrameEncodingError_rfc9000_19_8() {
        assertRejected("0e 00 ffffffffffffffff 01 00", FEE, 0x0e);
        assertRejected("0c 00 ffffffffffffffff 00", FEE, 0x0c);
        assertThat(decode("0e 00 fffffffffffffffe 01 00")).hasSize(1);
        assertThat(decode("0d 00 ffffffffffffffff")).hasSize(1);
    }

    @Test
    void rejectsStreamLengthBeyondThePacket_rfc9000_19_8() {
        assertRejected("0a 00 05 01020304", FEE, 0x0a);
    }

    @Test
    void streamWithoutLenTakesTheRestOfThePacket_rfc9000_19_8() {
        List<Frame> frames = decode("09 04 01020304");
        assertThat(frames).hasSize(1);
        StreamFrame s = (StreamFrame) frames.get(0);
        assertThat(s.length()).isEqualTo(4);
        assertThat(s.fin()).isTrue();
        assertThat(s.hasExplicitLength()).isFalse();
    }

    @Test
    void rejectsMaxStreamsAbove2To60_rfc9000_19_11() {
        assertRejected("12 d000000000000001", FEE, 0x12);
        assertRejected("13 d000000000000001", FEE, 0x13);
        assertThat(decode("12 d000000000000000")).containsExactly(new MaxStreamsFrame(true, 1L << 60));
    }

    @Test
    void rejectsStreamsBlockedAbove2To60_rfc9000_19_14() {
        assertRejected("16 d000000000000001", FEE, 0x16);
        assertRejected("17 ffffffffffffffff", FEE, 0x17);
        assertThat(decode("17 d000000000000000")).containsExactly(new StreamsBlockedFrame(false, 1L << 60));
    }

    @Test
    void rejectsNewConnectionIdOfLengthZeroOrAbove20_rfc9000_19_15() {
        String token = "00112233445566778899aabbccddeeff";
        assertRejected("18 01 00 00 " + token, FEE, 0x18);
        assertRejected("18 01 00 15 " + "00".repeat(21) + token, FEE, 0x18);
        assertThat(decode("18 01 00 14 " + "00".repeat(20) + token)).hasSize(1);
    }

    @Test
    void rejectsNewConnectionIdRetiringBeyondItsSequenceNumber_rfc9000_19_15() {
        String token = "00112233445566778899aabbccddeeff";
        assertRejected("18 01 02 01 aa " + token, FEE, 0x18);
        assertThat(decode("18 02 02 01 aa " + token)).hasSize(1);
    }

    @Test
    void rejectsNewConnectionIdWithAShortToken_rfc9000_19_15() {
        assertRejected("18 01 00 01 aa 00112233445566778899aabbccddee", FEE, 0x18);
        assertRejected("18 01 00", FEE, 0x18);
    }

    @Test
    void rejectsPathChallengeAndResponseShorterThanEightBytes_rfc9000_19_17_19_18() {
        assertRejected("1a 01020304050607", FEE, 0x1a);
        assertRejected("1b", FEE, 0x1b);
    }

    @Test
    void rejectsConnectionCloseReasonBeyondTheFrame_rfc9000_19_19() {
        assertRejected("1c 0a 00 05 78", FEE, 0x1c);
        assertRejected("1d 00 01", FEE, 0x1d);
        ConnectionCloseFrame close = (ConnectionCloseFrame) decode("1c 0a 08 01 78").get(0);
        assertThat(close.reason()).isEqualTo("x");
        assertThat(close.triggeringFrameType()).isEqualTo(0x08);
    }

    @Test
    void connectionCloseKeepsAReasonPhraseThatIsNotUtf8_rfc9000_19_19() {
        ConnectionCloseFrame close = (ConnectionCloseFrame) decode("1d 00 02 ff fe").get(0);
        assertThat(close.reasonPhrase()).containsExactly(0xff, 0xfe);
        assertThat(close.reason()).isNotEmpty();
    }

    @Test
    void rejectsDatagramLengthBeyondThePacket_rfc9221_4() {
        assertRejected("31 03 0102", FEE, 0x31);
        assertThat(((DatagramFrame) decode("30").get(0)).length()).isZero();
    }

    @Test
    void rejectsAFrameNotPermittedInThePacketType_rfc9000_12_4() {
        FrameReader reader = new FrameReader().reset(hex("01 08 00 00"), PacketType.INITIAL);
        assertThat(reader.next()).isEqualTo(PingFrame.INSTANCE);
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(TransportError.class, e -> {
            assertThat(e.errorCode()).isEqualTo(PV);
            assertThat(e.frameType()).isEqualTo(0x08);
        });
    }

    @Test
    void rejectsAckInZeroRttPackets_rfc9000_12_5() {
        FrameReader reader = new FrameReader().reset(hex("02 00 00 00 00"), PacketType.ZERO_RTT);
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(PV));
    }

    @Test
    void unknownTypeIsReportedBeforeThePacketTypeCheck_rfc9000_12_4() {
        FrameReader reader = new FrameReader().reset(hex("1f"), PacketType.INITIAL);
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(FEE));
    }
}
