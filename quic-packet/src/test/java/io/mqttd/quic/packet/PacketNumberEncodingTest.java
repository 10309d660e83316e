package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketNumberEncodingTest {
    @Test
    void sixteenBitsForTheFirstExample_rfc9000_A_2() {
        assertThat(PacketNumberEncoding.encodedLength(0xac5c02L, 0xabe8b3L)).isEqualTo(2);
        ByteBuffer buf = ByteBuffer.allocate(2);
        PacketNumberEncoding.write(buf, 0, 0xac5c02L, 2);
        assertThat(HexFormat.of().formatHex(buf.array())).isEqualTo("5c02");
    }

    @Test
    void twentyFourBitsForTheSecondExample_rfc9000_A_2() {
        assertThat(PacketNumberEncoding.encodedLength(0xace8feL, 0xabe8b3L)).isEqualTo(3);
        ByteBuffer buf = ByteBuffer.allocate(3);
        PacketNumberEncoding.write(buf, 0, 0xace8feL, 3);
        assertThat(HexFormat.of().formatHex(buf.array())).isEqualTo("ace8fe");
    }

    @Test
    void decodesTheExample_rfc9000_A_3() {
        assertThat(PacketNumberEncoding.decode(0xa82f30eaL, 0x9b32, 16)).isEqualTo(0xa82f9b32L);
    }

    @ParameterizedTest(name = "pn {0}, largest acked {1} -> {2} bytes")
    @CsvSource({
        // Without an acknowledgement the whole number counts (§17.1): num_unacked = pn + 1.
        "0, -1, 1", "127, -1, 1", "128, -1, 2", "32767, -1, 2", "32768, -1, 3",
        // num_unacked = pn - largest_acked must be at most 2^(8n-1).
        "1, 0, 1", "128, 0, 1", "129, 0, 2", "32768, 0, 2", "32769, 0, 3",
        "8388608, 0, 3", "8388609, 0, 4", "2147483648, 0, 4",
    })
    void chooseTheShortestLengthThatCoversTwiceTheRange_rfc9000_17_1(long pn, long largestAcked, int bytes) {
        assertThat(PacketNumberEncoding.encodedLength(pn, largestAcked)).isEqualTo(bytes);
    }

    @Test
    void refusesARangeNoEncodingCanCarry_rfc9000_17_1() {
        assertThatThrownBy(() -> PacketNumberEncoding.encodedLength(2147483649L, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketNumberEncoding.encodedLength(5, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketNumberEncoding.encodedLength(PacketNumberEncoding.MAX_PACKET_NUMBER + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesTheFirstPacketOfASpace() {
        assertThat(PacketNumberEncoding.decode(PacketNumberEncoding.NONE, 0, 8)).isZero();
        assertThat(PacketNumberEncoding.decode(PacketNumberEncoding.NONE, 2, 32)).isEqualTo(2);
    }

    @Test
    void decodeWrapsForwardAndBackward_rfc9000_A_3() {
        // expected 0x100; 0x01 in 8 bits is nearer as 0x101 than as 0x001.
        assertThat(PacketNumberEncoding.decode(0xff, 0x01, 8)).isEqualTo(0x101);
        // expected 0x101; 0xff is a late packet: 0xff, not 0x1ff.
        assertThat(PacketNumberEncoding.decode(0x100, 0xff, 8)).isEqualTo(0xff);
    }

    @Test
    void decodeNeverLeavesTheRange_rfc9000_A_3() {
        long max = PacketNumberEncoding.MAX_PACKET_NUMBER;
        assertThat(PacketNumberEncoding.decode(max - 1, max & 0xff, 8)).isEqualTo(max);
        assertThat(PacketNumberEncoding.decode(max - 1, 0x00, 8)).isEqualTo(max & ~0xffL);
        assertThat(PacketNumberEncoding.decode(0, 0xff, 8)).isEqualTo(0xff);
    }

    @Test
    void readsTheFieldBack() {
        ByteBuffer buf = ByteBuffer.allocate(6);
        PacketNumberEncoding.write(buf, 1, 0x1234_5678_9aL, 4);
        assertThat(PacketNumberEncoding.readTruncated(buf, 1, 4)).isEqualTo(0x3456789aL);
        assertThat(buf.get(0)).isZero();
        assertThat(buf.get(5)).isZero();
        assertThat(buf.position()).isZero();
    }

    @Test
    void lengthComesFromTheTwoLowBits_rfc9000_17_2() {
        assertThat(PacketNumberEncoding.lengthFromFirstByte(0xc0)).isEqualTo(1);
        assertThat(PacketNumberEncoding.lengthFromFirstByte(0xc3)).isEqualTo(4);
        assertThat(PacketNumberEncoding.lengthFromFirstByte(0x41)).isEqualTo(2);
    }

    @Test
    void rejectsBadFieldSizes() {
        assertThatThrownBy(() -> PacketNumberEncoding.decode(0, 0, 12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketNumberEncoding.decode(0, 256, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketNumberEncoding.write(ByteBuffer.allocate(8), 0, 1, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
