package io.mqttd.quic.connection.cid;

import io.mqttd.quic.connection.stream.RangeSet;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connection IDs the peer issued to this endpoint (RFC 9000 §5.1), used as the Destination
 * Connection ID of the packets we send: the one in use, spares for migration (§9.5), Retire Prior To
 * handling, the retirements to announce with RETIRE_CONNECTION_ID, and the stateless reset tokens
 * that identify a Stateless Reset from the peer (§10.3.1).
 */
public final class PeerConnectionIds {
    private static final long NEW_CONNECTION_ID = 0x18;

    private final int localLimit;
    private final TreeMap<Long, IssuedConnectionId> active = new TreeMap<>();
    private final RangeSet retired = new RangeSet();
    private final Deque<Long> retirements = new ArrayDeque<>();
    private long inUse;
    private long largestRetirePriorTo;

    /**
     * @param initial the peer's Source Connection ID from the handshake (sequence 0)
     * @param localLimit the active_connection_id_limit this endpoint advertised (§18.2)
     */
    public PeerConnectionIds(ConnectionId initial, int localLimit) {
        this.localLimit = localLimit;
        active.put(0L, new IssuedConnectionId(0, initial, null));
    }

    /** The Destination Connection ID to put in packets now. */
    public ConnectionId current() {
        return active.get(inUse).connectionId();
    }

    /**
     * Replaces sequence 0 before the handshake settles: a client learns the server's chosen
     * connection ID from its first Initial or Retry (§7.2).
     */
    public void replaceInitial(ConnectionId cid) {
        IssuedConnectionId first = active.get(0L);
        active.put(0L, new IssuedConnectionId(0, cid, first == null ? null : first.statelessResetToken()));
    }

    /** The server's stateless_reset_token transport parameter, which belongs to sequence 0 (§18.2). */
    public void setInitialStatelessResetToken(byte[] token) {
        IssuedConnectionId first = active.get(0L);
        if (first != null) {
            active.put(0L, new IssuedConnectionId(0, first.connectionId(), token.clone()));
        }
    }

    /** A NEW_CONNECTION_ID frame (§19.15); field syntax is already checked by the frame decoder. */
    public void onNewConnectionId(long sequence, long retirePriorTo, ConnectionId cid, byte[] token) {
        if (current().isEmpty()) {
            throw new TransportError(TransportErrorCode.PROTOCOL_VIOLATION, NEW_CONNECTION_ID,
                    "NEW_CONNECTION_ID received while the peer uses a zero-length connection ID");
        }
        IssuedConnectionId known = active.get(sequence);
        if (known != null) {
            if (!known.connectionId().equals(cid) || !Arrays.equals(known.statelessResetToken(), token)
                    && known.statelessResetToken() != null) {
                throw new TransportError(TransportErrorCode.PROTOCOL_VIOLATION, NEW_CONNECTION_ID,
                        "sequence " + sequence + " reused for a different connection ID");
            }
            return; // a retransmission
        }
        for (IssuedConnectionId other : active.values()) {
            if (other.connectionId().equals(cid)) {
                throw new TransportError(TransportErrorCode.PROTOCOL_VIOLATION, NEW_CONNECTION_ID,
                        "connection ID " + cid + " repeated with another sequence number");
            }
        }
        if (retired.contains(sequence)) {
            return; // retired already; a retransmission must not bring it back
        }
        if (sequence < largestRetirePriorTo) {
            // §19.15: a connection ID already covered by Retire Prior To is retired at once.
            retire(sequence);
        } else {
            active.put(sequence, new IssuedConnectionId(sequence, cid, token.clone()));
        }
        if (retirePriorTo > largestRetirePriorTo) {
            largestRetirePriorTo = retirePriorTo;
            for (Long seq : active.headMap(retirePriorTo).keySet().toArray(Long[]::new)) {
                active.remove(seq);
                retire(seq);
            }
            if (!active.containsKey(inUse)) {
                inUse = active.firstKey();
            }
        }
        // §5.1.1: counted after adding and retiring.
        if (active.size() > localLimit) {
            throw new TransportError(TransportErrorCode.CONNECTION_ID_LIMIT_ERROR, NEW_CONNECTION_ID,
                    active.size() + " active connection IDs exceed the limit of " + localLimit);
        }
    }

    /**
     * Moves to a connection ID not used before, e.g. when migrating to a new path (§9.5), and
     * retires the old one. Returns false when the peer has given no spare.
     */
    public boolean switchToUnused() {
        Map.Entry<Long, IssuedConnectionId> next = active.higherEntry(inUse);
        if (next == null) {
            return false;
        }
        long old = inUse;
        inUse = next.getKey();
        active.remove(old);
        retire(old);
        return true;
    }

    /** Spare connection IDs available for a new path. */
    public int spareCount() {
        return active.size() - 1;
    }

    /** Whether {@code token} is the stateless reset token of an active connection ID (§10.3.1). */
    public boolean isStatelessReset(byte[] token) {
        boolean match = false;
        for (IssuedConnectionId id : active.values()) {
            if (id.statelessResetToken() != null && StatelessResetTokens.tokensEqual(id.statelessResetToken(), token)) {
                match = true;
            }
        }
        return match;
    }

    public boolean hasPendingRetirement() {
        return !retirements.isEmpty();
    }

    /** The sequence number for the next RETIRE_CONNECTION_ID frame, or -1. */
    public long pollRetirement() {
        Long seq = retirements.poll();
        return seq == null ? -1 : seq;
    }

    /** §13.3: a lost RETIRE_CONNECTION_ID is sent again. */
    public void onRetirementLost(long sequence) {
        retirements.add(sequence);
    }

    private void retire(long sequence) {
        if (!retired.contains(sequence)) {
            retired.add(sequence, sequence + 1);
            retirements.add(sequence);
        }
    }
}
