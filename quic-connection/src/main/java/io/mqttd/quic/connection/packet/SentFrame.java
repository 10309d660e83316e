package io.mqttd.quic.connection.packet;

import io.mqttd.quic.connection.cid.IssuedConnectionId;

/**
 * The information one frame of a sent packet carried, kept until the packet is acknowledged or
 * lost (RFC 9000 §13.3): on loss the connection re-queues the information, not the packet, and
 * frames whose information is stale (a MAX_DATA superseded by a larger one) are simply not resent.
 * STREAM and CRYPTO data are kept as ranges; their bytes stay in the send buffers.
 */
public sealed interface SentFrame {

    /** An ACK frame with this Largest Acknowledged: once acked, older ranges need not be repeated (§13.2.4). */
    record Ack(long largestAcknowledged) implements SentFrame {
    }

    /** CRYPTO bytes {@code [offset, offset+length)} of the packet's space. */
    record Crypto(long offset, int length) implements SentFrame {
    }

    /** STREAM bytes {@code [offset, offset+length)} of a stream, and whether FIN was set. */
    record Stream(long streamId, long offset, int length, boolean fin) implements SentFrame {
    }

    /** HANDSHAKE_DONE (§19.20): resent until acknowledged. */
    record HandshakeDone() implements SentFrame {
    }

    /** MAX_DATA: on loss the current limit is sent again (§13.3). */
    record MaxData(long limit) implements SentFrame {
    }

    /** MAX_STREAM_DATA: on loss the current limit is sent again while the stream still receives. */
    record MaxStreamData(long streamId, long limit) implements SentFrame {
    }

    /** MAX_STREAMS: on loss the current limit is sent again. */
    record MaxStreams(boolean unidirectional, long limit) implements SentFrame {
    }

    /** DATA_BLOCKED at {@code limit}: resent if still blocked at that limit. */
    record DataBlocked(long limit) implements SentFrame {
    }

    /** STREAM_DATA_BLOCKED at {@code limit}. */
    record StreamDataBlocked(long streamId, long limit) implements SentFrame {
    }

    /** STREAMS_BLOCKED at {@code limit}. */
    record StreamsBlocked(boolean unidirectional, long limit) implements SentFrame {
    }

    /** RESET_STREAM: resent until acknowledged (§13.3). */
    record ResetStream(long streamId) implements SentFrame {
    }

    /** STOP_SENDING: resent until the stream's receiving part is done (§13.3). */
    record StopSending(long streamId) implements SentFrame {
    }

    /** NEW_CONNECTION_ID: resent while the connection ID stays active. */
    record NewConnectionId(IssuedConnectionId issued) implements SentFrame {
    }

    /** RETIRE_CONNECTION_ID: resent until acknowledged. */
    record RetireConnectionId(long sequenceNumber) implements SentFrame {
    }

    /** PATH_CHALLENGE with this data: resent while the path is still being validated (§8.2, §13.3). */
    record PathChallenge(long data) implements SentFrame {
    }

    /** PING, PATH_RESPONSE, PADDING, DATAGRAM and CONNECTION_CLOSE: nothing to resend. */
    record NotRetransmitted() implements SentFrame {
    }
}
