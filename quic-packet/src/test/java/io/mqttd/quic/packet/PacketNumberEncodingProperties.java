package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class PacketNumberEncodingProperties {
    private static final long MAX = PacketNumberEncoding.MAX_PACKET_NUMBER;

    record SendState(long largestAcked, long pn, long receiverLargest) {
    }

    /**
     * A sender state: the largest acknowledged, the packet number sent (up to 2^31 ahead, the most a
     * 4-byte encoding covers) and the receiver's largest received, anywhere between the largest
     * acknowledged and the packet before this one.
     */
    @Provide
    Arbitrary<SendState> sendStates() {
        Arbitrary<Long> largestAcked = Arbitraries.oneOf(
                Arbitraries.just(PacketNumberEncoding.NONE),
                Arbitraries.longs().between(0, 1000),
                Arbitraries.longs().between(0, MAX - (1L << 31)),
                Arbitraries.longs().between(MAX - (1L << 31), MAX - 1));
        Arbitrary<Long> distance = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 300),
                Arbitraries.longs().between(1, 1L << 31));
        return Combinators.combine(largestAcked, distance, Arbitraries.doubles().between(0, 1))
                .as((la, d, f) -> {
                    // pn - largestAcked = d <= 2^31 also holds without an acknowledgement (la = -1).
                    long pn = Math.min(MAX, la + d);
                    long receiver = la + (long) ((pn - 1 - la) * f);
                    return new SendState(la, pn, Math.max(la, Math.min(receiver, pn - 1)));
                });
    }

    @Property(tries = 2000)
    void decodeOfEncodeIsThePacketNumber_rfc9000_A_2_A_3(@ForAll("sendStates") SendState s) {
        int length = PacketNumberEncoding.encodedLength(s.pn(), s.largestAcked());
        ByteBuffer buf = ByteBuffer.allocate(4);
        PacketNumberEncoding.write(buf, 0, s.pn(), length);
        long truncated = PacketNumberEncoding.readTruncated(buf, 0, length);
        assertThat(PacketNumberEncoding.decode(s.receiverLargest(), truncated, 8 * length)).isEqualTo(s.pn());
    }

    @Property(tries = 2000)
    void decodeRecoversAnyNumberWithinHalfAWindowOfTheExpected_rfc9000_A_3(
            @ForAll @LongRange(min = 0, max = MAX) long pn, @ForAll @IntRange(min = 1, max = 4) int bytes,
            @ForAll double where) {
        int bits = 8 * bytes;
        long hwin = 1L << (bits - 1);
        // expected = largest + 1 lies in [pn - hwin, pn + hwin): pn in (expected - hwin, expected + hwin].
        long expected = pn - hwin + (long) (Math.abs(where % 1.0) * (2 * hwin));
        expected = Math.max(0, Math.min(expected, MAX));
        Assume.that(pn > expected - hwin && pn <= expected + hwin);
        long truncated = pn & ((1L << bits) - 1);
        assertThat(PacketNumberEncoding.decode(expected - 1, truncated, bits)).isEqualTo(pn);
    }

    @Property(tries = 1000)
    void decodeStaysWithinTheRange_rfc9000_A_3(@ForAll @LongRange(min = -1, max = MAX) long largest,
            @ForAll @IntRange(min = 1, max = 4) int bytes, @ForAll long anyBits) {
        int bits = 8 * bytes;
        long truncated = anyBits & ((1L << bits) - 1);
        long pn = PacketNumberEncoding.decode(largest, truncated, bits);
        assertThat(pn).isBetween(0L, MAX);
        assertThat(pn & ((1L << bits) - 1)).isEqualTo(truncated);
    }
}
