package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9001 Appendix A.2, A.3, A.5 and RFC 9369 Appendix A.2, A.3, A.5, byte for byte: protect the
 * given unprotected packet and compare the whole protected packet, then remove protection again.
 * Each runs on a heap and on a direct buffer, since the AEAD takes different JCA paths for them.
 */
class SamplePacketProtectionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DCID = HEX.parseHex(RfcSamples.CLIENT_DCID);

    static Stream<Arguments> initials() {
        return Stream.of(
                Arguments.of("RFC 9001 A.2 client", VersionLabels.QUIC_V1, true,
                        "c300000001088394c8f03e5157080000449e00000002", 18, 4, 2L, clientPayload(),
                        RfcSamples.V1_CLIENT_INITIAL, false),
                Arguments.of("RFC 9001 A.2 client", VersionLabels.QUIC_V1, true,
                        "c300000001088394c8f03e5157080000449e00000002", 18, 4, 2L, clientPayload(),
                        RfcSamples.V1_CLIENT_INITIAL, true),
                Arguments.of("RFC 9001 A.3 server", VersionLabels.QUIC_V1, false,
                        "c1000000010008f067a5502a4262b50040750001", 18, 2, 1L, RfcSamples.SERVER_PAYLOAD,
                        RfcSamples.V1_SERVER_INITIAL, false),
                Arguments.of("RFC 9001 A.3 server", VersionLabels.QUIC_V1, false,
                        "c1000000010008f067a5502a4262b50040750001", 18, 2, 1L, RfcSamples.SERVER_PAYLOAD,
                        RfcSamples.V1_SERVER_INITIAL, true),
                Arguments.of("RFC 9369 A.2 client", VersionLabels.QUIC_V2, true,
                        "d36b3343cf088394c8f03e5157080000449e00000002", 18, 4, 2L, clientPayload(),
                        RfcSamples.V2_CLIENT_INITIAL, false),
                Arguments.of("RFC 9369 A.2 client", VersionLabels.QUIC_V2, true,
                        "d36b3343cf088394c8f03e5157080000449e00000002", 18, 4, 2L, clientPayload(),
                        RfcSamples.V2_CLIENT_INITIAL, true),
                Arguments.of("RFC 9369 A.3 server", VersionLabels.QUIC_V2, false,
                        "d16b3343cf0008f067a5502a4262b50040750001", 18, 2, 1L, RfcSamples.SERVER_PAYLOAD,
                        RfcSamples.V2_SERVER_INITIAL, false),
                Arguments.of("RFC 9369 A.3 server", VersionLabels.QUIC_V2, false,
                        "d16b3343cf0008f067a5502a4262b50040750001", 18, 2, 1L, RfcSamples.SERVER_PAYLOAD,
                        RfcSamples.V2_SERVER_INITIAL, true));
    }

    private static String clientPayload() {
        return RfcSamples.CLIENT_CRYPTO_FRAME + "00".repeat(1162 - RfcSamples.CLIENT_CRYPTO_FRAME.length() / 2);
    }

    @ParameterizedTest(name = "{0}, direct={9}")
    @MethodSource("initials")
    void protectsInitialByteForByte_rfc9001_A2_A3_rfc9369_A2_A3(String name, int version, boolean fromClient,
            String header, int pnOffset, int pnLength, long pn, String payload, String expected, boolean direct) {
        ByteBuffer buf = unprotected(header, payload, direct);
        int end = InitialSecrets.derive(version, DCID).sealer(fromClient)
                .seal(buf, 0, pnOffset, pnLength, buf.limit() - CipherSuite.TAG_LENGTH, pn);

        assertThat(end).isEqualTo(expected.length() / 2);
        assertThat(hex(buf, end)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}, direct={9}")
    @MethodSource("initials")
    void opensInitialOfRfcSample_rfc9001_A2_A3_rfc9369_A2_A3(String name, int version, boolean fromClient,
            String header, int pnOffset, int pnLength, long pn, String payload, String protectedHex, boolean direct) {
        ByteBuffer buf = buffer(HEX.parseHex(protectedHex), direct);
        // The receiver is the other endpoint: it opens with the sender's secret.
        PacketOpener opener = InitialSecrets.derive(version, DCID).opener(!fromClient, new AuthenticationFailures());

        assertThat(opener.removeHeaderProtection(buf, 0, pnOffset, buf.limit())).isEqualTo(pnLength);
        assertThat(hex(buf, pnOffset + pnLength)).isEqualTo(header);
        assertThat(opener.open(buf, 0, pnOffset + pnLength, buf.limit(), pn)).isTrue();
        byte[] plain = new byte[buf.limit() - pnOffset - pnLength - CipherSuite.TAG_LENGTH];
        buf.get(pnOffset + pnLength, plain);
        assertThat(HEX.formatHex(plain)).isEqualTo(payload);
    }

    static Stream<Arguments> chacha() {
        return Stream.of(
                Arguments.of(VersionLabels.QUIC_V1, "4cfe4189655e5cd55c41f69080575d7999c25a5bfb", false),
                Arguments.of(VersionLabels.QUIC_V1, "4cfe4189655e5cd55c41f69080575d7999c25a5bfb", true),
                Arguments.of(VersionLabels.QUIC_V2, "5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba", false),
                Arguments.of(VersionLabels.QUIC_V2, "5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba", true));
    }

    private static final byte[] A5_SECRET =
            HEX.parseHex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
    private static final long A5_PN = 654360564L;

    @ParameterizedTest(name = "version {0}, direct={2}")
    @MethodSource("chacha")
    void protectsChaCha20ShortHeaderByteForByte_rfc9001_A5_rfc9369_A5(int version, String expected, boolean direct) {
        ByteBuffer buf = unprotected("4200bff4", "01", direct);
        int end = PacketSealer.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, A5_SECRET, version)
                .seal(buf, 0, 1, 3, 5, A5_PN);

        assertThat(end).isEqualTo(21);
        assertThat(hex(buf, end)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "version {0}, direct={2}")
    @MethodSource("chacha")
    void opensChaCha20ShortHeader_rfc9001_A5_rfc9369_A5(int version, String protectedHex, boolean direct) {
        ByteBuffer buf = buffer(HEX.parseHex(protectedHex), direct);
        PacketOpener opener = PacketOpener.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, A5_SECRET, version,
                new AuthenticationFailures());

        assertThat(opener.removeHeaderProtection(buf, 0, 1, 21)).isEqualTo(3);
        assertThat(hex(buf, 4)).isEqualTo("4200bff4");
        assertThat(opener.open(buf, 0, 4, 21, A5_PN)).isTrue();
        assertThat(buf.get(4)).isEqualTo((byte) 0x01);
    }

    @ParameterizedTest(name = "version {0}, direct={2}")
    @MethodSource("chacha")
    void oneRttProtectionSealsTheSameChaCha20Packet_rfc9001_A5(int version, String expected, boolean direct) {
        ByteBuffer buf = unprotected("4200bff4", "01", direct);
        OneRttProtection server = OneRttProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                new byte[32], A5_SECRET, version, new AuthenticationFailures());

        int end = server.seal(buf, 0, 1, 3, 5, A5_PN);

        assertThat(hex(buf, end)).isEqualTo(expected);
    }

    private static ByteBuffer unprotected(String header, String payload, boolean direct) {
        byte[] h = HEX.parseHex(header);
        byte[] p = HEX.parseHex(payload);
        byte[] all = new byte[h.length + p.length + CipherSuite.TAG_LENGTH];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(p, 0, all, h.length, p.length);
        return buffer(all, direct);
    }

    static ByteBuffer buffer(byte[] bytes, boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        b.put(bytes).clear();
        return b;
    }

    static String hex(ByteBuffer buf, int end) {
        byte[] out = new byte[end];
        buf.get(0, out);
        return HEX.formatHex(out);
    }
}
