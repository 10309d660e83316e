package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class VarIntProperties {
    @Provide
    Arbitrary<Long> varints() {
        // Bias towards every length class and its edges.
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 0x3f),
                Arbitraries.longs().between(0x40, 0x3fff),
                Arbitraries.longs().between(0x4000, 0x3fff_ffffL),
                Arbitraries.longs().between(0x4000_0000L, VarInt.MAX_VALUE),
                Arbitraries.of(0L, 63L, 64L, 16383L, 16384L, 0x3fff_ffffL, 0x4000_0000L, VarInt.MAX_VALUE));
    }

    @Property
    void roundTripsThroughByteBuffer_rfc9000_16(@ForAll("varints") long value) {
        ByteBuffer buf = ByteBuffer.allocate(8);
        VarInt.write(buf, value);
        assertThat(buf.position()).isEqualTo(VarInt.encodedLength(value));
        assertThat(VarInt.lengthFromFirstByte(buf.get(0) & 0xff)).isEqualTo(buf.position());
        buf.flip();
        assertThat(VarInt.read(buf)).isEqualTo(value);
        assertThat(buf.hasRemaining()).isFalse();
    }

    @Property
    void roundTripsThroughByteArrayAtAnyOffset_rfc9000_16(@ForAll("varints") long value,
            @ForAll @IntRange(max = 8) int offset) {
        byte[] arr = new byte[16];
        int end = VarInt.write(arr, offset, value);
        assertThat(end - offset).isEqualTo(VarInt.encodedLength(value));
        assertThat(VarInt.read(arr, offset)).isEqualTo(value);
    }

    @Property
    void anyLongEnoughEncodingDecodesToTheSameValue_rfc9000_16(@ForAll("varints") long value,
            @ForAll @IntRange(min = 0, max = 3) int lengthClass) {
        int length = 1 << lengthClass;
        if (length < VarInt.encodedLength(value)) {
            assertThatThrownBy(() -> VarInt.write(ByteBuffer.allocate(8), value, length))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(8);
        VarInt.write(buf, value, length);
        ByteBuffer abs = ByteBuffer.allocate(8);
        VarInt.write(abs, 0, value, length);
        assertThat(abs.array()).isEqualTo(buf.array());
        assertThat(VarInt.read(buf.flip())).isEqualTo(value);
    }

    @Property
    void everyStrictPrefixIsATruncationError_rfc9000_16(@ForAll @LongRange(min = 0x40, max = VarInt.MAX_VALUE) long value) {
        ByteBuffer buf = ByteBuffer.allocate(8);
        VarInt.write(buf, value);
        byte[] full = Arrays.copyOf(buf.array(), buf.position());
        for (int cut = 0; cut < full.length; cut++) {
            byte[] prefix = Arrays.copyOf(full, cut);
            assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(prefix))).isInstanceOf(TransportError.class);
            assertThatThrownBy(() -> VarInt.read(prefix, 0)).isInstanceOf(TransportError.class);
        }
    }

    @Property
    void randomBytesDecodeOrFailWithTransportErrorOnly(@ForAll byte[] bytes, @ForAll @IntRange(min = -2, max = 20) int offset) {
        try {
            long v = VarInt.read(bytes, offset);
            assertThat(v).isBetween(0L, VarInt.MAX_VALUE);
        } catch (TransportError expected) {
            assertThat(expected.errorCode()).isEqualTo(TransportErrorCode.FRAME_ENCODING_ERROR);
        }
        try {
            long v = VarInt.read(ByteBuffer.wrap(bytes));
            assertThat(v).isBetween(0L, VarInt.MAX_VALUE);
        } catch (TransportError expected) {
            assertThat(expected.errorCode()).isEqualTo(TransportErrorCode.FRAME_ENCODING_ERROR);
        }
    }
}
