package io.mqttd.quic.crypto;

/** The outcome of removing packet protection from a received 1-RTT packet (RFC 9001 §5.5, §6). */
public enum OpenResult {
    /** Authentic, opened with the current or the retained previous keys. */
    OPENED,
    /**
     * Authentic, opened with the next keys: the peer initiated a key update (RFC 9001 §6.2). The
     * send keys have already moved to the new phase, so the acknowledgement of this packet goes out
     * under them, as §6.2 requires.
     */
    KEY_UPDATED,
    /**
     * Not authentic, or its keys are gone: drop it silently (RFC 9001 §5.5). A packet that only
     * appears to start a key update changes nothing (§6.3).
     */
    DROPPED
}
