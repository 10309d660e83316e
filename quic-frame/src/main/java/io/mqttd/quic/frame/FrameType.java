package io.mqttd.quic.frame;

/**
 * Frame type values of RFC 9000 §12.4 Table 3 and RFC 9221 §4, with the flag bits that some types
 * carry (ACK, STREAM, MAX_STREAMS, STREAMS_BLOCKED, CONNECTION_CLOSE, DATAGRAM).
 */
public final class FrameType {
    public static final long PADDING = 0x00;
    public static final long PING = 0x01;
    public static final long ACK = 0x02;
    public static final long ACK_ECN = 0x03;
    public static final long RESET_STREAM = 0x04;
    public static final long STOP_SENDING = 0x05;
    public static final long CRYPTO = 0x06;
    public static final long NEW_TOKEN = 0x07;
    /** STREAM is 0b00001XXX: the base value, to be or-ed with {@link #STREAM_OFF_BIT} etc. (§19.8). */
    public static final long STREAM = 0x08;
    public static final long STREAM_OFF_BIT = 0x04;
    public static final long STREAM_LEN_BIT = 0x02;
    public static final long STREAM_FIN_BIT = 0x01;
    public static final long MAX_DATA = 0x10;
    public static final long MAX_STREAM_DATA = 0x11;
    public static final long MAX_STREAMS_BIDI = 0x12;
    public static final long MAX_STREAMS_UNI = 0x13;
    public static final long DATA_BLOCKED = 0x14;
    public static final long STREAM_DATA_BLOCKED = 0x15;
    public static final long STREAMS_BLOCKED_BIDI = 0x16;
    public static final long STREAMS_BLOCKED_UNI = 0x17;
    public static final long NEW_CONNECTION_ID = 0x18;
    public static final long RETIRE_CONNECTION_ID = 0x19;
    public static final long PATH_CHALLENGE = 0x1a;
    public static final long PATH_RESPONSE = 0x1b;
    /** CONNECTION_CLOSE signalling a QUIC-layer error or NO_ERROR (§19.19). */
    public static final long CONNECTION_CLOSE = 0x1c;
    /** CONNECTION_CLOSE signalling an application error (§19.19). */
    public static final long CONNECTION_CLOSE_APPLICATION = 0x1d;
    public static final long HANDSHAKE_DONE = 0x1e;
    /** RFC 9221 §4: DATAGRAM without a Length field; the data extends to the end of the packet. */
    public static final long DATAGRAM = 0x30;
    /** RFC 9221 §4: DATAGRAM with a Length field. */
    public static final long DATAGRAM_WITH_LENGTH = 0x31;

    private FrameType() {
    }

    /** Whether this stack can decode the frame type (RFC 9000 §12.4 Table 3 plus RFC 9221 §4). */
    public static boolean isKnown(long type) {
        return (type >= PADDING && type <= HANDSHAKE_DONE) || type == DATAGRAM || type == DATAGRAM_WITH_LENGTH;
    }

    public static boolean isStream(long type) {
        return (type & ~0x07L) == STREAM;
    }

    /** The RFC name of a frame type, e.g. "STREAM" for 0x0b, or hex for an unknown type. */
    public static String name(long type) {
        if (isStream(type)) {
            return "STREAM";
        }
        return switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case 0x00 -> "PADDING";
            case 0x01 -> "PING";
            case 0x02, 0x03 -> "ACK";
            case 0x04 -> "RESET_STREAM";
            case 0x05 -> "STOP_SENDING";
            case 0x06 -> "CRYPTO";
            case 0x07 -> "NEW_TOKEN";
            case 0x10 -> "MAX_DATA";
            case 0x11 -> "MAX_STREAM_DATA";
            case 0x12, 0x13 -> "MAX_STREAMS";
            case 0x14 -> "DATA_BLOCKED";
            case 0x15 -> "STREAM_DATA_BLOCKED";
            case 0x16, 0x17 -> "STREAMS_BLOCKED";
            case 0x18 -> "NEW_CONNECTION_ID";
            case 0x19 -> "RETIRE_CONNECTION_ID";
            case 0x1a -> "PATH_CHALLENGE";
            case 0x1b -> "PATH_RESPONSE";
            case 0x1c, 0x1d -> "CONNECTION_CLOSE";
            case 0x1e -> "HANDSHAKE_DONE";
            case 0x30, 0x31 -> "DATAGRAM";
            default -> "0x" + Long.toHexString(type);
        };
    }
}
