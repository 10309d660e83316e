package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;

/**
 * Range checks for field values given by local code when it builds a frame. Peer bytes never reach
 * these: the decoder only produces values that already fit, so the IllegalArgumentException here
 * always means a local programming error.
 */
final class FieldChecks {
    /** RFC 9000 §4.6, §19.11: a stream count cannot exceed 2^60. */
    static final long MAX_STREAMS = 1L << 60;

    private FieldChecks() {
    }

    static long varInt(long value, String field) {
        if (value < 0 || value > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException(field + " is not a variable-length integer: " + value);
        }
        return value;
    }

    static long streamCount(long value, String field) {
        if (value < 0 || value > MAX_STREAMS) {
            throw new IllegalArgumentException(field + " must be in [0, 2^60]: " + value);
        }
        return value;
    }
}
