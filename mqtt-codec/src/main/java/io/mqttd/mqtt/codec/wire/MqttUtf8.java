package io.mqttd.mqtt.codec.wire;

import io.mqttd.mqtt.codec.MqttDecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 Encoded Strings (MQTT 5.0 §1.5.4): a two-byte length then well-formed UTF-8 (RFC 3629)
 * that encodes no U+0000 and no surrogate code point.
 *
 * <p>The validator is written out here rather than delegated to a {@code CharsetDecoder} so that
 * each violation maps to its own normative statement and the common all-ASCII case decodes without
 * an intermediate copy. U+FEFF (bytes EF BB BF) is kept wherever it appears: MQTT-1.5.4-3 forbids a
 * receiver to skip or strip it. Control characters and non-characters are accepted: the
 * specification says a sender SHOULD NOT use them and leaves rejection to the receiver's
 * application (§1.5.4).
 */
public final class MqttUtf8 {
    /** The largest encoded length a two-byte length prefix allows (§1.5.4). */
    public static final int MAX_BYTES = 65_535;

    private MqttUtf8() {
    }

    /**
     * Reads a length-prefixed string at the buffer's position.
     *
     * @param what names the field in error messages
     */
    public static String read(ByteBuffer in, String what) throws MqttDecodeException {
        int length = WireReader.readTwoByteInt(in, what);
        return decode(in, length, what);
    }

    /** Decodes {@code length} bytes at the buffer's position as MQTT UTF-8 and advances past them. */
    public static String decode(ByteBuffer in, int length, String what) throws MqttDecodeException {
        if (in.remaining() < length) {
            throw MqttDecodeException.malformed("§1.5.4", what + " runs past the end of the packet");
        }
        int start = in.position();
        boolean ascii = true;
        for (int i = start, end = start + length; i < end; i++) {
            int b = in.get(i);
            if (b <= 0) {
                ascii = false;
                break;
            }
        }
        byte[] bytes;
        int offset;
        if (in.hasArray()) {
            bytes = in.array();
            offset = in.arrayOffset() + start;
        } else {
            bytes = new byte[length];
            in.get(start, bytes);
            offset = 0;
        }
        if (!ascii) {
            validate(bytes, offset, length, what);
        }
        in.position(start + length);
        // ISO-8859-1 decodes all-ASCII bytes one to one without a validation pass.
        return new String(bytes, offset, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Checks well-formedness per RFC 3629 §4 (Unicode Table 3-7), no U+0000 and no surrogates. */
    private static void validate(byte[] b, int offset, int length, String what) throws MqttDecodeException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b0 = b[i] & 0xFF;
            if (b0 == 0) {
                throw MqttDecodeException.malformed("MQTT-1.5.4-2", what + " contains U+0000");
            }
            if (b0 < 0x80) {
                i++;
                continue;
            }
            int need;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                if (b0 == 0xE0) {
                    min2 = 0xA0; // overlong
                } else if (b0 == 0xED) {
                    max2 = 0x9F; // ED A0..BF would encode U+D800..U+DFFF
                }
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                if (b0 == 0xF0) {
                    min2 = 0x90; // overlong
                } else if (b0 == 0xF4) {
                    max2 = 0x8F; // above U+10FFFF
                }
            } else {
                throw MqttDecodeException.malformed("MQTT-1.5.4-1", what + " is not well-formed UTF-8");
            }
            if (i + need >= end) {
                throw MqttDecodeException.malformed("MQTT-1.5.4-1", what + " ends inside a UTF-8 sequence");
            }
            int b1 = b[i + 1] & 0xFF;
            if (b1 < min2 || b1 > max2) {
                boolean surrogate = b0 == 0xED && b1 >= 0xA0 && b1 <= 0xBF;
                throw MqttDecodeException.malformed("MQTT-1.5.4-1",
                        what + (surrogate ? " encodes a surrogate code point" : " is not well-formed UTF-8"));
            }
            for (int k = 2; k <= need; k++) {
                int bk = b[i + k] & 0xFF;
                if (bk < 0x80 || bk > 0xBF) {
                    throw MqttDecodeException.malformed("MQTT-1.5.4-1", what + " is not well-formed UTF-8");
                }
            }
            i += need + 1;
        }
    }

    /**
     * The encoded length of a string held locally, checked against §1.5.4: throws
     * IllegalArgumentException for U+0000, an unpaired surrogate or more than 65,535 bytes, since a
     * sender MUST NOT produce them (MQTT-1.5.4-1, MQTT-1.5.4-2).
     */
    public static int encodedLength(String s, String what) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    throw new IllegalArgumentException(what + " contains U+0000 (MQTT-1.5.4-2)");
                }
            } else if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // four bytes for two chars
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " contains an unpaired surrogate (MQTT-1.5.4-1)");
            } else {
                bytes += 2;
            }
        }
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(what + " encodes to more than 65,535 bytes (§1.5.4)");
        }
        return bytes;
    }

    /** Writes the two-byte length and the UTF-8 bytes of a string already checked by {@link #encodedLength}. */
    public static void write(ByteBuffer out, String s, int encodedLength) {
        out.put((byte) (encodedLength >>> 8)).put((byte) encodedLength);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put((byte) (0xF0 | cp >> 18)).put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F)).put((byte) (0x80 | cp & 0x3F));
            } else {
                out.put((byte) (0xE0 | c >> 12)).put((byte) (0x80 | c >> 6 & 0x3F)).put((byte) (0x80 | c & 0x3F));
            }
        }
    }
}
