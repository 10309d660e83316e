package io.mqttd.quic.packet;

import java.nio.ByteBuffer;

/**
 * Splits a UDP datagram into the QUIC packets coalesced in it, RFC 9000 §12.2, without copying.
 *
 * <p>Initial, 0-RTT and Handshake packets end where their Length field says; every other packet
 * (short header, Retry, Version Negotiation, a version this stack does not know) extends to the end
 * of the datagram. Iteration stops early, discarding the rest of the datagram, when:
 * <ul>
 *   <li>the next bytes do not parse ({@link Stop#MALFORMED}; the view's outcome says why): without
 *       a valid Length there is no way to find a later packet;</li>
 *   <li>a later packet has a different Destination Connection ID than the first
 *       ({@link Stop#DIFFERENT_DESTINATION_CONNECTION_ID}): "Receivers SHOULD ignore any subsequent
 *       packets with a different Destination Connection ID than the first packet";</li>
 *   <li>only zero bytes remain ({@link Stop#TRAILING_ZEROS}): padding some senders put after the
 *       last packet to reach 1200 bytes is not a packet.</li>
 * </ul>
 *
 * <p>Reusable: one instance per receiving thread, {@link #reset} per datagram, then
 * {@code while (packets.next(view)) ...}. Nothing is allocated.
 */
public final class CoalescedPackets {
    /** Why {@link #next} returned false. */
    public enum Stop {
        /** Not stopped yet. */
        NONE,
        /** Every byte of the datagram belonged to a packet. */
        END_OF_DATAGRAM,
        /** The bytes at {@link #stopOffset()} are not a packet; the view holds the drop outcome. */
        MALFORMED,
        /** §12.2: the packet at {@link #stopOffset()} is for another connection ID; ignored. */
        DIFFERENT_DESTINATION_CONNECTION_ID,
        /** Only zero bytes follow the last packet. */
        TRAILING_ZEROS
    }

    private final int shortHeaderDcidLength;
    private final boolean greaseQuicBit;
    private ByteBuffer datagram;
    private int next;
    private int firstDcidOffset;
    private int firstDcidLength;
    private Stop stop = Stop.END_OF_DATAGRAM;

    /**
     * @param shortHeaderDcidLength this endpoint's connection ID length, needed to read short headers
     * @param greaseQuicBit whether a Fixed Bit of 0 is accepted (RFC 9287), see {@link ProtectedPacket#parse}
     */
    public CoalescedPackets(int shortHeaderDcidLength, boolean greaseQuicBit) {
        if (shortHeaderDcidLength < 0 || shortHeaderDcidLength > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID length outside 0..20: " + shortHeaderDcidLength);
        }
        this.shortHeaderDcidLength = shortHeaderDcidLength;
        this.greaseQuicBit = greaseQuicBit;
    }

    /** Starts on a datagram held in {@code datagram[position, limit)}; the buffer is not modified. */
    public void reset(ByteBuffer datagram) {
        this.datagram = datagram;
        this.next = datagram.position();
        this.firstDcidOffset = -1;
        this.firstDcidLength = -1;
        this.stop = Stop.NONE;
    }

    /**
     * Parses the next packet into {@code view}. Returns true when the view holds a packet to process
     * (outcome OK or UNSUPPORTED_VERSION); false when the datagram is done, with the reason in
     * {@link #stop()}.
     */
    public boolean next(ProtectedPacket view) {
        if (stop != Stop.NONE) {
            return false;
        }
        int limit = datagram.limit();
        if (next >= limit) {
            stop = Stop.END_OF_DATAGRAM;
            return false;
        }
        boolean first = firstDcidOffset < 0;
        if (!first && onlyZerosFrom(next, limit)) {
            stop = Stop.TRAILING_ZEROS;
            return false;
        }
        ParseOutcome outcome = view.parse(datagram, next, shortHeaderDcidLength, greaseQuicBit);
        if (outcome.isDrop()) {
            stop = Stop.MALFORMED;
            return false;
        }
        if (first) {
            firstDcidOffset = view.destinationConnectionIdOffset();
            firstDcidLength = view.destinationConnectionIdLength();
        } else if (!sameAsFirstDcid(view)) {
            stop = Stop.DIFFERENT_DESTINATION_CONNECTION_ID;
            return false;
        }
        next = view.end();
        return true;
    }

    /** Why iteration ended; {@link Stop#NONE} while it goes on. */
    public Stop stop() {
        return stop;
    }

    /** Index where iteration stopped: the start of the discarded bytes, or the limit at the end. */
    public int stopOffset() {
        return next;
    }

    /** Bytes of the datagram that were not handed out as packets (for qlog's packet_dropped). */
    public int discardedBytes() {
        return datagram.limit() - next;
    }

    private boolean sameAsFirstDcid(ProtectedPacket view) {
        int length = view.destinationConnectionIdLength();
        if (length != firstDcidLength) {
            return false;
        }
        int at = view.destinationConnectionIdOffset();
        for (int i = 0; i < length; i++) {
            if (datagram.get(at + i) != datagram.get(firstDcidOffset + i)) {
                return false;
            }
        }
        return true;
    }

    private boolean onlyZerosFrom(int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (datagram.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
