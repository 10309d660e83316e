package io.mqttd.mqtt.server.net;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FirstPacketWatchProperties {

    /** A fixed header (type byte, minimal Variable Byte Integer, §1.5.5) and {@code bodyLength} bytes. */
    static byte[] packet(int bodyLength) {
        int lengthBytes = bodyLength < 128 ? 1 : bodyLength < 16_384 ? 2 : bodyLength < 2_097_152 ? 3 : 4;
        byte[] p = new byte[1 + lengthBytes + bodyLength];
        p[0] = 0x10;
        int v = bodyLength;
        for (int i = 0; i < lengthBytes; i++) {
            int b = v & 0x7F;
            v >>>= 7;
            p[1 + i] = (byte) (v > 0 ? b | 0x80 : b);
        }
        return p;
    }

    @Property(tries = 300)
    void completesExactlyWithTheLastByteOfTheFirstPacket_2_1_4(
            @ForAll @IntRange(min = 0, max = 20_000) int bodyLength,
            @ForAll("cuts") List<Integer> cuts) {
        byte[] p = packet(bodyLength);
        byte[] withNext = new byte[p.length + 3];
        System.arraycopy(p, 0, withNext, 0, p.length);
        FirstPacketWatch watch = new FirstPacketWatch();
        int fed = 0;
        for (int cut : cuts) {
            int end = Math.min(p.length - 1, fed + cut);
            if (end <= fed) {
                continue;
            }
            watch.observe(ByteBuffer.wrap(withNext, fed, end - fed));
            fed = end;
            assertThat(watch.firstPacketComplete()).as("after %d of %d bytes", fed, p.length).isFalse();
        }
        // The rest, followed by bytes of a next packet in the same read.
        watch.observe(ByteBuffer.wrap(withNext, fed, withNext.length - fed));
        assertThat(watch.firstPacketComplete()).isTrue();
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 5000).list().ofMaxSize(20);
    }

    @Property(tries = 200)
    void observingNeverMovesTheBuffer(@ForAll @Size(max = 64) byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        new FirstPacketWatch().observe(b);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(bytes.length);
    }

    @Test
    void givesUpOnAFiveByteRemainingLength_1_5_5() {
        FirstPacketWatch watch = new FirstPacketWatch();
        watch.observe(ByteBuffer.wrap(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        assertThat(watch.firstPacketComplete()).isTrue();
    }

    @Test
    void typeByteAloneIsNotAPacket() {
        FirstPacketWatch watch = new FirstPacketWatch();
        watch.observe(ByteBuffer.wrap(new byte[] {0x10}));
        assertThat(watch.firstPacketComplete()).isFalse();
        watch.observe(ByteBuffer.wrap(new byte[] {0x00}));
        assertThat(watch.firstPacketComplete()).isTrue();
    }
}
