package io.mqttd.quic.frame;

import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.TransportError;

/**
 * Which frame types may appear in which packet types: RFC 9000 §12.4 Table 3, column "Pkts"
 * (I = Initial, H = Handshake, 0 = 0-RTT, 1 = 1-RTT), narrowed by §12.5 for 0-RTT and extended
 * with DATAGRAM (RFC 9221 §5: 0-RTT or 1-RTT only).
 *
 * <p>Decisions: §12.5 lists ACK, CRYPTO, HANDSHAKE_DONE, NEW_TOKEN, PATH_RESPONSE and
 * RETIRE_CONNECTION_ID as impossible in 0-RTT and lets a server treat them as PROTOCOL_VIOLATION;
 * we do. For all but RETIRE_CONNECTION_ID Table 3 already says so; for RETIRE_CONNECTION_ID
 * (Table 3: "__01") this table follows §12.5. Retry and Version Negotiation packets carry no frames
 * (§12.4), so nothing is permitted in them. Unknown frame types are not permitted anywhere; the
 * decoder reports them as FRAME_ENCODING_ERROR before asking this table.
 */
public final class PermittedFrames {
    private static final int I = 1;
    private static final int H = 2;
    private static final int Z = 4;
    private static final int O = 8;

    /** Indexed by frame type 0x00-0x1e; DATAGRAM (0x30, 0x31) is handled apart. */
    private static final int[] PACKETS = {
        I | H | Z | O, // 0x00 PADDING
        I | H | Z | O, // 0x01 PING
        I | H | O,     // 0x02 ACK
        I | H | O,     // 0x03 ACK_ECN
        Z | O,         // 0x04 RESET_STREAM
        Z | O,         // 0x05 STOP_SENDING
        I | H | O,     // 0x06 CRYPTO
        O,             // 0x07 NEW_TOKEN
        Z | O, Z | O, Z | O, Z | O, Z | O, Z | O, Z | O, Z | O, // 0x08-0x0f STREAM
        Z | O,         // 0x10 MAX_DATA
        Z | O,         // 0x11 MAX_STREAM_DATA
        Z | O,         // 0x12 MAX_STREAMS bidi
        Z | O,         // 0x13 MAX_STREAMS uni
        Z | O,         // 0x14 DATA_BLOCKED
        Z | O,         // 0x15 STREAM_DATA_BLOCKED
        Z | O,         // 0x16 STREAMS_BLOCKED bidi
        Z | O,         // 0x17 STREAMS_BLOCKED uni
        Z | O,         // 0x18 NEW_CONNECTION_ID
        O,             // 0x19 RETIRE_CONNECTION_ID (§12.5 excludes 0-RTT)
        Z | O,         // 0x1a PATH_CHALLENGE
        O,             // 0x1b PATH_RESPONSE
        I | H | Z | O, // 0x1c CONNECTION_CLOSE (transport): the "ih" of Table 3
        Z | O,         // 0x1d CONNECTION_CLOSE (application): §12.5, application data space only
        O,             // 0x1e HANDSHAKE_DONE
    };

    private PermittedFrames() {
    }

    /** Whether a frame of {@code frameType} may appear in a packet of {@code packetType}. */
    public static boolean isPermitted(long frameType, PacketType packetType) {
        int column = switch (packetType) {
            case INITIAL -> I;
            case HANDSHAKE -> H;
            case ZERO_RTT -> Z;
            case ONE_RTT -> O;
            case RETRY, VERSION_NEGOTIATION -> 0;
        };
        int allowed;
        if (frameType >= 0 && frameType < PACKETS.length) {
            allowed = PACKETS[(int) frameType];
        } else if (frameType == FrameType.DATAGRAM || frameType == FrameType.DATAGRAM_WITH_LENGTH) {
            allowed = Z | O;
        } else {
            allowed = 0;
        }
        return (allowed & column) != 0;
    }

    /**
     * RFC 9000 §12.4: "An endpoint MUST treat receipt of a frame in a packet type that is not
     * permitted as a connection error of type PROTOCOL_VIOLATION."
     *
     * @throws TransportError PROTOCOL_VIOLATION naming the frame type
     */
    public static void check(long frameType, PacketType packetType) {
        if (!isPermitted(frameType, packetType)) {
            throw TransportError.protocolViolation(frameType,
                    FrameType.name(frameType) + " frame not permitted in a " + packetType + " packet");
        }
    }
}
