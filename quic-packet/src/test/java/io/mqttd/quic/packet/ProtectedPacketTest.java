package io.mqttd.quic.packet;

import static io.mqttd.quic.packet.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectedPacketTest {
    private final ProtectedPacket view = new ProtectedPacket();

    private ParseOutcome parse(byte[] bytes) {
        return view.parse(ByteBuffer.wrap(bytes), 0, 8, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9001", "rfc9369"})
    void readsTheProtectedClientInitialOfAppendixA2(String rfc) {
        byte[] packet = Vectors.load(rfc + "-a2-client-initial");
        // A direct buffer too: the parser must not rely on array().
        ByteBuffer direct = ByteBuffer.allocateDirect(packet.length).put(packet).flip();
        assertThat(view.parse(direct, 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.isLongHeader()).isTrue();
        assertThat(view.type()).isEqualTo(PacketType.INITIAL);
        assertThat(view.version()).isSameAs(rfc.equals("rfc9001") ? QuicVersion.V1 : QuicVersion.V2);
        assertThat(view.destinationConnectionId()).isEqualTo(ConnectionId.fromHex("8394c8f03e515708"));
        assertThat(view.destinationConnectionIdEquals(ConnectionId.fromHex("8394c8f03e515708"))).isTrue();
        assertThat(view.sourceConnectionId()).isEqualTo(ConnectionId.EMPTY);
        assertThat(view.tokenOffset()).isEqualTo(16);
        assertThat(view.tokenLength()).isZero();
        assertThat(view.lengthFieldOffset()).isEqualTo(16);
        assertThat(view.lengthField()).isEqualTo(1182);
        assertThat(view.packetNumberOffset()).isEqualTo(18);
        assertThat(view.headerLength()).isEqualTo(18);
        assertThat(view.sampleOffset()).isEqualTo(22);
        assertThat(view.end()).isEqualTo(1200);
        assertThat(view.size()).isEqualTo(1200);
        // The sample the RFCs print for this packet starts at the offset the view gives.
        byte[] sample = new byte[16];
        direct.get(view.sampleOffset(), sample);
        assertThat(sample).isEqualTo(hex(rfc.equals("rfc9001")
                ? "d1b1c98dd7689fb8ec11d242b123dc9b" : "ffe67b6abcdb4298b485dd04de806071"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9001", "rfc9369"})
    void readsTheProtectedServerInitialOfAppendixA3(String rfc) {
        byte[] packet = Vectors.load(rfc + "-a3-server-initial");
        assertThat(parse(packet)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.INITIAL);
        assertThat(view.destinationConnectionIdLength()).isZero();
        assertThat(view.sourceConnectionId()).isEqualTo(ConnectionId.fromHex("f067a5502a4262b5"));
        assertThat(view.tokenLength()).isZero();
        assertThat(view.lengthField()).isEqualTo(0x75);
        assertThat(view.packetNumberOffset()).isEqualTo(18);
        assertThat(view.end()).isEqualTo(135);
        // A.3: "the header protection sample is taken starting from the third protected byte":
        // the 2-byte packet number plus 2 payload bytes, i.e. pnOffset + 4.
        byte[] sample = Arrays.copyOfRange(packet, view.sampleOffset(), view.sampleOffset() + 16);
        assertThat(sample).isEqualTo(hex(rfc.equals("rfc9001")
                ? "2cd0991cd25b0aac406a5816b6394100" : "6f05d8a4398c47089698baeea26b91eb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9001", "rfc9369"})
    void readsTheRetryOfAppendixA4(String rfc) {
        byte[] packet = Vectors.load(rfc + "-a4-retry");
        assertThat(parse(packet)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.RETRY);
        assertThat(view.version()).isEqualTo(rfc.equals("rfc9001") ? QuicVersion.V1 : QuicVersion.V2);
        assertThat(view.destinationConnectionIdLength()).isZero();
        assertThat(view.sourceConnectionId()).isEqualTo(ConnectionId.fromHex("f067a5502a4262b5"));
        assertThat(view.token()).isEqualTo(ByteBuffer.wrap("token".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(view.integrityTagOffset()).isEqualTo(packet.length - 16);
        assertThat(view.packetNumberOffset()).isEqualTo(-1);
        assertThat(view.sampleOffset()).isEqualTo(-1);
        assertThat(view.end()).isEqualTo(packet.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9001", "rfc9369"})
    void readsTheShortHeaderOfAppendixA5(String rfc) {
        byte[] packet = Vectors.load(rfc + "-a5-short-header");
        assertThat(view.parse(ByteBuffer.wrap(packet), 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.isLongHeader()).isFalse();
        assertThat(view.type()).isEqualTo(PacketType.ONE_RTT);
        assertThat(view.version()).isNull();
        assertThat(view.destinationConnectionIdLength()).isZero();
        assertThat(view.packetNumberOffset()).isEqualTo(1);
        assertThat(view.sampleOffset()).isEqualTo(5);
        // "the smallest possible packet size of 21 bytes": exactly room for the sample.
        assertThat(view.end()).isEqualTo(21);
        assertThat(view.parse(ByteBuffer.wrap(Arrays.copyOf(packet, 20)), 0, 0, false))
                .isEqualTo(ParseOutcome.DROP_TOO_SHORT_FOR_SAMPLE);
    }

    @Test
    void shortHeaderTakesTheDcidLengthFromTheCaller_rfc9000_17_3_1() {
        byte[] packet = new byte[40];
        packet[0] = 0x41;
        for (int i = 1; i <= 8; i++) {
            packet[i] = (byte) i;
        }
        assertThat(view.parse(ByteBuffer.wrap(packet), 0, 8, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.destinationConnectionId()).isEqualTo(ConnectionId.fromHex("0102030405060708"));
        assertThat(view.packetNumberOffset()).isEqualTo(9);
        assertThat(view.end()).isEqualTo(40);
        assertThatThrownBy(view::sourceConnectionId).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void dropsALongHeaderWithAClearFixedBit_rfc9000_17_2() {
        byte[] packet = Vectors.load("rfc9001-a2-client-initial");
        packet[0] &= ~0x40;
        assertThat(parse(packet)).isEqualTo(ParseOutcome.DROP_FIXED_BIT_CLEAR);
    }

    @Test
    void acceptsAClearFixedBitWhenGreaseQuicBitWasNegotiated_rfc9287() {
        byte[] packet = Vectors.load("rfc9001-a2-client-initial");
        packet[0] &= ~0x40;
        assertThat(view.parse(ByteBuffer.wrap(packet), 0, 0, true)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.INITIAL);
    }

    @Test
    void dropsAShortHeaderWithAClearFixedBit_rfc9000_17_3_1() {
        byte[] packet = Vectors.load("rfc9001-a5-short-header");
        packet[0] &= ~0x40;
        assertThat(view.parse(ByteBuffer.wrap(packet), 0, 0, false)).isEqualTo(ParseOutcome.DROP_FIXED_BIT_CLEAR);
        assertThat(view.parse(ByteBuffer.wrap(packet), 0, 0, true)).isEqualTo(ParseOutcome.OK);
    }

    @Test
    void dropsAV1LongHeaderWithAConnectionIdOver20Bytes_rfc9000_17_2() {
        ByteBuffer buf = ByteBuffer.allocate(100);
        buf.put((byte) 0xc0).putInt(1).put((byte) 21).put(new byte[21]).put((byte) 0).put((byte) 0).put((byte) 0x40)
                .put((byte) 30).put(new byte[30]).flip();
        assertThat(view.parse(buf, 0, 0, false)).isEqualTo(ParseOutcome.DROP_CONNECTION_ID_TOO_LONG);
    }

    @Test
    void readsTheInvariantFieldsOfAnyVersionWith255ByteConnectionIds_rfc8999_5_1() {
        byte[] dcid = new byte[255];
        byte[] scid = new byte[255];
        Arrays.fill(dcid, (byte) 0xd1);
        Arrays.fill(scid, (byte) 0x5c);
        ByteBuffer buf = ByteBuffer.allocate(1200);
        // Version-specific bits all zero, Fixed Bit included: meaningless for an unknown version.
        buf.put((byte) 0x80).putInt(0x1a2a3a4a).put((byte) 255).put(dcid).put((byte) 255).put(scid)
                .put(new byte[100]).flip();
        assertThat(view.parse(buf, 0, 0, false)).isEqualTo(ParseOutcome.UNSUPPORTED_VERSION);
        assertThat(view.outcome().isDrop()).isFalse();
        assertThat(view.isLongHeader()).isTrue();
        assertThat(view.versionValue()).isEqualTo(0x1a2a3a4a);
        assertThat(view.type()).isNull();
        assertThat(view.destinationConnectionId().toByteArray()).isEqualTo(dcid);
        assertThat(view.sourceConnectionId().toByteArray()).isEqualTo(scid);
        assertThat(view.end()).isEqualTo(buf.limit());
        assertThat(view.packetNumberOffset()).isEqualTo(-1);
    }

    @Test
    void everyTruncationOfAnInitialIsDropped_rfc9000_17_2() {
        byte[] packet = Vectors.load("rfc9001-a2-client-initial");
        for (int cut = 0; cut < packet.length; cut++) {
            ParseOutcome outcome = parse(Arrays.copyOf(packet, cut));
            assertThat(outcome.isDrop()).as("cut at %d", cut).isTrue();
            // Until the Length field is complete the header itself is truncated; after that the
            // Length field points past the end.
            assertThat(outcome).as("cut at %d", cut).isEqualTo(
                    cut < 18 ? ParseOutcome.DROP_TRUNCATED : ParseOutcome.DROP_LENGTH_EXCEEDS_DATAGRAM);
        }
    }

    @Test
    void dropsAnInitialWhoseTokenRunsPastTheDatagram_rfc9000_17_2_2() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        buf.put((byte) 0xc0).putInt(1).put((byte) 0).put((byte) 0).put((byte) 0x7f).put(new byte[40]).flip();
        assertThat(view.parse(buf, 0, 0, false)).isEqualTo(ParseOutcome.DROP_TRUNCATED);
    }

    @Test
    void readsTheInitialToken_rfc9000_17_2_2() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        buf.put((byte) 0xc0).putInt(1).put((byte) 0).put((byte) 0).put((byte) 3).put(hex("aabbcc"))
                .put((byte) 25).put(new byte[25]).flip();
        assertThat(view.parse(buf, 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.tokenOffset()).isEqualTo(8);
        assertThat(view.token()).isEqualTo(ByteBuffer.wrap(hex("aabbcc")));
        assertThat(view.lengthField()).isEqualTo(25);
        assertThat(view.packetNumberOffset()).isEqualTo(12);
        assertThat(view.end()).isEqualTo(12 + 25);
    }

    @Test
    void dropsAPacketTooShortForTheHeaderProtectionSample_rfc9001_5_4_2() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        // A Handshake packet whose Length (19) leaves one byte less than pn offset + 4 + 16.
        buf.put((byte) 0xe0).putInt(1).put((byte) 0).put((byte) 0).put((byte) 19).put(new byte[19]).flip();
        assertThat(view.parse(buf, 0, 0, false)).isEqualTo(ParseOutcome.DROP_TOO_SHORT_FOR_SAMPLE);
        buf.put(7, (byte) 20).limit(buf.limit() + 1);
        assertThat(view.parse(buf, 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.HANDSHAKE);
    }

    @Test
    void dropsVersionNegotiationWithoutOrWithATruncatedVersion_rfc8999_6() {
        byte[] empty = hex("8000000000000401020304");
        assertThat(parse(empty)).isEqualTo(ParseOutcome.DROP_INVALID_VERSION_LIST);
        byte[] truncated = hex("800000000000040102030400000001ff");
        assertThat(parse(hex("80000000000004010203"))).isEqualTo(ParseOutcome.DROP_TRUNCATED);
        assertThat(parse(truncated)).isEqualTo(ParseOutcome.DROP_INVALID_VERSION_LIST);
        byte[] ok = hex("800000000000040102030400000001");
        assertThat(parse(ok)).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.VERSION_NEGOTIATION);
        assertThat(view.supportedVersionCount()).isEqualTo(1);
        assertThat(view.supportedVersion(0)).isEqualTo(1);
    }

    @Test
    void versionNegotiationIgnoresTheUnusedBits_rfc9000_17_2_1() {
        // Fixed Bit clear: still a Version Negotiation packet.
        assertThat(parse(hex("8000000000000000000001"))).isEqualTo(ParseOutcome.OK);
        assertThat(view.type()).isEqualTo(PacketType.VERSION_NEGOTIATION);
    }

    @Test
    void dropsARetryTooShortForItsTag_rfc9000_17_2_5() {
        byte[] retry = Vectors.load("rfc9001-a4-retry");
        // Header is 15 bytes (no DCID, 8-byte SCID); keep 15 of the 16 tag bytes only.
        assertThat(parse(Arrays.copyOf(retry, 15 + 15))).isEqualTo(ParseOutcome.DROP_RETRY_TOO_SHORT);
        assertThat(parse(Arrays.copyOf(retry, 15 + 16))).isEqualTo(ParseOutcome.OK);
        assertThat(view.tokenLength()).isZero();
    }

    @Test
    void emptyInputIsTruncatedAndABadOffsetIsALocalError() {
        assertThat(parse(new byte[0])).isEqualTo(ParseOutcome.DROP_TRUNCATED);
        assertThat(view.parse(ByteBuffer.wrap(new byte[4]), 4, 0, false)).isEqualTo(ParseOutcome.DROP_TRUNCATED);
        assertThatThrownBy(() -> view.parse(ByteBuffer.wrap(new byte[4]), 5, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> view.parse(ByteBuffer.wrap(new byte[4]), 0, 21, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseLeavesTheBufferPositionAndLimitAlone() {
        ByteBuffer buf = ByteBuffer.wrap(Vectors.load("rfc9001-a2-client-initial"));
        buf.position(0).limit(1200);
        view.parse(buf, 0, 0, false);
        assertThat(buf.position()).isZero();
        assertThat(buf.limit()).isEqualTo(1200);
    }

    @Test
    void fieldsOfAnEarlierPacketDoNotLeakIntoAShorterOne() {
        parse(Vectors.load("rfc9001-a2-client-initial"));
        assertThat(view.parse(ByteBuffer.wrap(Vectors.load("rfc9001-a5-short-header")), 0, 0, false))
                .isEqualTo(ParseOutcome.OK);
        assertThat(view.tokenOffset()).isEqualTo(-1);
        assertThat(view.lengthField()).isEqualTo(-1);
        assertThat(view.sourceConnectionIdLength()).isEqualTo(-1);
    }
}
