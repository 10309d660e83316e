package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescedPacketsTest {
    private static final ConnectionId CLIENT_CID = ConnectionId.fromHex("c1c2c3c4c5c6c7c8");
    private static final ConnectionId SERVER_CID = ConnectionId.fromHex("5051525354");

    private final ProtectedPacket view = new ProtectedPacket();

    /** Writes a long-header packet with {@code payload} bytes after a 2-byte packet number. */
    static void longPacket(ByteBuffer buf, PacketType type, QuicVersion v, ConnectionId dcid, ConnectionId scid, int payload) {
        PacketLayout layout = LongHeader.write(buf, type, v, dcid, scid, null, 7, 2);
        for (int i = 0; i < payload; i++) {
            buf.put((byte) (i + 1));
        }
        layout.writeLength(buf, buf.position());
    }

    static void shortPacket(ByteBuffer buf, ConnectionId dcid, int payload) {
        ShortHeader.write(buf, dcid, false, false, 7, 2);
        for (int i = 0; i < payload; i++) {
            buf.put((byte) (i + 1));
        }
    }

    private List<PacketType> split(ByteBuffer datagram, CoalescedPackets packets) {
        packets.reset(datagram);
        List<PacketType> types = new ArrayList<>();
        while (packets.next(view)) {
            types.add(view.type());
        }
        return types;
    }

    @Test
    void splitsInitialHandshakeAndOneRttByTheirLengthFields_rfc9000_12_2() {
        ByteBuffer buf = ByteBuffer.allocate(1500);
        longPacket(buf, PacketType.INITIAL, QuicVersion.V1, CLIENT_CID, SERVER_CID, 100);
        int handshakeStart = buf.position();
        longPacket(buf, PacketType.HANDSHAKE, QuicVersion.V1, CLIENT_CID, SERVER_CID, 300);
        int shortStart = buf.position();
        shortPacket(buf, CLIENT_CID, 50);
        buf.flip();
        CoalescedPackets packets = new CoalescedPackets(CLIENT_CID.length(), false);
        packets.reset(buf);
        assertThat(packets.next(view)).isTrue();
        assertThat(view.type()).isEqualTo(PacketType.INITIAL);
        assertThat(view.offset()).isZero();
        assertThat(view.end()).isEqualTo(handshakeStart);
        assertThat(packets.next(view)).isTrue();
        assertThat(view.type()).isEqualTo(PacketType.HANDSHAKE);
        assertThat(view.offset()).isEqualTo(handshakeStart);
        assertThat(view.end()).isEqualTo(shortStart);
        assertThat(packets.next(view)).isTrue();
        assertThat(view.type()).isEqualTo(PacketType.ONE_RTT);
        assertThat(view.offset()).isEqualTo(shortStart);
        assertThat(view.end()).isEqualTo(buf.limit());
        assertThat(packets.next(view)).isFalse();
        assertThat(packets.stop()).isEqualTo(CoalescedPackets.Stop.END_OF_DATAGRAM);
        assertThat(packets.discardedBytes()).isZero();
        // The view's slice is the packet's bytes, not a copy.
        assertThat(view.slice().get(0)).isEqualTo(buf.get(shortStart));
    }

    @Test
    void splitsV2PacketsToo_rfc9369_3_2() {
        ByteBuffer buf = ByteBuffer.allocate(1500);
        longPacket(buf, PacketType.INITIAL, QuicVersion.V2, CLIENT_CID, SERVER_CID, 100);
        longPacket(buf, PacketType.ZERO_RTT, QuicVersion.V2, CLIENT_CID, SERVER_CID, 100);
        buf.flip();
        assertThat(split(buf, new CoalescedPackets(8, false))).containsExactly(PacketType.INITIAL, PacketType.ZERO_RTT);
    }

    @Test
    void zeroPaddingAfterThePacketsIsNotAPacket_rfc9000_12_2() {
        ByteBuffer buf = ByteBuffer.allocate(1200);
        longPacket(buf, PacketType.INITIAL, QuicVersion.V1, SERVER_CID, CLIENT_CID, 100);
        int end = buf.position();
        buf.position(1200).flip();
        CoalescedPackets packets = new CoalescedPackets(8, false);
        assertThat(split(buf, packets)).containsExactly(PacketType.INITIAL);
        assertThat(packets.stop()).isEqualTo(CoalescedPackets.Stop.TRAILING_ZEROS);
        assertThat(packets.stopOffset()).isEqualTo(end);
        assertThat(packets.discardedBytes()).isEqualTo(1200 - end);
    }

    @Test
    void ignoresLaterPacketsWithAnotherDestinationConnectionId_rfc9000_12_2() {
        ByteBuffer buf = ByteBuffer.allocate(1500);
        longPacket(buf, PacketType.INITIAL, QuicVersion.V1, CLIENT_CID, SERVER_CID, 100);
        int second = buf.position();
        longPacket(buf, PacketType.HANDSHAKE, QuicVersion.V1, ConnectionId.fromHex("c1c2c3c4c5c6c7c9"), SERVER_CID, 100);
        longPacket(buf, PacketType.HANDSHAKE, QuicVersion.V1, CLIENT_CID, SERVER_CID, 100);
        buf.flip();
        CoalescedPackets packets = new CoalescedPackets(8, false);
        assertThat(split(buf, packets)).containsExactly(PacketType.INITIAL);
        assertThat(packets.stop()).isEqualTo(CoalescedPackets.Stop.DIFFERENT_DESTINATION_CONNECTION_ID);
        assertThat(packets.stopOffset()).isEqualTo(second);
    }

    @Test
    void aShortHeaderPacketWithAnotherConnectionIdLengthIsIgnored_rfc9000_12_2() {
        ByteBuffer buf = ByteBuffer.allocate(1500);
        longPacket(buf, PacketType.HANDSHAKE, QuicVersion.V1, SERVER_CID, CLIENT_CID, 100);
        shortPacket(buf, CLIENT_CID, 40);
        buf.flip();
        CoalescedPackets packets = new CoalescedPackets(8, false);
        assertThat(split(buf, packets)).containsExactly(PacketType.HANDSHAKE);
        assertThat(packets.stop()).isEqualTo(CoalescedPackets.Stop.DIFFERENT_DESTINATION_CONNECTION_ID);
    }

    @Test
    void stopsAtGarbageButKeepsThePacketsBeforeIt_rfc9000_12_2() {
        ByteBuffer buf = ByteBuffer.allocate(1500);
        longPacket(buf, PacketType.INITIAL, QuicVersion.V1, CLIENT_CID, SERVER_CID, 100);
        int garbage = buf.position();
        buf.put((byte) 0x13).put(new byte[30]).flip();
        CoalescedPackets packets = new CoalescedPackets(8, false);
        assertThat(split(buf, packets)).containsExactly(PacketType.INITIAL);
        assertThat(packets.stop()).isEqualTo(CoalescedPackets.Stop.MALFORMED);
        assertThat(view.outcome()).isEqualTo(ParseOutcome.DROP_FIXED_BIT_CLEAR);
        assertThat(packets.stopOffset()).isEqualTo(garbage);
    }

    @Test
    void aMalformedFirstPacketYieldsNothing() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {(byte) 0xc0, 0, 0});
        CoalescedPackets packets = new CoalescedPackets(8, false);
        assertThat(split(buf, packets)).isEmpty();
        assertThat(packets.stop()).isEqualTo(CoalescedPackets.Stop.MALFORMED);
        assertThat(view.outcome()).isEqualTo(ParseOutcome.DROP_TRUNCATED);
        assertThat(packets.discardedBytes()).isEqualTo(3);
    }

    @Test
    void anUnsupportedVersionIsHandedOutWithItsInvariantFields_rfc8999_5_1() {
        ByteBuffer buf = ByteBuffer.allocate(1200);
        buf.put((byte) 0xc0).putInt(0xff00001d).put((byte) 4).putInt(0x01020304).put((byte) 0);
        buf.position(0);
        CoalescedPackets packets = new CoalescedPackets(8, false);
        packets.reset(buf);
        assertThat(packets.next(view)).isTrue();
        assertThat(view.outcome()).isEqualTo(ParseOutcome.UNSUPPORTED_VERSION);
        assertThat(view.destinationConnectionId()).isEqualTo(ConnectionId.fromHex("01020304"));
        assertThat(packets.next(view)).isFalse();
        assertThat(packets.stop()).isEqualTo(CoalescedPackets.Stop.END_OF_DATAGRAM);
    }

    @Test
    void startsAtTheBufferPositionAndIsReusable() {
        ByteBuffer buf = ByteBuffer.allocate(1500);
        buf.put(new byte[10]);
        longPacket(buf, PacketType.HANDSHAKE, QuicVersion.V1, CLIENT_CID, SERVER_CID, 30);
        buf.flip().position(10);
        CoalescedPackets packets = new CoalescedPackets(8, false);
        assertThat(split(buf, packets)).containsExactly(PacketType.HANDSHAKE);
        assertThat(view.offset()).isEqualTo(10);
        assertThat(split(buf, packets)).containsExactly(PacketType.HANDSHAKE);
        assertThat(buf.position()).isEqualTo(10);
        assertThat(packets.next(view)).isFalse();
    }
}
