package io.mqttd.quic.connection.stream;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;

/**
 * How many streams each side may open (RFC 9000 §4.6) and which stream IDs the peer may refer to
 * (§2.1, §3.2, §19.4-19.10). Keeps, per direction type, the next stream this endpoint opens, the
 * limit the peer granted (MAX_STREAMS), how many streams the peer opened, and the limit advertised
 * to the peer, re-advertised as peer streams close.
 */
public final class StreamLimits {

    /** What a stream ID in a peer's frame refers to. */
    public enum Reference {
        /** A stream this endpoint opened; look it up (it may already be closed and forgotten). */
        LOCAL,
        /** A peer stream opened before; look it up (it may already be closed and forgotten). */
        PEER_EXISTING,
        /** A new peer stream: it and all lower-numbered peer streams of its type open now (§3.2). */
        PEER_NEW
    }

    private final boolean localIsServer;
    private final long[] nextLocalIndex = new long[2];
    private final long[] peerGrantedLimit = new long[2];
    private final long[] peerOpened = new long[2];
    private final long[] advertisedLimit = new long[2];
    private final long[] peerClosed = new long[2];
    private final long[] window = new long[2];
    private final long[] blockedReportedAt = {-1, -1};

    /**
     * @param localIsServer which role this endpoint has
     * @param localMaxBidi initial_max_streams_bidi this endpoint advertised
     * @param localMaxUni initial_max_streams_uni this endpoint advertised
     */
    public StreamLimits(boolean localIsServer, long localMaxBidi, long localMaxUni) {
        this.localIsServer = localIsServer;
        advertisedLimit[0] = window[0] = localMaxBidi;
        advertisedLimit[1] = window[1] = localMaxUni;
    }

    private static int slot(boolean unidirectional) {
        return unidirectional ? 1 : 0;
    }

    /** The peer's initial_max_streams_* or a MAX_STREAMS frame; only increases count (§4.6). */
    public void onPeerLimit(boolean unidirectional, long maxStreams) {
        int s = slot(unidirectional);
        if (maxStreams > peerGrantedLimit[s]) {
            peerGrantedLimit[s] = Math.min(maxStreams, StreamId.MAX_STREAM_COUNT);
        }
    }

    public boolean canOpenLocal(boolean unidirectional) {
        int s = slot(unidirectional);
        return nextLocalIndex[s] < peerGrantedLimit[s];
    }

    /** Opens the next local stream and returns its ID; check {@link #canOpenLocal} first. */
    public long openLocal(boolean unidirectional) {
        int s = slot(unidirectional);
        if (nextLocalIndex[s] >= peerGrantedLimit[s]) {
            throw new IllegalStateException("peer's stream limit reached");
        }
        return StreamId.of(nextLocalIndex[s]++, localIsServer, unidirectional);
    }

    /** Whether a STREAMS_BLOCKED frame should report the peer's current limit (§4.6, §19.14). */
    public boolean shouldReportBlocked(boolean unidirectional) {
        int s = slot(unidirectional);
        return nextLocalIndex[s] >= peerGrantedLimit[s] && blockedReportedAt[s] != peerGrantedLimit[s];
    }

    public long peerGrantedLimit(boolean unidirectional) {
        return peerGrantedLimit[slot(unidirectional)];
    }

    public void onBlockedReported(boolean unidirectional) {
        blockedReportedAt[slot(unidirectional)] = peerGrantedLimit[slot(unidirectional)];
    }

    /**
     * Classifies a stream ID from a peer's frame, opening new peer streams. {@code frameType} and
     * whether the frame is one the sender of data sends decide the errors:
     * <ul>
     * <li>a locally initiated stream not yet opened: STREAM_STATE_ERROR (§19.8, §19.4, §19.5, §19.10);</li>
     * <li>a peer stream beyond the advertised limit: STREAM_LIMIT_ERROR (§4.6);</li>
     * <li>{@code senderFrame} (STREAM, RESET_STREAM, STREAM_DATA_BLOCKED) on a stream the local endpoint
     *     only sends on, or a receiver frame (STOP_SENDING, MAX_STREAM_DATA) on a stream it only
     *     receives on: STREAM_STATE_ERROR (§19.4, §19.5, §19.8, §19.10, §19.13).</li>
     * </ul>
     */
    public Reference onPeerReference(long streamId, long frameType, boolean senderFrame) {
        boolean allowed = senderFrame
                ? StreamId.localCanReceive(streamId, localIsServer)
                : StreamId.localCanSend(streamId, localIsServer);
        if (!allowed) {
            throw new TransportError(TransportErrorCode.STREAM_STATE_ERROR, frameType,
                    "frame 0x" + Long.toHexString(frameType) + " not allowed on stream " + streamId);
        }
        int s = slot(StreamId.isUnidirectional(streamId));
        long index = StreamId.index(streamId);
        if (StreamId.isLocallyInitiated(streamId, localIsServer)) {
            if (index >= nextLocalIndex[s]) {
                throw new TransportError(TransportErrorCode.STREAM_STATE_ERROR, frameType,
                        "stream " + streamId + " has not been opened by this endpoint");
            }
            return Reference.LOCAL;
        }
        if (index >= advertisedLimit[s]) {
            throw new TransportError(TransportErrorCode.STREAM_LIMIT_ERROR, frameType,
                    "stream " + streamId + " exceeds the advertised limit of " + advertisedLimit[s]);
        }
        if (index < peerOpened[s]) {
            return Reference.PEER_EXISTING;
        }
        return Reference.PEER_NEW;
    }

    /**
     * Records that peer streams of this type up to and including {@code streamId} are open; returns
     * the lowest newly opened ID (the caller creates every stream from there to {@code streamId}).
     */
    public long openPeerUpTo(long streamId) {
        int s = slot(StreamId.isUnidirectional(streamId));
        long first = StreamId.of(peerOpened[s], StreamId.isServerInitiated(streamId), StreamId.isUnidirectional(streamId));
        peerOpened[s] = Math.max(peerOpened[s], StreamId.index(streamId) + 1);
        return first;
    }

    /** A peer-initiated stream finished both ways: its slot can be offered again. */
    public void onPeerStreamClosed(boolean unidirectional) {
        peerClosed[slot(unidirectional)]++;
    }

    /**
     * The MAX_STREAMS value to send, or -1 when no update is needed: re-advertise once half the
     * window of peer streams has closed, so the peer can keep the same concurrency.
     */
    public long maxStreamsUpdate(boolean unidirectional) {
        int s = slot(unidirectional);
        long candidate = Math.min(peerClosed[s] + window[s], StreamId.MAX_STREAM_COUNT);
        if (candidate - advertisedLimit[s] >= Math.max(1, window[s] / 2)) {
            advertisedLimit[s] = candidate;
            return candidate;
        }
        return -1;
    }

    public long advertisedLimit(boolean unidirectional) {
        return advertisedLimit[slot(unidirectional)];
    }
}
