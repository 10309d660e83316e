package io.mqttd.quic.frame;

/**
 * Sizing of a varint Length field followed by that many bytes (CRYPTO, STREAM with LEN, DATAGRAM
 * with LEN, CONNECTION_CLOSE's reason): the field's own size depends on the length it carries
 * (RFC 9000 §16), so filling a given room exactly needs a little care.
 */
final class LengthField {
    private LengthField() {
    }

    /**
     * The most data bytes that fit in {@code room} bytes together with their Length field in its
     * shortest form, or -1 when not even an empty field fits.
     */
    static int maxDataFitting(int room) {
        if (room < 1) {
            return -1;
        }
        if (room - 1 <= 0x3f) {
            return room - 1;
        }
        if (room - 2 <= 0x3fff) {
            return room - 2;
        }
        // A 4-byte field: but when room - 4 < 2^14 the 2-byte field still carries 16383 bytes.
        return Math.max(0x3fff, Math.min(room - 4, 0x3fff_ffff));
    }
}
