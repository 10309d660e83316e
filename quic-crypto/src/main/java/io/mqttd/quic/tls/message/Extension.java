package io.mqttd.quic.tls.message;

import java.util.List;

/**
 * A TLS extension (RFC 8446 §4.2). The shape of several extensions depends on the message that
 * carries them (key_share, supported_versions, pre_shared_key, early_data), hence one record per
 * shape. Extensions this engine does not know are kept as {@link Unknown}, so a ClientHello
 * re-encodes byte for byte (GREASE included, RFC 8701).
 */
public sealed interface Extension {

    int type();

    /** RFC 6066 §3; {@code hostName} null is the empty form a server echoes in EncryptedExtensions. */
    record ServerName(String hostName) implements Extension {
        public int type() {
            return ExtensionType.SERVER_NAME;
        }
    }

    /** RFC 8446 §4.2.1, ClientHello form. */
    record SupportedVersions(List<Integer> versions) implements Extension {
        public int type() {
            return ExtensionType.SUPPORTED_VERSIONS;
        }
    }

    /** RFC 8446 §4.2.1, ServerHello and HelloRetryRequest form. */
    record SelectedVersion(int version) implements Extension {
        public int type() {
            return ExtensionType.SUPPORTED_VERSIONS;
        }
    }

    /** RFC 8446 §4.2.7. */
    record SupportedGroups(List<Integer> groups) implements Extension {
        public int type() {
            return ExtensionType.SUPPORTED_GROUPS;
        }
    }

    /** RFC 8446 §4.2.3; {@code cert} selects signature_algorithms_cert. */
    record SignatureAlgorithms(List<Integer> schemes, boolean cert) implements Extension {
        public int type() {
            return cert ? ExtensionType.SIGNATURE_ALGORITHMS_CERT : ExtensionType.SIGNATURE_ALGORITHMS;
        }
    }

    /** One KeyShareEntry (RFC 8446 §4.2.8). */
    record KeyShareEntry(int group, byte[] keyExchange) {
    }

    /** RFC 8446 §4.2.8, ClientHello form. */
    record KeyShareClientHello(List<KeyShareEntry> shares) implements Extension {
        public int type() {
            return ExtensionType.KEY_SHARE;
        }
    }

    /** RFC 8446 §4.2.8, ServerHello form. */
    record KeyShareServerHello(KeyShareEntry share) implements Extension {
        public int type() {
            return ExtensionType.KEY_SHARE;
        }
    }

    /** RFC 8446 §4.2.8, HelloRetryRequest form: the group the server wants. */
    record KeyShareHelloRetryRequest(int selectedGroup) implements Extension {
        public int type() {
            return ExtensionType.KEY_SHARE;
        }
    }

    /** RFC 7301 §3.1; in EncryptedExtensions exactly one name. Names are opaque bytes kept as ISO-8859-1 strings. */
    record Alpn(List<String> protocols) implements Extension {
        public int type() {
            return ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION;
        }
    }

    /** RFC 9001 §8.2: opaque to TLS, parsed by the QUIC layer. */
    record QuicTransportParameters(byte[] parameters) implements Extension {
        public int type() {
            return ExtensionType.QUIC_TRANSPORT_PARAMETERS;
        }
    }

    /** RFC 8446 §4.2.9: psk_ke(0), psk_dhe_ke(1). */
    record PskKeyExchangeModes(List<Integer> modes) implements Extension {
        public int type() {
            return ExtensionType.PSK_KEY_EXCHANGE_MODES;
        }
    }

    /** One PskIdentity (RFC 8446 §4.2.11). */
    record PskIdentity(byte[] identity, long obfuscatedTicketAge) {
    }

    /** RFC 8446 §4.2.11, ClientHello form; MUST be the last extension. */
    record PreSharedKeyClientHello(List<PskIdentity> identities, List<byte[]> binders) implements Extension {
        public int type() {
            return ExtensionType.PRE_SHARED_KEY;
        }
    }

    /** RFC 8446 §4.2.11, ServerHello form. */
    record PreSharedKeyServerHello(int selectedIdentity) implements Extension {
        public int type() {
            return ExtensionType.PRE_SHARED_KEY;
        }
    }

    /** RFC 8446 §4.2.10; {@code maxEarlyDataSize} is set only in NewSessionTicket, else -1. */
    record EarlyData(long maxEarlyDataSize) implements Extension {
        public int type() {
            return ExtensionType.EARLY_DATA;
        }
    }

    /** RFC 8446 §4.2.2. */
    record Cookie(byte[] cookie) implements Extension {
        public int type() {
            return ExtensionType.COOKIE;
        }
    }

    /** Any other extension, kept verbatim. */
    record Unknown(int type, byte[] data) implements Extension {
    }
}
