package io.mqttd.quic.tls.message;

/** ExtensionType values (RFC 8446 §4.2, RFC 7301, RFC 9001 §8.2). */
public final class ExtensionType {
    public static final int SERVER_NAME = 0;
    public static final int SUPPORTED_GROUPS = 10;
    public static final int SIGNATURE_ALGORITHMS = 13;
    public static final int APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16;
    public static final int PRE_SHARED_KEY = 41;
    public static final int EARLY_DATA = 42;
    public static final int SUPPORTED_VERSIONS = 43;
    public static final int COOKIE = 44;
    public static final int PSK_KEY_EXCHANGE_MODES = 45;
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;
    public static final int KEY_SHARE = 51;
    public static final int QUIC_TRANSPORT_PARAMETERS = 0x39;

    private ExtensionType() {
    }
}
