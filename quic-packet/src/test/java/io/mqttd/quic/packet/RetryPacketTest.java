package io.mqttd.quic.packet;

import static io.mqttd.quic.packet.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPacketTest {
    private static final ConnectionId ODCID = ConnectionId.fromHex("8394c8f03e515708");

    /**
     * The Retry Integrity Tag, computed here with the JDK only to prove that the pseudo-packet bytes
     * are the ones RFC 9001 §5.8 means: AES-128-GCM, empty plaintext, pseudo-packet as AAD.
     */
    private static byte[] tag(String key, String nonce, byte[] pseudoPacket) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hex(key), "AES"), new GCMParameterSpec(128, hex(nonce)));
        gcm.updateAAD(pseudoPacket);
        return gcm.doFinal();
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 9001 §5.8 and RFC 9369 §3.3.3 keys and nonces.
        "rfc9001, be0c690b9f66575a1d766b54e368c84e, 461599d35d632bf2239825bb",
        "rfc9369, 8fb4b01b56ac48e260fbcbcead7ccc92, d86969bc2d7c6d9990efb04a",
    })
    void pseudoPacketOfAppendixA4YieldsItsTag_rfc9001_5_8(String rfc, String key, String nonce) throws Exception {
        byte[] retry = Vectors.load(rfc + "-a4-retry");
        ProtectedPacket view = new ProtectedPacket();
        assertThat(view.parse(ByteBuffer.wrap(retry), 0, 0, false)).isEqualTo(ParseOutcome.OK);
        byte[] pseudo = RetryPacket.pseudoPacket(ODCID, view);
        byte[] expectedPseudo = new byte[1 + 8 + retry.length - 16];
        expectedPseudo[0] = 8;
        System.arraycopy(ODCID.toByteArray(), 0, expectedPseudo, 1, 8);
        System.arraycopy(retry, 0, expectedPseudo, 9, retry.length - 16);
        assertThat(pseudo).isEqualTo(expectedPseudo);
        assertThat(tag(key, nonce, pseudo)).isEqualTo(RetryPacket.integrityTag(view))
                .isEqualTo(Arrays.copyOfRange(retry, retry.length - 16, retry.length));
    }

    @ParameterizedTest
    @CsvSource({
        "rfc9001, be0c690b9f66575a1d766b54e368c84e, 461599d35d632bf2239825bb",
        "rfc9369, 8fb4b01b56ac48e260fbcbcead7ccc92, d86969bc2d7c6d9990efb04a",
    })
    void buildsTheRetryOfAppendixA4ByteForByte_rfc9000_17_2_5(String rfc, String key, String nonce) throws Exception {
        QuicVersion version = rfc.equals("rfc9001") ? QuicVersion.V1 : QuicVersion.V2;
        RetryPacket retry = new RetryPacket(version, ConnectionId.EMPTY, ConnectionId.fromHex("f067a5502a4262b5"),
                "token".getBytes(StandardCharsets.US_ASCII));
        byte[] integrityTag = tag(key, nonce, retry.pseudoPacket(ODCID));
        ByteBuffer buf = ByteBuffer.allocate(retry.encodedLength());
        retry.writeTo(buf, integrityTag);
        // The RFC's server happened to send the Unused bits as 0xf (v1) / 0xf (v2); ours are 0, so
        // compare everything but those four bits, and check the tag over what we send.
        byte[] expected = Vectors.load(rfc + "-a4-retry");
        byte[] actual = buf.array();
        assertThat(actual.length).isEqualTo(expected.length);
        assertThat(actual[0] & 0xf0).isEqualTo(expected[0] & 0xf0);
        assertThat(Arrays.copyOfRange(actual, 1, actual.length - 16))
                .isEqualTo(Arrays.copyOfRange(expected, 1, expected.length - 16));
        ProtectedPacket view = new ProtectedPacket();
        assertThat(view.parse(ByteBuffer.wrap(actual), 0, 0, false)).isEqualTo(ParseOutcome.OK);
        assertThat(RetryPacket.from(view)).isEqualTo(retry);
        assertThat(tag(key, nonce, RetryPacket.pseudoPacket(ODCID, view))).isEqualTo(RetryPacket.integrityTag(view));
    }

    @Test
    void pseudoPacketCoversTheUnusedBitsAsReceived_rfc9001_5_8() {
        byte[] retry = Vectors.load("rfc9001-a4-retry");
        ProtectedPacket view = new ProtectedPacket();
        view.parse(ByteBuffer.wrap(retry), 0, 0, false);
        byte[] asReceived = RetryPacket.pseudoPacket(ODCID, view);
        retry[0] ^= 0x05;
        view.parse(ByteBuffer.wrap(retry), 0, 0, false);
        assertThat(RetryPacket.pseudoPacket(ODCID, view)).isNotEqualTo(asReceived);
    }

    @Test
    void fromRejectsAViewThatIsNotARetry() {
        ProtectedPacket view = new ProtectedPacket();
        view.parse(ByteBuffer.wrap(Vectors.load("rfc9001-a3-server-initial")), 0, 0, false);
        assertThatThrownBy(() -> RetryPacket.from(view)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPacket.pseudoPacket(ODCID, view)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueSemanticsCopyTheToken() {
        byte[] token = {1, 2, 3};
        RetryPacket a = new RetryPacket(QuicVersion.V1, ConnectionId.EMPTY, ODCID, token);
        token[0] = 9;
        assertThat(a.token()).containsExactly(1, 2, 3);
        assertThat(a).isEqualTo(new RetryPacket(QuicVersion.V1, ConnectionId.EMPTY, ODCID, new byte[] {1, 2, 3}));
        assertThat(a.hashCode()).isEqualTo(new RetryPacket(QuicVersion.V1, ConnectionId.EMPTY, ODCID, new byte[] {1, 2, 3}).hashCode());
        assertThat(a).isNotEqualTo(new RetryPacket(QuicVersion.V2, ConnectionId.EMPTY, ODCID, new byte[] {1, 2, 3}));
    }

    @Test
    void refusesATagOfTheWrongSizeAndUnsupportedVersions() {
        RetryPacket retry = new RetryPacket(QuicVersion.V1, ConnectionId.EMPTY, ODCID, new byte[] {1});
        assertThatThrownBy(() -> retry.writeTo(ByteBuffer.allocate(64), new byte[15]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPacket(new QuicVersion(0x1a2a3a4a), ConnectionId.EMPTY, ODCID, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
