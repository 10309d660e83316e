package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The unprotected Initial payloads of RFC 9001 Appendix A.2 and A.3, written by another
 * implementation: decoded, checked field by field, and re-encoded to the same bytes. The
 * quic_transport_parameters extension inside the A.2 ClientHello is decoded too.
 */
class Rfc9001AppendixAVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 9001 §A.2: a CRYPTO frame carrying the ClientHello, before the PADDING. */
    private static final String CLIENT_CRYPTO_FRAME = ""
            + "060040f1010000ed0303ebf8fa56f129 39b9584a3896472ec40bb863cfd3e868"
            + "04fe3a47f06a2b69484c000004130113 02010000c000000010000e00000b6578"
            + "616d706c652e636f6dff01000100000a 00080006001d00170018001000070005"
            + "04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba"
            + "baf4559fedba753de171fa71f50f1ce1 5d43e994ec74d748002b000302030400"
            + "0d0010000e0403050306030203080408 050806002d00020101001c0002400100"
            + "3900320408ffffffffffffffff050480 00ffff07048000ffff08011001048000"
            + "75300901100f088394c8f03e51570806 048000ffff";

    /** RFC 9001 §A.3: an ACK frame and a CRYPTO frame carrying the ServerHello. */
    private static final String SERVER_PAYLOAD = ""
            + "02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739"
            + "88cfc79825df566dc5430b9a045a1200 130100002e00330024001d00209d3c94"
            + "0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00"
            + "020304";

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Test
    void decodesTheClientInitialPayloadOfCryptoAndPadding_rfc9001_A_2() {
        byte[] crypto = hex(CLIENT_CRYPTO_FRAME);
        ByteBuffer payload = ByteBuffer.allocate(1162).put(crypto);
        payload.clear();

        FrameReader reader = new FrameReader().reset(payload, PacketType.INITIAL);
        CryptoFrame frame = (CryptoFrame) reader.next();
        Frame padding = reader.next();

        assertThat(reader.hasNext()).isFalse();
        assertThat(frame.offset()).isZero();
        assertThat(frame.length()).isEqualTo(0xf1);
        assertThat(frame.data().get(0)).as("TLS ClientHello").isEqualTo((byte) 0x01);
        assertThat(padding).isEqualTo(new PaddingFrame(1162 - crypto.length));
        assertThat(FrameArbitraries.encode(List.of(frame, padding))).isEqualTo(payload);
    }

    @Test
    void decodesTheServerInitialPayloadOfAckAndCrypto_rfc9001_A_3() {
        ByteBuffer payload = ByteBuffer.wrap(hex(SERVER_PAYLOAD));

        List<Frame> frames = FrameReader.decodeAll(payload);

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isEqualTo(AckFrame.ofRange(0, 0, 0));
        CryptoFrame crypto = (CryptoFrame) frames.get(1);
        assertThat(crypto.offset()).isZero();
        assertThat(crypto.length()).isEqualTo(0x5a);
        assertThat(crypto.data().get(0)).as("TLS ServerHello").isEqualTo((byte) 0x02);
        assertThat(FrameArbitraries.encode(frames)).isEqualTo(payload);
    }

    @Test
    void decodesTheClientTransportParametersOfTheClientHello_rfc9001_A_2() {
        byte[] crypto = hex(CLIENT_CRYPTO_FRAME);
        // The extension is the last one of the ClientHello: type 0x0039, length 0x0032, 50 bytes.
        ByteBuffer extension = ByteBuffer.wrap(crypto, crypto.length - 50, 50);
        assertThat(crypto[crypto.length - 54]).isEqualTo((byte) 0x00);
        assertThat(crypto[crypto.length - 53]).isEqualTo((byte) 0x39);

        TransportParameters t = TransportParameters.decode(extension, EndpointRole.CLIENT);

        assertThat(t.initialMaxData()).isEqualTo(VarInt.MAX_VALUE);
        assertThat(t.initialMaxStreamDataBidiLocal()).isEqualTo(65535);
        assertThat(t.initialMaxStreamDataBidiRemote()).isEqualTo(65535);
        assertThat(t.initialMaxStreamDataUni()).isEqualTo(65535);
        assertThat(t.initialMaxStreamsBidi()).isEqualTo(16);
        assertThat(t.initialMaxStreamsUni()).isEqualTo(16);
        assertThat(t.maxIdleTimeoutMs()).isEqualTo(30_000);
        assertThat(t.initialSourceConnectionId()).isEqualTo(ConnectionId.fromHex("8394c8f03e515708"));
        assertThat(t.maxUdpPayloadSize()).isEqualTo(65527);
        assertThat(t.ackDelayExponent()).isEqualTo(3);
        // Our encoder orders by identifier, so the bytes differ from the vector but hold the same set.
        assertThat(t.encodedSize()).isEqualTo(50);
        assertThat(TransportParameters.decode(ByteBuffer.wrap(t.toBytes()), EndpointRole.CLIENT)).isEqualTo(t);
    }
}
