package io.mqttd.mqtt.codec.wire;

import io.mqttd.mqtt.codec.MqttDecodeException;
import java.nio.ByteBuffer;

/**
 * Bounds-checked reads of the MQTT data types (MQTT 5.0 §1.5) from a buffer whose limit is the end
 * of the current packet, so that a field running past the packet is a Malformed Packet and never a
 * {@code BufferUnderflowException}. Integers are read byte by byte: big-endian per §1.5.2 whatever
 * byte order the caller's buffer is set to.
 */
public final class WireReader {
    private WireReader() {
    }

    public static int readByte(ByteBuffer in, String what) throws MqttDecodeException {
        if (!in.hasRemaining()) {
            throw MqttDecodeException.malformed("§1.5.1", what + " missing: packet too short");
        }
        return in.get() & 0xFF;
    }

    /** Two Byte Integer (§1.5.2). */
    public static int readTwoByteInt(ByteBuffer in, String what) throws MqttDecodeException {
        if (in.remaining() < 2) {
            throw MqttDecodeException.malformed("§1.5.2", what + " missing: packet too short");
        }
        return (in.get() & 0xFF) << 8 | in.get() & 0xFF;
    }

    /** Four Byte Integer (§1.5.3), returned unsigned. */
    public static long readFourByteInt(ByteBuffer in, String what) throws MqttDecodeException {
        if (in.remaining() < 4) {
            throw MqttDecodeException.malformed("§1.5.3", what + " missing: packet too short");
        }
        return ((long) (in.get() & 0xFF) << 24) | (in.get() & 0xFF) << 16 | (in.get() & 0xFF) << 8 | in.get() & 0xFF;
    }

    /**
     * Binary Data (§1.5.6): a two-byte length and that many bytes, returned as a read-only slice of
     * the input (no copy).
     */
    public static ByteBuffer readBinary(ByteBuffer in, String what) throws MqttDecodeException {
        int length = readTwoByteInt(in, what);
        if (in.remaining() < length) {
            throw MqttDecodeException.malformed("§1.5.6", what + " runs past the end of the packet");
        }
        return readSlice(in, length);
    }

    /**
     * A read-only view of the next {@code length} bytes, sharing the input's memory (one small object,
     * no copy); the caller has checked they are there. The view's position need not be 0: only its
     * remaining bytes count, as for {@code ByteBuffer.equals}.
     */
    public static ByteBuffer readSlice(ByteBuffer in, int length) {
        int start = in.position();
        ByteBuffer view = in.asReadOnlyBuffer();
        view.limit(start + length);
        in.position(start + length);
        return view;
    }
}
