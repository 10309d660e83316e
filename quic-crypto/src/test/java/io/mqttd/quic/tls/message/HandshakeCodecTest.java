package io.mqttd.quic.tls.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.tls.Alert;
import io.mqttd.quic.tls.TlsAlertException;
import io.mqttd.quic.tls.message.Extension.*;
import io.mqttd.quic.tls.message.HandshakeMessage.*;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeCodecTest {
    /** RFC 8448 §3 ClientHello: it carries renegotiation_info, session_ticket and record_size_limit, which this engine does not know. */
    static final byte[] TRACE_CLIENT_HELLO = io.mqttd.quic.tls.Rfc8448Trace.S3_CLIENT_HELLO;

    static HandshakeMessage decode(byte[] full) {
        return HandshakeCodec.decode(full[0] & 0xff, Arrays.copyOfRange(full, 4, full.length));
    }

    @Test
    void decodesAndReencodesTraceClientHelloByteForByte_rfc8446_4_1_2() {
        ClientHello ch = (ClientHello) decode(TRACE_CLIENT_HELLO);
        assertThat(ch.cipherSuites()).containsExactly(0x1301, 0x1303, 0x1302);
        assertThat(ExtensionCodec.find(ch.extensions(), ServerName.class).hostName()).isEqualTo("server");
        assertThat(ExtensionCodec.find(ch.extensions(), KeyShareClientHello.class).shares()).hasSize(1);
        assertThat(ExtensionCodec.find(ch.extensions(), SupportedVersions.class).versions()).containsExactly(0x0304);
        assertThat(ch.extensions()).filteredOn(e -> e instanceof Unknown).extracting(Extension::type)
                .containsExactly(0xff01, 0x23, 0x1c);
        assertThat(HandshakeCodec.encode(ch)).isEqualTo(TRACE_CLIENT_HELLO);
    }

    @Test
    void roundTripsEveryMessage_rfc8446_4() {
        List<HandshakeMessage> messages = List.of(
                new ServerHello(new byte[32], new byte[0], 0x1301, List.of(new SelectedVersion(0x0304),
                        new KeyShareServerHello(new KeyShareEntry(0x1d, new byte[32])), new PreSharedKeyServerHello(0))),
                new ServerHello(ServerHello.HELLO_RETRY_REQUEST_RANDOM.clone(), new byte[0], 0x1302,
                        List.of(new SelectedVersion(0x0304), new KeyShareHelloRetryRequest(0x17), new Cookie(new byte[] {9}))),
                new EncryptedExtensions(List.of(new Alpn(List.of("mqtt")), new QuicTransportParameters(new byte[] {1, 2}),
                        new EarlyData(-1), new ServerName(null))),
                new CertificateRequest(new byte[0], List.of(new SignatureAlgorithms(List.of(0x0403, 0x0804), false),
                        new SignatureAlgorithms(List.of(0x0401), true))),
                new Certificate(new byte[0], List.of(new CertificateEntry(new byte[] {1, 2, 3}, List.of()))),
                new CertificateVerify(0x0403, new byte[] {5, 6}),
                new Finished(new byte[32]),
                new NewSessionTicket(3600, 0xfedcba98L, new byte[] {0}, new byte[] {1, 2, 3}, List.of(new EarlyData(0xffffffffL))));
        for (HandshakeMessage m : messages) {
            byte[] encoded = HandshakeCodec.encode(m);
            HandshakeMessage back = decode(encoded);
            assertThat(back.getClass()).isEqualTo(m.getClass());
            assertThat(HandshakeCodec.encode(back)).isEqualTo(encoded);
        }
        assertThat(((ServerHello) decode(HandshakeCodec.encode(messages.get(1)))).isHelloRetryRequest()).isTrue();
        assertThat(((ServerHello) decode(HandshakeCodec.encode(messages.get(0)))).isHelloRetryRequest()).isFalse();
    }

    @Test
    void refusesDuplicateExtension_rfc8446_4_2() {
        EncryptedExtensions ee = new EncryptedExtensions(List.of(new Alpn(List.of("a")), new Alpn(List.of("b"))));
        assertAlert(HandshakeCodec.encode(ee), Alert.ILLEGAL_PARAMETER);
    }

    @Test
    void refusesKnownExtensionInWrongMessage_rfc8446_4_2() {
        EncryptedExtensions ee = new EncryptedExtensions(List.of(new Cookie(new byte[] {1})));
        assertAlert(HandshakeCodec.encode(ee), Alert.ILLEGAL_PARAMETER);
    }

    @Test
    void ignoresUnknownAndGreaseExtensions_rfc8701() {
        EncryptedExtensions ee = new EncryptedExtensions(List.of(new Unknown(0x0a0a, new byte[0]), new Unknown(0xfafa, new byte[] {0})));
        assertThat(((EncryptedExtensions) decode(HandshakeCodec.encode(ee))).extensions()).hasSize(2);
    }

    @Test
    void refusesPreSharedKeyThatIsNotLast_rfc8446_4_2_11() {
        ClientHello ch = (ClientHello) decode(TRACE_CLIENT_HELLO);
        List<Extension> ext = new java.util.ArrayList<>(ch.extensions());
        ext.add(0, new PreSharedKeyClientHello(List.of(new PskIdentity(new byte[] {1}, 0)), List.of(new byte[32])));
        assertAlert(HandshakeCodec.encode(new ClientHello(ch.random(), ch.legacySessionId(), ch.cipherSuites(), ext)),
                Alert.ILLEGAL_PARAMETER);
    }

    @Test
    void refusesKeyUpdateAndEndOfEarlyData_rfc9001_6_and_8_3() {
        assertAlert(new byte[] {24, 0, 0, 1, 0}, Alert.UNEXPECTED_MESSAGE);
        assertAlert(new byte[] {5, 0, 0, 0}, Alert.UNEXPECTED_MESSAGE);
        assertAlert(new byte[] {99, 0, 0, 0}, Alert.UNEXPECTED_MESSAGE);
    }

    @Test
    void refusesTruncatedAndOverlongBodiesWithDecodeError_rfc8446_6_2() {
        byte[] truncated = Arrays.copyOf(TRACE_CLIENT_HELLO, TRACE_CLIENT_HELLO.length - 1);
        assertAlert(truncated, Alert.DECODE_ERROR);
        byte[] extended = Arrays.copyOf(TRACE_CLIENT_HELLO, TRACE_CLIENT_HELLO.length + 1);
        assertAlert(extended, Alert.DECODE_ERROR);
    }

    @Test
    void refusesNonNullCompression_rfc8446_4_1_2() {
        byte[] bad = TRACE_CLIENT_HELLO.clone();
        // compression_methods follow: header 4 + version 2 + random 32 + session id 1 + suites 2+6 = 47; length at 47, value at 48.
        bad[48] = 1;
        assertAlert(bad, Alert.ILLEGAL_PARAMETER);
    }

    static void assertAlert(byte[] full, int alert) {
        assertThatThrownBy(() -> decode(full)).isInstanceOfSatisfying(TlsAlertException.class,
                e -> assertThat(e.alert()).as(e.toString()).isEqualTo(alert));
    }
}
