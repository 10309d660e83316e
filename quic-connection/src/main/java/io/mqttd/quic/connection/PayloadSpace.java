package io.mqttd.quic.connection;

import io.mqttd.quic.frame.Frame;
import java.nio.ByteBuffer;

/**
 * The room left for frames in a packet being built: from the buffer's position to the payload
 * limit (the datagram's end less the AEAD tag). A frame never spans packets (RFC 9000 §12.4), so
 * one that does not fit waits for the next packet.
 */
final class PayloadSpace {
    private PayloadSpace() {
    }

    static boolean fits(ByteBuffer out, int payloadLimit, int bytes) {
        return payloadLimit - out.position() >= bytes;
    }

    /** Encodes {@code frame} if it fits; returns whether it did. */
    static boolean put(ByteBuffer out, int payloadLimit, Frame frame) {
        if (!fits(out, payloadLimit, frame.encodedSize())) {
            return false;
        }
        frame.encode(out);
        return true;
    }
}
