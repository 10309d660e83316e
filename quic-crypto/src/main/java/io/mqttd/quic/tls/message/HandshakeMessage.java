package io.mqttd.quic.tls.message;

import java.util.Arrays;
import java.util.List;

/**
 * The TLS 1.3 handshake messages QUIC carries in CRYPTO frames (RFC 8446 §4, RFC 9001 §4).
 * EndOfEarlyData (RFC 9001 §8.3) and KeyUpdate (RFC 9001 §6) have no record: receiving them is an
 * unexpected_message.
 */
public sealed interface HandshakeMessage {

    /** The HandshakeType on the wire. */
    int handshakeType();

    /** RFC 8446 §4.1.2. {@code legacy_version} is always 0x0303 and compression [0]. */
    record ClientHello(byte[] random, byte[] legacySessionId, List<Integer> cipherSuites,
                       List<Extension> extensions) implements HandshakeMessage {
        public int handshakeType() {
            return HandshakeType.CLIENT_HELLO;
        }
    }

    /** RFC 8446 §4.1.3; a HelloRetryRequest is a ServerHello with the special random (§4.1.4). */
    record ServerHello(byte[] random, byte[] legacySessionIdEcho, int cipherSuite,
                       List<Extension> extensions) implements HandshakeMessage {
        /** SHA-256("HelloRetryRequest"), RFC 8446 §4.1.3. */
        public static final byte[] HELLO_RETRY_REQUEST_RANDOM = {
            (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11,
            (byte) 0xBE, 0x1D, (byte) 0x8C, 0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91,
            (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB, (byte) 0x8C, 0x5E,
            0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C};

        public int handshakeType() {
            return HandshakeType.SERVER_HELLO;
        }

        public boolean isHelloRetryRequest() {
            return Arrays.equals(random, HELLO_RETRY_REQUEST_RANDOM);
        }
    }

    /** RFC 8446 §4.3.1. */
    record EncryptedExtensions(List<Extension> extensions) implements HandshakeMessage {
        public int handshakeType() {
            return HandshakeType.ENCRYPTED_EXTENSIONS;
        }
    }

    /** RFC 8446 §4.3.2. */
    record CertificateRequest(byte[] context, List<Extension> extensions) implements HandshakeMessage {
        public int handshakeType() {
            return HandshakeType.CERTIFICATE_REQUEST;
        }
    }

    /** One CertificateEntry of X.509 type (RFC 8446 §4.4.2). */
    record CertificateEntry(byte[] certData, List<Extension> extensions) {
    }

    /** RFC 8446 §4.4.2. */
    record Certificate(byte[] context, List<CertificateEntry> entries) implements HandshakeMessage {
        public int handshakeType() {
            return HandshakeType.CERTIFICATE;
        }
    }

    /** RFC 8446 §4.4.3. */
    record CertificateVerify(int scheme, byte[] signature) implements HandshakeMessage {
        public int handshakeType() {
            return HandshakeType.CERTIFICATE_VERIFY;
        }
    }

    /** RFC 8446 §4.4.4: verify_data is Hash.length bytes, checked by the handshake. */
    record Finished(byte[] verifyData) implements HandshakeMessage {
        public int handshakeType() {
            return HandshakeType.FINISHED;
        }
    }

    /** RFC 8446 §4.6.1. Lifetime and age_add are uint32 kept in longs. */
    record NewSessionTicket(long lifetimeSeconds, long ageAdd, byte[] nonce, byte[] ticket,
                            List<Extension> extensions) implements HandshakeMessage {
        public int handshakeType() {
            return HandshakeType.NEW_SESSION_TICKET;
        }
    }
}
