package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.ConnectionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact encodings written by hand from the frame layouts of RFC 9000 §19 and RFC 9221 §4;
 * each is also decoded back to the value.
 */
class FrameEncodingTest {
    private static final HexFormat HEX = HexFormat.of();

    private static void assertWire(Frame frame, String hex) {
        byte[] expected = HEX.parseHex(hex.replace(" ", ""));
        ByteBuffer buf = ByteBuffer.allocate(frame.encodedSize());
        frame.encode(buf);
        assertThat(HEX.formatHex(buf.array())).isEqualTo(HEX.formatHex(expected));
        assertThat(frame.encodedSize()).isEqualTo(expected.length);
        assertThat(FrameReader.decodeAll(ByteBuffer.wrap(expected))).containsExactly(frame);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void paddingRunIsThatManyZeroBytes_rfc9000_19_1() {
        assertWire(new PaddingFrame(3), "000000");
    }

    @Test
    void pingIsTheSingleByte01_rfc9000_19_2() {
        assertWire(PingFrame.INSTANCE, "01");
    }

    @Test
    void ackWithGapsEncodesGapMinusTwoAndRangeLengths_rfc9000_19_3_1() {
        // Acknowledges 10..8, 5, 2..0: First ACK Range 2; Gap 8-5-2 = 1, Length 0; Gap 5-2-2 = 1, Length 2.
        AckFrame ack = AckFrame.of(3, new long[] {10, 8, 5, 5, 2, 0}, null);
        assertWire(ack, "02 0a 03 02 02 01 00 01 02");
    }

    @Test
    void ackEcnAppendsTheThreeCounts_rfc9000_19_3_2() {
        assertWire(AckFrame.of(0, new long[] {5, 5}, new EcnCounts(1, 2, 3)), "03 05 00 00 00 01 02 03");
    }

    @Test
    void resetStreamCarriesIdCodeAndFinalSize_rfc9000_19_4() {
        assertWire(new ResetStreamFrame(1, 2, 16384), "04 01 02 80004000");
    }

    @Test
    void stopSendingCarriesIdAndCode_rfc9000_19_5() {
        assertWire(new StopSendingFrame(8, 0x3fff), "05 08 7fff");
    }

    @Test
    void cryptoCarriesOffsetLengthAndData_rfc9000_19_6() {
        assertWire(CryptoFrame.of(64, ascii("hi")), "06 4040 02 6869");
    }

    @Test
    void newTokenCarriesLengthAndToken_rfc9000_19_7() {
        assertWire(new NewTokenFrame(new byte[] {(byte) 0xaa, (byte) 0xbb}), "07 02 aabb");
    }

    @Test
    void streamWithLenAndFinAtOffsetZeroIsType0b_rfc9000_19_8() {
        assertWire(StreamFrame.of(4, 0, ascii("abc"), true), "0b 04 03 616263");
    }

    @Test
    void streamWithOffsetAndWithoutLenIsType0c_rfc9000_19_8() {
        assertWire(StreamFrame.of(4, 1000, ascii("abc"), false).withoutLength(), "0c 04 43e8 616263");
    }

    @Test
    void emptyStreamWithFinAtOffsetIsType0f_rfc9000_19_8() {
        assertWire(StreamFrame.of(4, 5, ByteBuffer.allocate(0), true), "0f 04 05 00");
    }

    @Test
    void streamWithoutOffsetLenOrFinIsType08_rfc9000_19_8() {
        assertWire(StreamFrame.of(0, 0, ascii("z"), false).withoutLength(), "08 00 7a");
    }

    @Test
    void flowControlFramesCarryTheirLimits_rfc9000_19_9_to_19_14() {
        assertWire(new MaxDataFrame(1_000_000), "10 800f4240");
        assertWire(new MaxStreamDataFrame(2, 63), "11 02 3f");
        assertWire(new MaxStreamsFrame(true, 100), "12 4064");
        assertWire(new MaxStreamsFrame(false, 1L << 60), "13 d000000000000000");
        assertWire(new DataBlockedFrame(64), "14 4040");
        assertWire(new StreamDataBlockedFrame(3, 0), "15 03 00");
        assertWire(new StreamsBlockedFrame(true, 1), "16 01");
        assertWire(new StreamsBlockedFrame(false, 2), "17 02");
    }

    @Test
    void newConnectionIdCarriesLengthByteIdAndToken_rfc9000_19_15() {
        byte[] token = HEX.parseHex("00112233445566778899aabbccddeeff");
        assertWire(new NewConnectionIdFrame(1, 0, ConnectionId.fromHex("01020304"), token),
                "18 01 00 04 01020304 00112233445566778899aabbccddeeff");
    }

    @Test
    void retireConnectionIdCarriesTheSequenceNumber_rfc9000_19_16() {
        assertWire(new RetireConnectionIdFrame(7), "19 07");
    }

    @Test
    void pathChallengeAndResponseCarryEightBytes_rfc9000_19_17_19_18() {
        assertWire(new PathChallengeFrame(0x0102030405060708L), "1a 0102030405060708");
        assertWire(new PathResponseFrame(0x0102030405060708L), "1b 0102030405060708");
    }

    @Test
    void transportCloseCarriesFrameTypeApplicationCloseDoesNot_rfc9000_19_19() {
        assertWire(ConnectionCloseFrame.transport(0x0a, 0x08, "x"), "1c 0a 08 01 78");
        assertWire(ConnectionCloseFrame.application(0x100, ""), "1d 4100 00");
    }

    @Test
    void handshakeDoneIsTheSingleByte1e_rfc9000_19_20() {
        assertWire(HandshakeDoneFrame.INSTANCE, "1e");
    }

    @Test
    void datagramIs31WithLengthAnd30Without_rfc9221_4() {
        assertWire(DatagramFrame.of(ascii("ab")), "31 02 6162");
        assertWire(DatagramFrame.of(ascii("ab")).withoutLength(), "30 6162");
        assertWire(DatagramFrame.of(ByteBuffer.allocate(0)), "31 00");
    }

    @Test
    void aPacketOfSeveralFramesIsTheirConcatenation_rfc9000_12_4() {
        List<Frame> frames = List.of(AckFrame.ofRange(0, 0, 1), new MaxDataFrame(5),
                StreamFrame.of(0, 0, ascii("x"), true).withoutLength());
        ByteBuffer payload = FrameArbitraries.encode(frames);
        assertThat(HEX.formatHex(payload.array())).isEqualTo("020100000110050900" + "78");
        assertThat(FrameReader.decodeAll(payload)).isEqualTo(frames);
    }
}
