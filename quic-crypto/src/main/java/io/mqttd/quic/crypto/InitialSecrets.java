package io.mqttd.quic.crypto;

/**
 * The Initial secrets of RFC 9001 §5.2: HKDF-Extract of the client's first Destination Connection
 * ID with the version's salt, then "client in" and "server in". Initial packets always use
 * TLS_AES_128_GCM_SHA256 (RFC 9001 §5), hence SHA-256 here.
 *
 * <p>After a Retry the client derives them again from the server's chosen connection ID; they do not
 * change when the client merely switches to the server's Source Connection ID (RFC 9001 §5.2).
 */
public final class InitialSecrets {
    /** The suite of every Initial packet (RFC 9001 §5). */
    public static final CipherSuite SUITE = CipherSuite.TLS_AES_128_GCM_SHA256;

    private final int version;
    private final byte[] initialSecret;
    private final byte[] clientSecret;
    private final byte[] serverSecret;

    private InitialSecrets(int version, byte[] initialSecret, byte[] clientSecret, byte[] serverSecret) {
        this.version = version;
        this.initialSecret = initialSecret;
        this.clientSecret = clientSecret;
        this.serverSecret = serverSecret;
    }

    /**
     * @param version the QUIC version of the Initial packets (v1 or v2)
     * @param clientDestinationConnectionId the Destination Connection ID of the client's first
     *     Initial packet (or of its Initial after a Retry); any length, including zero
     */
    public static InitialSecrets derive(int version, byte[] clientDestinationConnectionId) {
        VersionLabels labels = VersionLabels.of(version);
        Hkdf hkdf = SUITE.hkdf();
        byte[] initial = hkdf.extract(labels.initialSaltUnsafe(), clientDestinationConnectionId);
        byte[] client = hkdf.expandLabel(initial, "client in", null, hkdf.hashLength());
        byte[] server = hkdf.expandLabel(initial, "server in", null, hkdf.hashLength());
        return new InitialSecrets(version, initial, client, server);
    }

    public int version() {
        return version;
    }

    /** initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id). */
    public byte[] initialSecret() {
        return initialSecret.clone();
    }

    /** client_initial_secret: protects packets the client sends. */
    public byte[] clientSecret() {
        return clientSecret.clone();
    }

    /** server_initial_secret: protects packets the server sends. */
    public byte[] serverSecret() {
        return serverSecret.clone();
    }

    /** The secret this endpoint seals its Initial packets with. */
    public byte[] sendSecret(boolean isClient) {
        return isClient ? clientSecret() : serverSecret();
    }

    /** The secret this endpoint opens its peer's Initial packets with. */
    public byte[] receiveSecret(boolean isClient) {
        return isClient ? serverSecret() : clientSecret();
    }

    /** The sealer for this endpoint's own Initial packets. */
    public PacketSealer sealer(boolean isClient) {
        return PacketSealer.create(SUITE, sendSecret(isClient), version);
    }

    /** The opener for the peer's Initial packets. */
    public PacketOpener opener(boolean isClient, AuthenticationFailures failures) {
        return PacketOpener.create(SUITE, receiveSecret(isClient), version, failures);
    }
}
