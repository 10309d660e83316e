package io.mqttd.mqtt.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over one stored record. Every read that would run past the end, and
 * every string that is not well-formed UTF-8, throws {@link CorruptRecordException}: bytes read
 * from disk get the same treatment as bytes from a peer.
 */
final class RecordReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    RecordReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    RecordReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    int remaining() {
        return end - position;
    }

    private void need(int count, String what) {
        if (count < 0 || count > end - position) {
            throw new CorruptRecordException("truncated " + what + ": need " + count + " bytes, " + (end - position)
                    + " left");
        }
    }

    int u8(String what) {
        need(1, what);
        return bytes[position++] & 0xFF;
    }

    int u16(String what) {
        need(2, what);
        int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    long u32(String what) {
        need(4, what);
        long value = ((long) (bytes[position] & 0xFF) << 24) | ((bytes[position + 1] & 0xFF) << 16)
                | ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    long i64(String what) {
        need(8, what);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position + i] & 0xFF);
        }
        position += 8;
        return value;
    }

    /** {@code count} bytes; the count comes from the record, so it is checked before allocating. */
    byte[] bytes(long count, String what) {
        if (count > end - position) {
            throw new CorruptRecordException("truncated " + what + ": length " + count + ", " + (end - position)
                    + " bytes left");
        }
        byte[] out = new byte[(int) count];
        System.arraycopy(bytes, position, out, 0, out.length);
        position += out.length;
        return out;
    }

    /** A UTF-8 string with a two-byte length, as MQTT encodes them (§1.5.4). */
    String string16(String what) {
        int length = u16(what);
        need(length, what);
        String value = utf8(bytes, position, length, what);
        position += length;
        return value;
    }

    void expectEnd(String what) {
        if (position != end) {
            throw new CorruptRecordException(what + ": " + (end - position) + " trailing bytes");
        }
    }

    static String utf8(byte[] source, int offset, int length, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(source, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptRecordException(what + " is not valid UTF-8");
        }
    }
}
