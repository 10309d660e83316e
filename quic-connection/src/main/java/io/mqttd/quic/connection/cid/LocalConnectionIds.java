package io.mqttd.quic.connection.cid;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The connection IDs this endpoint issued to its peer (RFC 9000 §5.1.1): the peer puts them in the
 * Destination Connection ID of the packets it sends us, so each one is a route in the endpoint's
 * table. Keeps as many active as the peer's active_connection_id_limit allows (capped locally),
 * announces them with NEW_CONNECTION_ID and replaces those the peer retires.
 */
public final class LocalConnectionIds {
    /** RFC 9000 §18.2: the default active_connection_id_limit. */
    public static final int DEFAULT_PEER_LIMIT = 2;

    /** Told when a connection ID starts or stops routing to this connection. */
    public interface Routes {
        void add(ConnectionId cid, byte[] statelessResetToken);

        void remove(ConnectionId cid);
    }

    private static final long RETIRE_CONNECTION_ID = 0x19;

    private final Supplier<ConnectionId> generator;
    private final StatelessResetTokens tokens;
    private final Routes routes;
    private final int localCap;
    private final Map<Long, IssuedConnectionId> active = new LinkedHashMap<>();
    private final Deque<IssuedConnectionId> announcements = new ArrayDeque<>();
    private final boolean zeroLength;
    private final byte[] initialToken;
    private long nextSequence;
    private long retirePriorTo;
    private int peerLimit = DEFAULT_PEER_LIMIT;

    /**
     * @param initial the connection ID of the handshake (sequence 0): the client's or server's
     *     Source Connection ID (§7.2)
     * @param localCap the most connection IDs this endpoint wants active at once, whatever the peer allows
     */
    public LocalConnectionIds(ConnectionId initial, Supplier<ConnectionId> generator, StatelessResetTokens tokens,
            Routes routes, int localCap) {
        if (localCap < 1) {
            throw new IllegalArgumentException("local connection ID cap must be at least 1");
        }
        this.generator = generator;
        this.tokens = tokens;
        this.routes = routes;
        this.localCap = localCap;
        this.zeroLength = initial.isEmpty();
        IssuedConnectionId first = new IssuedConnectionId(nextSequence++, initial, tokens.tokenFor(initial));
        this.initialToken = first.statelessResetToken();
        active.put(first.sequenceNumber(), first);
        routes.add(initial, first.statelessResetToken());
    }

    /** The peer's active_connection_id_limit transport parameter (§18.2, at least 2). */
    public void setPeerLimit(long limit) {
        peerLimit = (int) Math.min(limit, Integer.MAX_VALUE);
    }

    /** The stateless reset token of sequence 0, for a server's stateless_reset_token parameter (§18.2). */
    public byte[] initialStatelessResetToken() {
        return initialToken.clone();
    }

    /**
     * Issues connection IDs until min(peer limit, local cap) are active; each is routed at once and
     * queued for a NEW_CONNECTION_ID frame. A zero-length connection ID has no others (§5.1).
     */
    public void replenish() {
        if (zeroLength) {
            return;
        }
        int target = Math.min(peerLimit, localCap);
        while (active.size() < target) {
            ConnectionId cid = generator.get();
            IssuedConnectionId issued = new IssuedConnectionId(nextSequence++, cid, tokens.tokenFor(cid));
            active.put(issued.sequenceNumber(), issued);
            routes.add(cid, issued.statelessResetToken());
            announcements.add(issued);
        }
    }

    /**
     * Rotates every current connection ID (e.g. on a timer, for privacy): new ones are issued and the
     * peer is asked, through Retire Prior To (§19.15), to retire all the older ones.
     */
    public void retireAllCurrent() {
        if (zeroLength) {
            return;
        }
        retirePriorTo = nextSequence;
        int target = Math.min(peerLimit, localCap);
        // §5.1.1: IDs may exceed the peer's limit for a while when Retire Prior To requires the excess to go.
        for (int i = 0; i < target; i++) {
            ConnectionId cid = generator.get();
            IssuedConnectionId issued = new IssuedConnectionId(nextSequence++, cid, tokens.tokenFor(cid));
            active.put(issued.sequenceNumber(), issued);
            routes.add(cid, issued.statelessResetToken());
            announcements.add(issued);
        }
    }

    /** Retire Prior To value for NEW_CONNECTION_ID frames built now. */
    public long retirePriorTo() {
        return retirePriorTo;
    }

    public boolean hasPendingAnnouncement() {
        return !announcements.isEmpty();
    }

    /** The next connection ID to announce in a NEW_CONNECTION_ID frame, or null. */
    public IssuedConnectionId pollAnnouncement() {
        return announcements.poll();
    }

    /** §13.3: a lost NEW_CONNECTION_ID is sent again while its connection ID is still active. */
    public void onAnnouncementLost(IssuedConnectionId issued) {
        if (active.get(issued.sequenceNumber()) == issued) {
            announcements.add(issued);
        }
    }

    /**
     * A RETIRE_CONNECTION_ID frame (§19.16), received in a packet addressed to {@code packetDestination}.
     */
    public void onRetireConnectionId(long sequenceNumber, ConnectionId packetDestination) {
        if (sequenceNumber >= nextSequence) {
            throw new TransportError(TransportErrorCode.PROTOCOL_VIOLATION, RETIRE_CONNECTION_ID,
                    "retiring connection ID sequence " + sequenceNumber + " that was never issued");
        }
        IssuedConnectionId retired = active.get(sequenceNumber);
        if (retired == null) {
            return; // already retired: a retransmitted frame
        }
        if (retired.connectionId().equals(packetDestination)) {
            throw new TransportError(TransportErrorCode.PROTOCOL_VIOLATION, RETIRE_CONNECTION_ID,
                    "a packet may not retire the connection ID it is addressed to");
        }
        active.remove(sequenceNumber);
        routes.remove(retired.connectionId());
        announcements.remove(retired);
        if (sequenceNumber >= retirePriorTo) {
            replenish();
        }
    }

    public boolean isActive(ConnectionId cid) {
        for (IssuedConnectionId issued : active.values()) {
            if (issued.connectionId().equals(cid)) {
                return true;
            }
        }
        return false;
    }

    public int activeCount() {
        return active.size();
    }

    /** Removes every route, when the connection is gone. */
    public void removeAllRoutes() {
        for (Iterator<IssuedConnectionId> it = active.values().iterator(); it.hasNext(); ) {
            routes.remove(it.next().connectionId());
            it.remove();
        }
        announcements.clear();
    }
}
