package io.mqttd.quic.packet;

import static io.mqttd.quic.packet.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VersionNegotiationPacketTest {
    private final ProtectedPacket view = new ProtectedPacket();

    private ProtectedPacket clientPacketOfUnknownVersion(byte[] dcid, byte[] scid) {
        ByteBuffer buf = ByteBuffer.allocate(1200);
        buf.put((byte) 0xc0).putInt(0x1a2a3a4a).put((byte) dcid.length).put(dcid).put((byte) scid.length).put(scid);
        buf.position(0);
        assertThat(view.parse(buf, 0, 0, false)).isEqualTo(ParseOutcome.UNSUPPORTED_VERSION);
        return view;
    }

    @Test
    void answerEchoesTheConnectionIdsSwapped_rfc9000_17_2_1() {
        byte[] dcid = hex("0011223344556677");
        byte[] scid = hex("aabbcc");
        VersionNegotiationPacket vn = VersionNegotiationPacket.respondingTo(clientPacketOfUnknownVersion(dcid, scid),
                List.of(QuicVersion.V1, QuicVersion.V2), new SplittableRandom(1));
        assertThat(vn.destination().toByteArray()).isEqualTo(scid);
        assertThat(vn.source().toByteArray()).isEqualTo(dcid);
    }

    @Test
    void answerListsTheSupportedVersionsAndOneReservedVersion_rfc9000_6_3() {
        VersionNegotiationPacket vn = VersionNegotiationPacket.respondingTo(
                clientPacketOfUnknownVersion(new byte[8], new byte[0]), List.of(QuicVersion.V2, QuicVersion.V1),
                new SplittableRandom(2));
        assertThat(vn.supportedVersions()).hasSize(3);
        assertThat(vn.supportedVersions().subList(0, 2)).containsExactly(QuicVersion.V2, QuicVersion.V1);
        assertThat(vn.supportedVersions().get(2).isReserved()).isTrue();
    }

    @Test
    void echoesConnectionIdsOf255BytesFromUnknownVersions_rfc8999_6() {
        byte[] dcid = new byte[255];
        Arrays.fill(dcid, (byte) 7);
        byte[] scid = new byte[200];
        Arrays.fill(scid, (byte) 9);
        VersionNegotiationPacket vn = VersionNegotiationPacket.respondingTo(clientPacketOfUnknownVersion(dcid, scid),
                List.of(QuicVersion.V1), new SplittableRandom(3));
        ByteBuffer out = ByteBuffer.allocate(vn.encodedLength());
        vn.writeTo(out, new SplittableRandom(4));
        assertThat(out.hasRemaining()).isFalse();
        assertThat(view.parse(out.flip(), 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(VersionNegotiationPacket.from(view)).isEqualTo(vn);
    }

    @Test
    void writesVersionZeroAndSetsTheFormAndFixedBits_rfc9000_17_2_1() {
        VersionNegotiationPacket vn = new VersionNegotiationPacket(ConnectionId.fromHex("01"), ConnectionId.fromHex("0203"),
                List.of(QuicVersion.V1));
        SplittableRandom random = new SplittableRandom(5);
        int unusedSeen = 0;
        for (int i = 0; i < 32; i++) {
            ByteBuffer out = ByteBuffer.allocate(vn.encodedLength());
            vn.writeTo(out, random);
            byte[] b = out.array();
            assertThat(b[0] & 0xc0).isEqualTo(0xc0);
            unusedSeen |= b[0] & 0x3f;
            assertThat(Arrays.copyOfRange(b, 1, b.length)).isEqualTo(hex("00000000" + "0101" + "020203" + "00000001"));
        }
        // The other six Unused bits are random, not constant.
        assertThat(unusedSeen).isNotZero();
    }

    @Test
    void parsesFaithfullyEvenWhenTheClientsVersionIsListed_rfc9000_6_2() {
        assertThat(view.parse(ByteBuffer.wrap(hex("ff00000000000000000001" + "6b3343cf" + "fafafafa")), 0, 0, false))
                .isEqualTo(ParseOutcome.OK);
        VersionNegotiationPacket vn = VersionNegotiationPacket.from(view);
        assertThat(vn.supportedVersions()).containsExactly(QuicVersion.V1, QuicVersion.V2, new QuicVersion(0xfafafafa));
        assertThat(vn.lists(QuicVersion.V1)).isTrue();
        assertThat(vn.lists(new QuicVersion(0xff00001d))).isFalse();
    }

    @Test
    void shortHeadersDoNotTriggerVersionNegotiation_rfc8999_6() {
        view.parse(ByteBuffer.wrap(Vectors.load("rfc9001-a5-short-header")), 0, 0, false);
        assertThatThrownBy(() -> VersionNegotiationPacket.respondingTo(view, List.of(QuicVersion.V1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VersionNegotiationPacket(ConnectionId.EMPTY, ConnectionId.EMPTY, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
