package io.mqttd.quic.packet;

/**
 * What {@link ProtectedPacket#parse} found at an offset of a datagram.
 *
 * <p>RFC 9000 §5.2 and §12.2 say that a packet that cannot be parsed is discarded, not answered with
 * a connection error: the bytes may come from anyone, and one broken packet in a datagram must not
 * close a connection. So a malformed header is reported as one of the {@code DROP_*} outcomes, which
 * name the reason for logging (qlog {@code packet_dropped}); nothing is thrown.
 */
public enum ParseOutcome {
    /** A packet of a supported version (or a short header): every field of the view is valid. */
    OK,
    /**
     * A long header of a version this stack does not implement (RFC 8999 §5.1): only the invariant
     * fields (version, DCID, SCID of up to 255 bytes) are valid, and the packet is taken to extend
     * to the end of the datagram. A server may answer with Version Negotiation (RFC 9000 §6.1).
     */
    UNSUPPORTED_VERSION,
    /** The datagram ends before the header does (or there are no bytes at all). */
    DROP_TRUNCATED,
    /** RFC 9000 §17.2, §17.3.1: the Fixed Bit is 0 and grease_quic_bit (RFC 9287) was not negotiated. */
    DROP_FIXED_BIT_CLEAR,
    /** RFC 9000 §17.2: a v1 (or v2) long header with a connection ID longer than 20 bytes MUST be dropped. */
    DROP_CONNECTION_ID_TOO_LONG,
    /** RFC 9000 §17.2: the Length field runs past the end of the datagram. */
    DROP_LENGTH_EXCEEDS_DATAGRAM,
    /** RFC 9001 §5.4.2: the packet is too short to hold the 16-byte header protection sample. */
    DROP_TOO_SHORT_FOR_SAMPLE,
    /** RFC 8999 §6: a Version Negotiation packet without versions or with a truncated one. */
    DROP_INVALID_VERSION_LIST,
    /** RFC 9000 §17.2.5: a Retry packet too short to hold its 16-byte integrity tag. */
    DROP_RETRY_TOO_SHORT;

    /** True for the outcomes after which the packet must be discarded. */
    public boolean isDrop() {
        return this != OK && this != UNSUPPORTED_VERSION;
    }
}
