package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Peer bytes never escape as anything but a {@link ParseOutcome}: random input, input shaped like a
 * header, and mutations of valid coalesced datagrams. Whatever parses claims only indices inside the
 * datagram, so the layers above can read them without bounds checks of their own.
 */
class ParserRobustnessProperties {
    private static final int[] VERSIONS = {0, 1, 0x6b3343cf, 0x1a2a3a4a, 0xff00001d};

    @Provide
    Arbitrary<byte[]> randomDatagrams() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
    }

    /** Bytes that start like a long header of a real version with small CID lengths, then noise. */
    @Provide
    Arbitrary<byte[]> headerShapedDatagrams() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(0, 1, 2, 3, 4),
                Arbitraries.integers().between(0, 24),
                Arbitraries.integers().between(0, 24),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as((first, v, dcil, scil, tail) -> {
                    ByteBuffer b = ByteBuffer.allocate(7 + dcil + scil + tail.length);
                    b.put((byte) (first | 0x80)).putInt(VERSIONS[v]).put((byte) (int) dcil).put(new byte[dcil])
                            .put((byte) (int) scil).put(new byte[scil]).put(tail);
                    return b.array();
                });
    }

    @Property(tries = 3000)
    void randomBytesOnlyYieldOutcomes(@ForAll("randomDatagrams") byte[] bytes, @ForAll @IntRange(max = 20) int cidLength,
            @ForAll boolean grease, @ForAll @IntRange(max = 40) int offset, @ForAll boolean direct) {
        ProtectedPacket view = new ProtectedPacket();
        int at = Math.min(offset, bytes.length);
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip() : ByteBuffer.wrap(bytes);
        view.parse(buf, at, cidLength, grease);
        checkConsistent(view);
    }

    @Property(tries = 3000)
    void headerShapedBytesOnlyYieldOutcomes(@ForAll("headerShapedDatagrams") byte[] bytes, @ForAll boolean grease) {
        ProtectedPacket view = new ProtectedPacket();
        view.parse(ByteBuffer.wrap(bytes), 0, 8, grease);
        checkConsistent(view);
        iterate(bytes, 8, grease);
    }

    @Property(tries = 2000)
    void mutatedValidDatagramsOnlyYieldOutcomes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int mutations) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] datagram = validDatagram(random);
        for (int i = 0; i < mutations; i++) {
            datagram = mutate(datagram, random);
        }
        CoalescedPackets.Stop stop = iterate(datagram, 8, random.nextBoolean());
        Statistics.collect(stop);
        // The mutations must reach every way a datagram can end, or this property proves little.
        Statistics.coverage(c -> {
            c.check(CoalescedPackets.Stop.MALFORMED).count(n -> n > 0);
            c.check(CoalescedPackets.Stop.END_OF_DATAGRAM).count(n -> n > 0);
            c.check(CoalescedPackets.Stop.TRAILING_ZEROS).count(n -> n > 0);
        });
    }

    @Property(tries = 300)
    void validDatagramsSplitIntoAllTheirPackets_rfc9000_12_2(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] datagram = validDatagram(random);
        CoalescedPackets packets = new CoalescedPackets(8, false);
        packets.reset(ByteBuffer.wrap(datagram));
        ProtectedPacket view = new ProtectedPacket();
        int count = 0;
        while (packets.next(view)) {
            assertThat(view.outcome()).isEqualTo(ParseOutcome.OK);
            count++;
        }
        assertThat(count).isPositive();
        assertThat(packets.stop()).isIn(CoalescedPackets.Stop.END_OF_DATAGRAM, CoalescedPackets.Stop.TRAILING_ZEROS);
    }

    private static CoalescedPackets.Stop iterate(byte[] datagram, int cidLength, boolean grease) {
        CoalescedPackets packets = new CoalescedPackets(cidLength, grease);
        ByteBuffer buf = ByteBuffer.wrap(datagram);
        packets.reset(buf);
        ProtectedPacket view = new ProtectedPacket();
        int previousEnd = 0;
        while (packets.next(view)) {
            assertThat(view.outcome().isDrop()).isFalse();
            assertThat(view.offset()).isEqualTo(previousEnd);
            checkConsistent(view);
            previousEnd = view.end();
        }
        checkConsistent(view);
        assertThat(packets.stop()).isNotEqualTo(CoalescedPackets.Stop.NONE);
        assertThat(packets.discardedBytes()).isBetween(0, datagram.length);
        return packets.stop();
    }

    /** The invariants every outcome promises, and every accessor usable without an exception. */
    static void checkConsistent(ProtectedPacket view) {
        ParseOutcome outcome = view.outcome();
        assertThat(outcome).isNotNull();
        assertThat(view.toString()).isNotEmpty();
        if (outcome.isDrop()) {
            return;
        }
        int limit = view.buffer().limit();
        assertThat(view.offset()).isLessThan(view.end());
        assertThat(view.end()).isLessThanOrEqualTo(limit);
        assertThat(view.destinationConnectionIdOffset() + view.destinationConnectionIdLength()).isLessThanOrEqualTo(view.end());
        assertThat(view.destinationConnectionId().length()).isEqualTo(view.destinationConnectionIdLength());
        assertThat(view.slice().remaining()).isEqualTo(view.size());
        if (view.isLongHeader()) {
            assertThat(view.sourceConnectionIdOffset() + view.sourceConnectionIdLength()).isLessThanOrEqualTo(view.end());
            assertThat(view.sourceConnectionId().length()).isEqualTo(view.sourceConnectionIdLength());
            VersionNegotiationPacket.respondingTo(view, List.of(QuicVersion.V1), new SplittableRandom(0));
        }
        if (outcome == ParseOutcome.UNSUPPORTED_VERSION) {
            assertThat(view.type()).isNull();
            assertThat(view.end()).isEqualTo(limit);
            return;
        }
        if (view.tokenOffset() >= 0) {
            assertThat(view.tokenOffset() + view.tokenLength()).isLessThanOrEqualTo(view.end());
            assertThat(view.token().remaining()).isEqualTo(view.tokenLength());
        }
        if (view.packetNumberOffset() >= 0) {
            // RFC 9001 §5.4.2: the 4 bytes assumed for the packet number and the sample fit.
            assertThat(view.sampleOffset() + ProtectedPacket.SAMPLE_LENGTH).isLessThanOrEqualTo(view.end());
        }
        switch (view.type()) {
            case VERSION_NEGOTIATION -> {
                VersionNegotiationPacket vn = VersionNegotiationPacket.from(view);
                assertThat(vn.supportedVersions()).hasSize(view.supportedVersionCount()).isNotEmpty();
            }
            case RETRY -> {
                assertThat(view.integrityTagOffset() + ProtectedPacket.RETRY_INTEGRITY_TAG_LENGTH).isEqualTo(view.end());
                RetryPacket.from(view);
                RetryPacket.pseudoPacket(ConnectionId.EMPTY, view);
            }
            case INITIAL, ZERO_RTT, HANDSHAKE ->
                assertThat(view.packetNumberOffset() + view.lengthField()).isEqualTo(view.end());
            case ONE_RTT -> assertThat(view.end()).isEqualTo(limit);
            default -> throw new AssertionError("unexpected type " + view.type());
        }
    }

    /** One to three long-header packets of one version, maybe a short-header packet, maybe zero padding. */
    static byte[] validDatagram(SplittableRandom random) {
        QuicVersion version = random.nextBoolean() ? QuicVersion.V1 : QuicVersion.V2;
        byte[] dcid = new byte[8];
        random.nextBytes(dcid);
        dcid[0] |= 1; // never all zero, so zero padding cannot look like our DCID
        ConnectionId d = ConnectionId.of(dcid);
        byte[] s = new byte[random.nextInt(21)];
        random.nextBytes(s);
        ByteBuffer buf = ByteBuffer.allocate(4000);
        PacketType[] types = {PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE};
        int longPackets = 1 + random.nextInt(3);
        for (int i = 0; i < longPackets; i++) {
            PacketType type = types[random.nextInt(3)];
            byte[] token = type == PacketType.INITIAL ? new byte[random.nextInt(30)] : null;
            int pnLength = 1 + random.nextInt(4);
            PacketLayout layout = LongHeader.write(buf, type, version, d, ConnectionId.of(s), token,
                    random.nextLong(PacketNumberEncoding.MAX_PACKET_NUMBER), pnLength);
            int end = Math.max(layout.minimumPacketEnd(), layout.payloadOffset() + random.nextInt(300));
            while (buf.position() < end) {
                buf.put((byte) random.nextInt());
            }
            layout.writeLength(buf, end);
        }
        if (random.nextBoolean()) {
            PacketLayout layout = ShortHeader.write(buf, d, random.nextBoolean(), random.nextBoolean(), 5, 1);
            int end = Math.max(layout.minimumPacketEnd(), layout.payloadOffset() + random.nextInt(300));
            while (buf.position() < end) {
                buf.put((byte) random.nextInt());
            }
        } else if (random.nextBoolean()) {
            buf.position(buf.position() + random.nextInt(1, 200));
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    static byte[] mutate(byte[] bytes, SplittableRandom random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt()};
        }
        int at = random.nextInt(bytes.length);
        byte[] out;
        switch (random.nextInt(6)) {
            case 0 -> {
                out = bytes.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> {
                out = bytes.clone();
                byte[] specials = {0, (byte) 0xff, 0x40, (byte) 0x80, 0x3f, (byte) 0xc0, 20, 21};
                out[at] = specials[random.nextInt(specials.length)];
            }
            case 2 -> out = Arrays.copyOf(bytes, at);
            case 3 -> {
                out = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, out, 0, at);
                out[at] = (byte) random.nextInt();
                System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
            }
            case 4 -> {
                out = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
            }
            default -> {
                out = bytes.clone();
                out[at] = (byte) random.nextInt();
            }
        }
        return out;
    }
}
