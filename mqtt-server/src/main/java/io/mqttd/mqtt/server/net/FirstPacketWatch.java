package io.mqttd.mqtt.server.net;

import java.nio.ByteBuffer;

/**
 * Follows the bytes of a new connection only until its first MQTT packet is complete, so the
 * listener can close a connection that never completes one (the connect timeout) without parsing
 * anything itself. It reads the fixed header only: the type byte and the Remaining Length (MQTT 5.0
 * §2.1.1, §1.5.5 Variable Byte Integer), then counts body bytes.
 *
 * <p>Why here and not in the broker core: a client that connects and sends nothing, or trickles a
 * CONNECT one byte a minute, never reaches the core's decoder. MQTT-3.1.0-1 makes CONNECT the first
 * packet, and MQTT 3.1.1 §3.1.4 says a server SHOULD close a connection whose CONNECT does not
 * arrive within a reasonable time. Whether the first packet is a valid CONNECT is the core's call.
 *
 * <p>Not thread-safe: used on the connection's event loop only. No allocation.
 */
final class FirstPacketWatch {

    private static final int TYPE_BYTE = 0;
    private static final int LENGTH = 1;
    private static final int BODY = 2;
    private static final int DONE = 3;
    /** A fifth length byte, or anything else the core will refuse: stop watching, the core closes. */
    private static final int GAVE_UP = 4;

    private int state = TYPE_BYTE;
    private int lengthShift;
    private long remaining;

    /** Consumes {@code data} from its position to its limit without moving either. */
    void observe(ByteBuffer data) {
        int i = data.position();
        int end = data.limit();
        while (i < end && state < DONE) {
            int b = data.get(i) & 0xFF;
            switch (state) {
                case TYPE_BYTE -> {
                    state = LENGTH;
                    i++;
                }
                case LENGTH -> {
                    remaining |= (long) (b & 0x7F) << lengthShift;
                    lengthShift += 7;
                    i++;
                    if ((b & 0x80) == 0) {
                        state = remaining == 0 ? DONE : BODY;
                    } else if (lengthShift >= 28) {
                        // §1.5.5: at most four bytes. The core's decoder reports Malformed Packet.
                        state = GAVE_UP;
                    }
                }
                case BODY -> {
                    long take = Math.min(remaining, end - i);
                    remaining -= take;
                    i += (int) take;
                    if (remaining == 0) {
                        state = DONE;
                    }
                }
                default -> throw new AssertionError(state);
            }
        }
    }

    /** True once the first packet was seen whole (or its header was beyond repair). */
    boolean firstPacketComplete() {
        return state >= DONE;
    }
}
