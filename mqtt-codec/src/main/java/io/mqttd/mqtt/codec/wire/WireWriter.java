package io.mqttd.mqtt.codec.wire;

import java.nio.ByteBuffer;

/**
 * Writes of the MQTT integer types (MQTT 5.0 §1.5.2, §1.5.3), byte by byte so that they are
 * big-endian whatever byte order the caller's buffer is set to.
 */
public final class WireWriter {
    private WireWriter() {
    }

    public static void writeTwoByteInt(ByteBuffer out, int value) {
        out.put((byte) (value >>> 8)).put((byte) value);
    }

    public static void writeFourByteInt(ByteBuffer out, long value) {
        out.put((byte) (value >>> 24)).put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
    }

    /** Binary Data (§1.5.6): two-byte length then the buffer's remaining bytes, which are not consumed. */
    public static void writeBinary(ByteBuffer out, ByteBuffer data) {
        writeTwoByteInt(out, data.remaining());
        out.put(data.duplicate());
    }
}
