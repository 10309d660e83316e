package io.mqttd.quic.connection.stream;

/**
 * Stream IDs, RFC 9000 §2.1: a 62-bit integer whose least significant bit says who opened the
 * stream (0 client, 1 server) and whose second bit says whether it is bidirectional (0) or
 * unidirectional (1). Within each of the four types, streams are numbered by {@code id >>> 2}.
 */
public final class StreamId {
    /** Largest stream ID that fits a varint; the index limit is 2^60 (RFC 9000 §4.6). */
    public static final long MAX_STREAM_COUNT = 1L << 60;

    private StreamId() {
    }

    public static boolean isServerInitiated(long id) {
        return (id & 0x1) != 0;
    }

    public static boolean isUnidirectional(long id) {
        return (id & 0x2) != 0;
    }

    public static boolean isBidirectional(long id) {
        return (id & 0x2) == 0;
    }

    /** Whether an endpoint in the given role opened this stream. */
    public static boolean isLocallyInitiated(long id, boolean localIsServer) {
        return isServerInitiated(id) == localIsServer;
    }

    /** The stream's position among streams of its type: 0 for the first one opened. */
    public static long index(long id) {
        return id >>> 2;
    }

    /** The {@code index}-th stream of a type. */
    public static long of(long index, boolean serverInitiated, boolean unidirectional) {
        return (index << 2) | (unidirectional ? 0x2 : 0) | (serverInitiated ? 0x1 : 0);
    }

    /** 0..3: client bidi, server bidi, client uni, server uni (RFC 9000 Table 1). */
    public static int type(long id) {
        return (int) (id & 0x3);
    }

    /**
     * Whether the local endpoint may send on this stream: every bidirectional stream, and the
     * unidirectional streams it opened (RFC 9000 §2.1).
     */
    public static boolean localCanSend(long id, boolean localIsServer) {
        return isBidirectional(id) || isLocallyInitiated(id, localIsServer);
    }

    /** Whether the local endpoint may receive on this stream. */
    public static boolean localCanReceive(long id, boolean localIsServer) {
        return isBidirectional(id) || !isLocallyInitiated(id, localIsServer);
    }
}
