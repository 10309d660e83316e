package io.mqttd.mqtt.server.broker;

import java.nio.ByteBuffer;

/**
 * Reads the Protocol Level of a CONNECT without decoding it (MQTT 5.0 §3.1.2.2), so that a CONNECT
 * the decoder refuses can still be answered in the client's own version (§3.1.4: the CONNACK
 * then carries the reason).
 */
final class ConnectPeek {
    private ConnectPeek() {
    }

    /** The Protocol Level byte of the CONNECT at the buffer's position, or -1 if it is not there (yet). */
    static int protocolLevel(ByteBuffer in) {
        int p = in.position();
        int limit = in.limit();
        if (limit - p < 2 || (in.get(p) & 0xFF) != 0x10) {
            return -1;
        }
        p++;
        for (int i = 0; i < 4; i++, p++) {
            if (p >= limit) {
                return -1;
            }
            if ((in.get(p) & 0x80) == 0) {
                break;
            }
        }
        p++;
        if (limit - p < 2) {
            return -1;
        }
        int nameLength = (in.get(p) & 0xFF) << 8 | in.get(p + 1) & 0xFF;
        int levelAt = p + 2 + nameLength;
        return levelAt < limit ? in.get(levelAt) & 0xFF : -1;
    }
}
