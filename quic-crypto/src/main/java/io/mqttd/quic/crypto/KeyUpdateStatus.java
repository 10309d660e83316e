package io.mqttd.quic.crypto;

/** The answer to a request to initiate a key update (RFC 9001 §6.1, §6.5). */
public enum KeyUpdateStatus {
    /** The send and receive keys moved to the next phase; the key phase bit is toggled. */
    UPDATED,
    /** RFC 9001 §6.1: no key update before the handshake is confirmed (RFC 9001 §4.1.2). */
    HANDSHAKE_NOT_CONFIRMED,
    /**
     * RFC 9001 §6.1: no packet sent with the current keys has been acknowledged yet, so the peer may
     * not have them; a further update could leave it unable to follow.
     */
    CURRENT_PHASE_NOT_ACKNOWLEDGED,
    /**
     * RFC 9001 §6.5: the previous update was confirmed less than three PTOs ago; the peer may still
     * hold the older keys and could not open packets of the phase after next.
     */
    TOO_SOON_AFTER_PREVIOUS_UPDATE
}
