package io.mqttd.mqtt.codec.wire;

import io.mqttd.mqtt.codec.MqttDecodeException;
import java.nio.ByteBuffer;

/**
 * Variable Byte Integer (MQTT 5.0 §1.5.5): seven bits per byte, least significant group first, the
 * high bit set on every byte but the last, at most four bytes, so at most 268,435,455.
 *
 * <p>Decoding accepts non-minimal encodings (e.g. 0x80 0x00 for 0). MQTT-1.5.5-1 ("MUST use the
 * minimal number of bytes") binds the sender, the specification names no receiver action, and the
 * value is unambiguous; the encoder here always writes the minimal form.
 */
public final class VariableByteInteger {
    /** The largest value four bytes can carry (§1.5.5). */
    public static final int MAX_VALUE = 268_435_455;

    /** Returned by {@link #peek} when the buffer ends before the integer does. */
    public static final int INCOMPLETE = -1;

    private VariableByteInteger() {
    }

    /** Bytes the minimal encoding of {@code value} takes: 1 to 4. */
    public static int encodedLength(int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("not a Variable Byte Integer: " + value);
        }
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        return value < 2_097_152 ? 3 : 4;
    }

    /** Writes the minimal encoding (MQTT-1.5.5-1). */
    public static void write(ByteBuffer out, int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("not a Variable Byte Integer: " + value);
        }
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.put((byte) (value > 0 ? digit | 0x80 : digit));
        } while (value > 0);
    }

    /** Reads one integer at the buffer's position and advances past it. */
    public static int read(ByteBuffer in) throws MqttDecodeException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (!in.hasRemaining()) {
                throw MqttDecodeException.malformed("§1.5.5", "Variable Byte Integer runs past the end of the packet");
            }
            int b = in.get() & 0xFF;
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw MqttDecodeException.malformed("§1.5.5", "Variable Byte Integer longer than four bytes");
    }

    /**
     * Reads an integer at absolute index {@code index} without moving the position. Returns the value
     * and its length packed as {@code value << 3 | length}, or {@link #INCOMPLETE} if the buffer ends
     * first. Packing avoids allocating a result object on the per-packet path.
     */
    public static long peek(ByteBuffer in, int index) throws MqttDecodeException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (index + i >= in.limit()) {
                return INCOMPLETE;
            }
            int b = in.get(index + i) & 0xFF;
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return (long) value << 3 | (i + 1);
            }
        }
        throw MqttDecodeException.malformed("§1.5.5", "Variable Byte Integer longer than four bytes");
    }
}
