package io.mqttd.quic.tls.message;

import io.mqttd.quic.tls.TlsAlertException;
import io.mqttd.quic.tls.message.HandshakeMessage.*;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes handshake messages with their 4-byte header (RFC 8446 §4: msg_type, uint24 length) and
 * decodes message bodies. Every malformed body is a decode_error, a value the RFC forbids an
 * illegal_parameter (RFC 8446 §6.2).
 */
public final class HandshakeCodec {
    private HandshakeCodec() {
    }

    /** Decodes the body of a message of the given type (the header already removed). */
    public static HandshakeMessage decode(int type, byte[] body) {
        WireReader in = new WireReader(body);
        HandshakeMessage m = switch (type) {
            case HandshakeType.CLIENT_HELLO -> clientHello(in);
            case HandshakeType.SERVER_HELLO -> serverHello(in);
            case HandshakeType.ENCRYPTED_EXTENSIONS ->
                    new EncryptedExtensions(ExtensionCodec.decodeBlock(in, 0, HandshakeType.ENCRYPTED_EXTENSIONS));
            case HandshakeType.CERTIFICATE_REQUEST -> new CertificateRequest(in.opaque(1, 0, 0xff),
                    ExtensionCodec.decodeBlock(in, 2, HandshakeType.CERTIFICATE_REQUEST));
            case HandshakeType.CERTIFICATE -> certificate(in);
            case HandshakeType.CERTIFICATE_VERIFY -> new CertificateVerify(in.u16(), in.opaque(2, 0, 0xffff));
            case HandshakeType.FINISHED -> new Finished(in.bytes(in.remaining()));
            case HandshakeType.NEW_SESSION_TICKET -> new NewSessionTicket(in.u32(), in.u32(), in.opaque(1, 0, 0xff),
                    in.opaque(2, 1, 0xffff), ExtensionCodec.decodeBlock(in, 0, HandshakeType.NEW_SESSION_TICKET));
            case HandshakeType.KEY_UPDATE ->
                    throw TlsAlertException.unexpectedMessage("KeyUpdate is forbidden in QUIC (RFC 9001 §6)");
            case HandshakeType.END_OF_EARLY_DATA ->
                    throw TlsAlertException.unexpectedMessage("EndOfEarlyData is not used in QUIC (RFC 9001 §8.3)");
            default -> throw TlsAlertException.unexpectedMessage("unknown handshake message type " + type);
        };
        in.expectEnd("handshake message " + type);
        return m;
    }

    private static ClientHello clientHello(WireReader in) {
        int legacyVersion = in.u16();
        if (legacyVersion != 0x0303) {
            // RFC 8446 §4.1.2 / §D.5: a TLS 1.3 ClientHello always says 0x0303 here.
            throw new TlsAlertException(io.mqttd.quic.tls.Alert.PROTOCOL_VERSION,
                    "legacy_version 0x" + Integer.toHexString(legacyVersion));
        }
        byte[] random = in.bytes(32);
        byte[] sessionId = in.opaque(1, 0, 32);
        WireReader suites = in.vector(2, 2, 0xfffe);
        if (suites.remaining() % 2 != 0) {
            throw TlsAlertException.decodeError("odd cipher_suites length");
        }
        List<Integer> cipherSuites = new ArrayList<>();
        while (suites.hasRemaining()) {
            cipherSuites.add(suites.u16());
        }
        byte[] compression = in.opaque(1, 1, 0xff);
        if (compression.length != 1 || compression[0] != 0) {
            // RFC 8446 §4.1.2: exactly one byte, the null method.
            throw TlsAlertException.illegalParameter("legacy_compression_methods must be [0]");
        }
        return new ClientHello(random, sessionId, cipherSuites,
                ExtensionCodec.decodeBlock(in, 8, HandshakeType.CLIENT_HELLO));
    }

    private static ServerHello serverHello(WireReader in) {
        int legacyVersion = in.u16();
        if (legacyVersion != 0x0303) {
            throw new TlsAlertException(io.mqttd.quic.tls.Alert.PROTOCOL_VERSION,
                    "ServerHello legacy_version 0x" + Integer.toHexString(legacyVersion));
        }
        byte[] random = in.bytes(32);
        byte[] sessionId = in.opaque(1, 0, 32);
        int suite = in.u16();
        if (in.u8() != 0) {
            throw TlsAlertException.illegalParameter("legacy_compression_method must be 0");
        }
        boolean hrr = java.util.Arrays.equals(random, ServerHello.HELLO_RETRY_REQUEST_RANDOM);
        return new ServerHello(random, sessionId, suite, ExtensionCodec.decodeBlock(in, 6,
                hrr ? HandshakeType.HELLO_RETRY_REQUEST : HandshakeType.SERVER_HELLO));
    }

    private static Certificate certificate(WireReader in) {
        byte[] context = in.opaque(1, 0, 0xff);
        WireReader list = in.vector(3, 0, 0xffffff);
        List<CertificateEntry> entries = new ArrayList<>();
        while (list.hasRemaining()) {
            entries.add(new CertificateEntry(list.opaque(3, 1, 0xffffff),
                    ExtensionCodec.decodeBlock(list, 0, HandshakeType.CERTIFICATE)));
        }
        return new Certificate(context, entries);
    }

    /** Encodes a message with its handshake header. */
    public static byte[] encode(HandshakeMessage m) {
        WireWriter out = new WireWriter(512);
        out.u8(m.handshakeType());
        int body = out.beginVector(3);
        if (m instanceof ClientHello ch) {
            out.u16(0x0303).bytes(ch.random()).opaque(1, ch.legacySessionId());
            int suites = out.beginVector(2);
            for (int s : ch.cipherSuites()) {
                out.u16(s);
            }
            out.endVector(suites, 2);
            out.u8(1).u8(0);
            ExtensionCodec.encodeBlock(out, ch.extensions());
        } else if (m instanceof ServerHello sh) {
            out.u16(0x0303).bytes(sh.random()).opaque(1, sh.legacySessionIdEcho()).u16(sh.cipherSuite()).u8(0);
            ExtensionCodec.encodeBlock(out, sh.extensions());
        } else if (m instanceof EncryptedExtensions ee) {
            ExtensionCodec.encodeBlock(out, ee.extensions());
        } else if (m instanceof CertificateRequest cr) {
            out.opaque(1, cr.context());
            ExtensionCodec.encodeBlock(out, cr.extensions());
        } else if (m instanceof Certificate c) {
            out.opaque(1, c.context());
            int list = out.beginVector(3);
            for (CertificateEntry e : c.entries()) {
                out.opaque(3, e.certData());
                ExtensionCodec.encodeBlock(out, e.extensions());
            }
            out.endVector(list, 3);
        } else if (m instanceof CertificateVerify cv) {
            out.u16(cv.scheme()).opaque(2, cv.signature());
        } else if (m instanceof Finished f) {
            out.bytes(f.verifyData());
        } else if (m instanceof NewSessionTicket t) {
            out.u32(t.lifetimeSeconds()).u32(t.ageAdd()).opaque(1, t.nonce()).opaque(2, t.ticket());
            ExtensionCodec.encodeBlock(out, t.extensions());
        }
        out.endVector(body, 3);
        return out.toByteArray();
    }
}
