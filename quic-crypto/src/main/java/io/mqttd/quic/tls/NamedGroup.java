package io.mqttd.quic.tls;

/** The (EC)DHE groups this engine supports (RFC 8446 §4.2.7). */
public enum NamedGroup {
    X25519(0x001d),
    SECP256R1(0x0017),
    SECP384R1(0x0018);

    private final int code;

    NamedGroup(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The group for a wire code, or null if unsupported. */
    public static NamedGroup of(int code) {
        for (NamedGroup g : values()) {
            if (g.code == code) {
                return g;
            }
        }
        return null;
    }
}
