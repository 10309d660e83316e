package io.mqttd.quic.crypto;

/**
 * The four encryption levels of RFC 9001 §4 (Table 1). TLS hands over handshake bytes and secrets
 * per level; 0-RTT and 1-RTT both use the application data packet number space.
 */
public enum EncryptionLevel {
    INITIAL,
    /** 0-RTT: early data keys, client to server only (RFC 9001 §4.1.1). */
    EARLY_DATA,
    HANDSHAKE,
    /** 1-RTT. */
    APPLICATION
}
