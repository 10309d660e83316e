package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.packet.MqttPacket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Peer bytes never escape as anything but {@link MqttDecodeException}: random bytes, and valid
 * packets with bytes flipped, replaced, inserted or cut, for a server-side decoder (CONNECT first)
 * and client-side decoders of each version, fed whole and byte by byte.
 */
class DecoderRobustnessProperties {

    @Provide
    Arbitrary<ProtocolVersion> versions() {
        return Arbitraries.of(ProtocolVersion.values());
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Decodes everything; returns the packets, or stops at the first decode error. */
    private static List<MqttPacket> drain(MqttDecoder d, ByteBuffer in, int chunk) {
        List<MqttPacket> out = new ArrayList<>();
        try {
            while (in.hasRemaining()) {
                int end = chunk <= 0 ? in.limit() : Math.min(in.limit(), in.position() + chunk);
                ByteBuffer piece = in.duplicate().limit(end);
                MqttPacket p;
                while ((p = d.decode(piece)) != null) {
                    out.add(p);
                }
                assertThat(piece.hasRemaining()).as("decoder consumes every byte it is given").isFalse();
                in.position(end);
            }
        } catch (MqttDecodeException expected) {
            assertThat(expected.reasonCode()).isNotNull();
            assertThat(expected.statement()).isNotBlank();
        }
        return out;
    }

    private static MqttDecoder decoder(ProtocolVersion v, boolean server) {
        return server ? MqttDecoder.forServer(MqttDecoder.LARGEST_PACKET) : MqttDecoder.forClient(v, MqttDecoder.LARGEST_PACKET);
    }

    @Property(tries = 2000)
    void randomBytesOnlyYieldPacketsOrDecodeErrors(@ForAll @Size(max = 300) byte[] bytes,
            @ForAll("versions") ProtocolVersion v, @ForAll boolean server) {
        drain(decoder(v, server), ByteBuffer.wrap(bytes), 0);
        drain(decoder(v, server), ByteBuffer.wrap(bytes), 1);
    }

    @Property(tries = 2000)
    void randomBodiesBehindValidFixedHeadersOnlyYieldPacketsOrDecodeErrors(@ForAll("seeds") long seed,
            @ForAll("versions") ProtocolVersion v) {
        // Random bytes rarely form a fixed header; here every type gets a well-framed random body.
        Random r = new Random(seed);
        int type = 1 + r.nextInt(15);
        ControlPacketType t = ControlPacketType.of(type);
        int flags = t == ControlPacketType.PUBLISH ? r.nextInt(16) : t.requiredFlags();
        byte[] body = new byte[r.nextInt(60)];
        r.nextBytes(body);
        ByteBuffer in = Wire.body().raw(body).packet(type << 4 | flags);
        drain(decoder(v, t == ControlPacketType.CONNECT), in, 0);
    }

    @Property(tries = 3000)
    void mutatedValidPacketsOnlyYieldPacketsOrDecodeErrors(@ForAll("seeds") long seed, @ForAll("versions") ProtocolVersion v) {
        Random r = new Random(seed);
        boolean server = r.nextInt(4) == 0;
        MqttPacket p = server ? RandomPackets.connect(r, v) : RandomPackets.packet(r, v);
        byte[] wire = PahoInteropTest.toArray(new MqttEncoder(v).encode(p));
        byte[] mutated = mutate(r, wire);
        drain(decoder(v, server), ByteBuffer.wrap(mutated), 0);
        drain(decoder(v, server), ByteBuffer.wrap(mutated), 1 + r.nextInt(7));
    }

    private static byte[] mutate(Random r, byte[] wire) {
        byte[] b = wire.clone();
        switch (r.nextInt(5)) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> {
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 3 -> {
                int at = r.nextInt(b.length + 1);
                byte[] longer = new byte[b.length + 1];
                System.arraycopy(b, 0, longer, 0, at);
                longer[at] = (byte) r.nextInt(256);
                System.arraycopy(b, at, longer, at + 1, b.length - at);
                b = longer;
            }
            default -> {
                // Keep the framing, corrupt the body: more mutations reach the field decoders.
                if (b.length > 2) {
                    int i = 2 + r.nextInt(b.length - 2);
                    b[i] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    @Property(tries = 200)
    void streamSplitAtEveryPointDecodesTheSamePackets(@ForAll("seeds") long seed, @ForAll("versions") ProtocolVersion v)
            throws Exception {
        Random r = new Random(seed);
        List<MqttPacket> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        MqttEncoder e = new MqttEncoder(v);
        for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
            MqttPacket p = RandomPackets.packet(r, v);
            sent.add(p);
            stream.writeBytes(PahoInteropTest.toArray(e.encode(p)));
        }
        byte[] all = stream.toByteArray();
        for (int split = 0; split <= all.length; split++) {
            MqttDecoder d = MqttDecoder.forClient(v, MqttDecoder.LARGEST_PACKET);
            List<MqttPacket> got = new ArrayList<>();
            for (ByteBuffer piece : new ByteBuffer[] {ByteBuffer.wrap(all, 0, split), ByteBuffer.wrap(all, split, all.length - split)}) {
                MqttPacket p;
                while ((p = d.decode(piece)) != null) {
                    got.add(p);
                }
            }
            assertThat(got).as("split at %d", split).isEqualTo(sent);
            assertThat(d.hasPartialPacket()).isFalse();
        }
        assertThat(drainChunks(v, all, 1)).isEqualTo(sent);
        assertThat(drainChunks(v, all, 1 + r.nextInt(20))).isEqualTo(sent);
    }

    private static List<MqttPacket> drainChunks(ProtocolVersion v, byte[] all, int chunk) throws MqttDecodeException {
        MqttDecoder d = MqttDecoder.forClient(v, MqttDecoder.LARGEST_PACKET);
        List<MqttPacket> got = new ArrayList<>();
        for (int i = 0; i < all.length; i += chunk) {
            ByteBuffer piece = ByteBuffer.wrap(all, i, Math.min(chunk, all.length - i));
            MqttPacket p;
            while ((p = d.decode(piece)) != null) {
                got.add(p);
            }
        }
        return got;
    }
}
