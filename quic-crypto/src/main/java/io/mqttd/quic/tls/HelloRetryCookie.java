package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.Hkdf;
import io.mqttd.quic.tls.message.WireReader;
import io.mqttd.quic.tls.message.WireWriter;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The HelloRetryRequest cookie (RFC 8446 §4.2.2): the negotiated suite, the requested group and
 * Hash(ClientHello1), authenticated with HMAC-SHA256 under a server key. It carries everything
 * needed to rebuild the transcript (message_hash + HelloRetryRequest, §4.4.1), so a server that
 * kept no state after sending the HelloRetryRequest can still finish the handshake.
 */
final class HelloRetryCookie {
    private static final int TAG_LENGTH = 32;

    /** What a valid cookie says. */
    record Contents(CipherSuite suite, NamedGroup group, byte[] clientHello1Hash) {
    }

    private HelloRetryCookie() {
    }

    static byte[] create(byte[] key, CipherSuite suite, NamedGroup group, byte[] clientHello1Hash) {
        WireWriter w = new WireWriter(8 + clientHello1Hash.length + TAG_LENGTH);
        w.u16(suite.code()).u16(group.code()).opaque(1, clientHello1Hash);
        byte[] body = w.toByteArray();
        return w.bytes(Hkdf.SHA256.hmac(key, body)).toByteArray();
    }

    /** The contents of a cookie this key made, or null for anything else (forged, altered, foreign). */
    static Contents open(byte[] key, byte[] cookie) {
        if (cookie.length <= TAG_LENGTH) {
            return null;
        }
        byte[] body = Arrays.copyOf(cookie, cookie.length - TAG_LENGTH);
        byte[] tag = Arrays.copyOfRange(cookie, cookie.length - TAG_LENGTH, cookie.length);
        if (!MessageDigest.isEqual(tag, Hkdf.SHA256.hmac(key, body))) {
            return null;
        }
        try {
            WireReader r = new WireReader(body);
            CipherSuite suite = CipherSuite.of(r.u16());
            NamedGroup group = NamedGroup.of(r.u16());
            byte[] hash = r.opaque(1, 32, 48);
            r.expectEnd("cookie");
            if (suite == null || group == null || hash.length != suite.hkdf().hashLength()) {
                return null;
            }
            return new Contents(suite, group, hash);
        } catch (TlsAlertException e) {
            return null;
        }
    }
}
