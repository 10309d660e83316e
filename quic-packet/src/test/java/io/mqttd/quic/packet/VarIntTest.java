package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarIntTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "c2197c5eff14e88c, 151288809941952652",
        "9d7f3e7d, 494878333",
        "7bbd, 15293",
        "25, 37",
        "4025, 37",
    })
    void decodesAppendixA1Examples_rfc9000_A_1(String encoded, long expected) {
        ByteBuffer buf = ByteBuffer.wrap(hex(encoded));
        assertThat(VarInt.read(buf)).isEqualTo(expected);
        assertThat(buf.hasRemaining()).isFalse();
        assertThat(VarInt.read(hex(encoded), 0)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource({
        "c2197c5eff14e88c, 151288809941952652",
        "9d7f3e7d, 494878333",
        "7bbd, 15293",
        "25, 37",
    })
    void encodesAppendixA1ExamplesInShortestForm_rfc9000_16(String expected, long value) {
        ByteBuffer buf = ByteBuffer.allocate(8);
        VarInt.write(buf, value);
        assertThat(HexFormat.of().formatHex(buf.array(), 0, buf.position())).isEqualTo(expected);
        byte[] arr = new byte[8];
        assertThat(VarInt.write(arr, 0, value)).isEqualTo(expected.length() / 2);
        assertThat(HexFormat.of().formatHex(arr, 0, expected.length() / 2)).isEqualTo(expected);
    }

    @Test
    void writesForcedTwoByteFormOf37As4025_rfc9000_16() {
        ByteBuffer buf = ByteBuffer.allocate(2);
        VarInt.write(buf, 37, 2);
        assertThat(HexFormat.of().formatHex(buf.array())).isEqualTo("4025");
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "63, 1", "64, 2", "16383, 2", "16384, 4", "1073741823, 4", "1073741824, 8",
        "4611686018427387903, 8"})
    void encodedLengthFollowsTable4_rfc9000_16(long value, int length) {
        assertThat(VarInt.encodedLength(value)).isEqualTo(length);
    }

    @Test
    void encodesTheLargest62BitValue_rfc9000_16() {
        ByteBuffer buf = ByteBuffer.allocate(8);
        VarInt.write(buf, VarInt.MAX_VALUE);
        assertThat(HexFormat.of().formatHex(buf.array())).isEqualTo("ffffffffffffffff");
        assertThat(VarInt.read(buf.flip())).isEqualTo(VarInt.MAX_VALUE);
    }

    @Test
    void rejectsValuesBeyond62BitsAndNegativeOnes_rfc9000_16() {
        ByteBuffer buf = ByteBuffer.allocate(8);
        assertThatThrownBy(() -> VarInt.write(buf, VarInt.MAX_VALUE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarInt.write(buf, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarInt.write(buf, 64, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarInt.write(buf, 1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"''", "40", "8000", "80ffff", "c0", "c0ffffffffffff"})
    void truncatedIntegerIsFrameEncodingError_rfc9000_16(String prefix) {
        byte[] bytes = hex(prefix);
        assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(bytes)))
                .isInstanceOfSatisfying(TransportError.class,
                        e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.FRAME_ENCODING_ERROR));
        assertThatThrownBy(() -> VarInt.read(bytes, 0))
                .isInstanceOfSatisfying(TransportError.class,
                        e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.FRAME_ENCODING_ERROR));
    }

    @Test
    void truncationCodeIsTheCallersChoice() {
        assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(hex("80")), TransportErrorCode.TRANSPORT_PARAMETER_ERROR))
                .isInstanceOfSatisfying(TransportError.class,
                        e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.TRANSPORT_PARAMETER_ERROR));
    }

    @Test
    void failedReadLeavesThePositionUnchanged() {
        ByteBuffer buf = ByteBuffer.wrap(hex("8000"));
        assertThatThrownBy(() -> VarInt.read(buf)).isInstanceOf(TransportError.class);
        assertThat(buf.position()).isZero();
    }
}
