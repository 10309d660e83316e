package io.mqttd.quic.tls.message;

/** HandshakeType values (RFC 8446 §4) this engine meets. */
public final class HandshakeType {
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int NEW_SESSION_TICKET = 4;
    /** Never used in QUIC (RFC 9001 §8.3). */
    public static final int END_OF_EARLY_DATA = 5;
    public static final int ENCRYPTED_EXTENSIONS = 8;
    public static final int CERTIFICATE = 11;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int CERTIFICATE_VERIFY = 15;
    public static final int FINISHED = 20;
    /** Forbidden in QUIC (RFC 9001 §6). */
    public static final int KEY_UPDATE = 24;
    /** The synthetic message that replaces ClientHello1 in the transcript after an HRR (RFC 8446 §4.4.1). */
    public static final int MESSAGE_HASH = 254;
    /** Pseudo-type used only to pick the extension rules of a HelloRetryRequest (same wire type as ServerHello). */
    public static final int HELLO_RETRY_REQUEST = -2;

    private HandshakeType() {
    }
}
