package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Every header kind written by this module, for v1 and v2, parses back to what was written. */
class HeaderRoundTripProperties {
    private final ProtectedPacket view = new ProtectedPacket();

    @Provide
    Arbitrary<ConnectionId> cids() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(20).map(ConnectionId::of);
    }

    @Provide
    Arbitrary<QuicVersion> versions() {
        return Arbitraries.of(QuicVersion.V1, QuicVersion.V2);
    }

    @Provide
    Arbitrary<PacketType> longTypes() {
        return Arbitraries.of(PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE);
    }

    @Property(tries = 500)
    void longHeadersRoundTrip_rfc9000_17_2_rfc9369_3_2(@ForAll("longTypes") PacketType type,
            @ForAll("versions") QuicVersion version, @ForAll("cids") ConnectionId dcid, @ForAll("cids") ConnectionId scid,
            @ForAll @Size(max = 80) byte[] token, @ForAll @LongRange(min = 0, max = PacketNumberEncoding.MAX_PACKET_NUMBER) long pn,
            @ForAll @IntRange(min = 1, max = 4) int pnLength, @ForAll @IntRange(min = 0, max = 1300) int payload,
            @ForAll @IntRange(min = 0, max = 7) int before) {
        byte[] tokenOrNone = type == PacketType.INITIAL ? token : null;
        ByteBuffer buf = ByteBuffer.allocate(1500 + 128);
        buf.position(before);
        PacketLayout layout = LongHeader.write(buf, type, version, dcid, scid, tokenOrNone, pn, pnLength);
        assertThat(buf.position()).isEqualTo(layout.payloadOffset());
        int end = Math.max(layout.payloadOffset() + payload, layout.minimumPacketEnd());
        buf.position(end);
        layout.writeLength(buf, end);
        buf.flip();

        assertThat(view.parse(buf, before, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(type);
        assertThat(view.version()).isSameAs(version);
        assertThat(view.destinationConnectionId()).isEqualTo(dcid);
        assertThat(view.sourceConnectionId()).isEqualTo(scid);
        if (type == PacketType.INITIAL) {
            assertThat(view.tokenLength()).isEqualTo(token.length);
            assertThat(view.token()).isEqualTo(ByteBuffer.wrap(token));
        } else {
            assertThat(view.tokenOffset()).isEqualTo(-1);
        }
        assertThat(view.lengthFieldOffset()).isEqualTo(layout.lengthOffset());
        assertThat(view.lengthField()).isEqualTo(end - layout.packetNumberOffset());
        assertThat(view.packetNumberOffset()).isEqualTo(layout.packetNumberOffset());
        assertThat(view.sampleOffset()).isEqualTo(layout.sampleOffset());
        assertThat(view.headerLength()).isEqualTo(layout.headerLength());
        assertThat(view.offset()).isEqualTo(before);
        assertThat(view.end()).isEqualTo(end);
        // Unprotected, the first byte says how long the packet number is and the reserved bits are 0.
        assertThat(PacketNumberEncoding.lengthFromFirstByte(view.firstByte())).isEqualTo(pnLength);
        assertThat(LongHeader.reservedBits(view.firstByte())).isZero();
        long mask = pnLength == 4 ? 0xffff_ffffL : (1L << (8 * pnLength)) - 1;
        assertThat(PacketNumberEncoding.readTruncated(buf, view.packetNumberOffset(), pnLength)).isEqualTo(pn & mask);
    }

    @Property(tries = 300)
    void shortHeadersRoundTrip_rfc9000_17_3_1(@ForAll("cids") ConnectionId dcid, @ForAll boolean spin,
            @ForAll boolean keyPhase, @ForAll @LongRange(min = 0, max = PacketNumberEncoding.MAX_PACKET_NUMBER) long pn,
            @ForAll @IntRange(min = 1, max = 4) int pnLength, @ForAll @IntRange(min = 0, max = 1300) int payload) {
        ByteBuffer buf = ByteBuffer.allocate(1500);
        PacketLayout layout = ShortHeader.write(buf, dcid, spin, keyPhase, pn, pnLength);
        assertThat(layout.lengthOffset()).isEqualTo(-1);
        buf.position(Math.max(layout.payloadOffset() + payload, layout.minimumPacketEnd())).flip();

        assertThat(view.parse(buf, 0, dcid.length(), false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.ONE_RTT);
        assertThat(view.destinationConnectionId()).isEqualTo(dcid);
        assertThat(view.packetNumberOffset()).isEqualTo(layout.packetNumberOffset());
        assertThat(view.end()).isEqualTo(buf.limit());
        assertThat(ShortHeader.spin(view.firstByte())).isEqualTo(spin);
        assertThat(ShortHeader.keyPhase(view.firstByte())).isEqualTo(keyPhase);
        assertThat(ShortHeader.reservedBits(view.firstByte())).isZero();
        assertThat(PacketNumberEncoding.lengthFromFirstByte(view.firstByte())).isEqualTo(pnLength);
        long mask = (1L << (8 * pnLength)) - 1;
        assertThat(PacketNumberEncoding.readTruncated(buf, layout.packetNumberOffset(), pnLength)).isEqualTo(pn & mask);
    }

    @Property(tries = 300)
    void retryPacketsRoundTrip_rfc9000_17_2_5(@ForAll("versions") QuicVersion version, @ForAll("cids") ConnectionId dcid,
            @ForAll("cids") ConnectionId scid, @ForAll @Size(max = 200) byte[] token, @ForAll @Size(16) byte[] tag) {
        RetryPacket retry = new RetryPacket(version, dcid, scid, token);
        ByteBuffer buf = ByteBuffer.allocate(retry.encodedLength());
        retry.writeTo(buf, tag);
        assertThat(buf.hasRemaining()).isFalse();
        assertThat(view.parse(buf.flip(), 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.RETRY);
        assertThat(RetryPacket.from(view)).isEqualTo(retry);
        assertThat(RetryPacket.integrityTag(view)).isEqualTo(tag);
        // The client's pseudo-packet over the received bytes equals the server's over its fields.
        ConnectionId odcid = ConnectionId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(RetryPacket.pseudoPacket(odcid, view)).isEqualTo(retry.pseudoPacket(odcid));
    }

    @Property(tries = 300)
    void versionNegotiationPacketsRoundTrip_rfc9000_17_2_1(@ForAll @Size(max = 255) byte[] dcid,
            @ForAll @Size(max = 255) byte[] scid, @ForAll @Size(min = 1, max = 10) List<Integer> versions,
            @ForAll long seed) {
        VersionNegotiationPacket vn = new VersionNegotiationPacket(ConnectionId.of(ByteBuffer.wrap(dcid), 0, dcid.length),
                ConnectionId.of(ByteBuffer.wrap(scid), 0, scid.length), versions.stream().map(QuicVersion::of).toList());
        ByteBuffer buf = ByteBuffer.allocate(vn.encodedLength());
        vn.writeTo(buf, new SplittableRandom(seed));
        assertThat(view.parse(buf.flip(), 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.VERSION_NEGOTIATION);
        assertThat(VersionNegotiationPacket.from(view)).isEqualTo(vn);
    }
}
