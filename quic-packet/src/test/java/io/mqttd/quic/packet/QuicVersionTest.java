package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuicVersionTest {
    @Test
    void versionNumbersAreThoseOfTheRfcs_rfc9000_15_rfc9369_3_1() {
        assertThat(QuicVersion.V1.value()).isEqualTo(0x00000001);
        assertThat(QuicVersion.V2.value()).isEqualTo(0x6b3343cf);
        assertThat(QuicVersion.NEGOTIATION.value()).isZero();
        assertThat(QuicVersion.NEGOTIATION.isNegotiation()).isTrue();
    }

    @Test
    void ofReturnsSharedConstantsForKnownVersions() {
        assertThat(QuicVersion.of(1)).isSameAs(QuicVersion.V1);
        assertThat(QuicVersion.of(0x6b3343cf)).isSameAs(QuicVersion.V2);
        assertThat(QuicVersion.of(0)).isSameAs(QuicVersion.NEGOTIATION);
        assertThat(QuicVersion.of(0xff00001d)).isEqualTo(new QuicVersion(0xff00001d));
    }

    @Test
    void onlyV1AndV2AreSupported() {
        assertThat(QuicVersion.V1.isSupported()).isTrue();
        assertThat(QuicVersion.V2.isSupported()).isTrue();
        assertThat(QuicVersion.NEGOTIATION.isSupported()).isFalse();
        assertThat(QuicVersion.isSupported(0xff00001d)).isFalse();
        assertThat(QuicVersion.isSupported(2)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0a0a0a0a, 0x1a2a3a4a, 0xfafafafa, 0x5a6a7a8a})
    void detectsReservedVersions_rfc9000_15(int version) {
        assertThat(QuicVersion.isReserved(version)).isTrue();
        assertThat(QuicVersion.of(version).isReserved()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 0x6b3343cf, 0x0a0a0a0b, 0x0a0a0b0a, 0xba0a0a0a & 0xfffffff0, 0xff00001d})
    void realVersionsAreNotReserved_rfc9000_15(int version) {
        assertThat(QuicVersion.isReserved(version)).isFalse();
    }

    @Property(tries = 200)
    void randomReservedVersionsFollowThePattern_rfc8999_6(@ForAll long seed) {
        QuicVersion v = QuicVersion.randomReserved(new SplittableRandom(seed));
        assertThat(v.value() & 0x0f0f0f0f).isEqualTo(0x0a0a0a0a);
        assertThat(v.isReserved()).isTrue();
        assertThat(v.isSupported()).isFalse();
    }

    @Test
    void randomReservedVersionsVary() {
        SplittableRandom random = new SplittableRandom(7);
        assertThat(java.util.stream.IntStream.range(0, 20)
                .map(i -> QuicVersion.randomReserved(random).value()).distinct().count()).isGreaterThan(1);
    }

    @Test
    void v1LongPacketTypes_rfc9000_table5() {
        assertThat(QuicVersion.V1.longPacketTypeBits(PacketType.INITIAL)).isEqualTo(0);
        assertThat(QuicVersion.V1.longPacketTypeBits(PacketType.ZERO_RTT)).isEqualTo(1);
        assertThat(QuicVersion.V1.longPacketTypeBits(PacketType.HANDSHAKE)).isEqualTo(2);
        assertThat(QuicVersion.V1.longPacketTypeBits(PacketType.RETRY)).isEqualTo(3);
    }

    @Test
    void v2LongPacketTypes_rfc9369_3_2() {
        assertThat(QuicVersion.V2.longPacketTypeBits(PacketType.INITIAL)).isEqualTo(1);
        assertThat(QuicVersion.V2.longPacketTypeBits(PacketType.ZERO_RTT)).isEqualTo(2);
        assertThat(QuicVersion.V2.longPacketTypeBits(PacketType.HANDSHAKE)).isEqualTo(3);
        assertThat(QuicVersion.V2.longPacketTypeBits(PacketType.RETRY)).isEqualTo(0);
    }

    @Test
    void typeBitsMapBackToTypes() {
        for (QuicVersion v : new QuicVersion[] {QuicVersion.V1, QuicVersion.V2}) {
            for (PacketType t : new PacketType[] {PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE, PacketType.RETRY}) {
                assertThat(v.longPacketType(v.longPacketTypeBits(t))).isEqualTo(t);
            }
        }
        assertThat(new QuicVersion(0xff00001d).longPacketType(0)).isNull();
    }

    @Test
    void shortHeaderAndNegotiationHaveNoLongPacketType() {
        assertThatThrownBy(() -> QuicVersion.V1.longPacketTypeBits(PacketType.ONE_RTT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuicVersion.V1.longPacketTypeBits(PacketType.VERSION_NEGOTIATION))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuicVersion(0x1a2a3a4a).longPacketTypeBits(PacketType.INITIAL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsReadably() {
        assertThat(QuicVersion.V1).hasToString("v1");
        assertThat(QuicVersion.V2).hasToString("v2");
        assertThat(new QuicVersion(0x1a2a3a4a)).hasToString("0x1a2a3a4a");
    }
}
