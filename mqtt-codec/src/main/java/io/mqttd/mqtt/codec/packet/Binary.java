package io.mqttd.mqtt.codec.packet;

import java.nio.ByteBuffer;

/**
 * Binary fields of packets (payloads, passwords) are held as read-only {@link ByteBuffer}s: their
 * equals and hashCode compare content, so records stay values, and a decoded payload can be a slice
 * of the bytes it arrived in instead of a copy.
 */
final class Binary {
    private Binary() {
    }

    /**
     * A read-only view of the remaining bytes of {@code b}, no copy of the bytes. Always a new view,
     * so that the caller moving its buffer's position or limit later cannot change the packet.
     */
    static ByteBuffer readOnly(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        return b.asReadOnlyBuffer();
    }

    /** A read-only view of the maximum length allowed for Binary Data (§1.5.6). */
    static ByteBuffer readOnlyBinaryData(ByteBuffer b, String what) {
        ByteBuffer r = readOnly(b);
        if (r != null && r.remaining() > 0xFFFF) {
            throw new IllegalArgumentException(what + " longer than 65,535 bytes (§1.5.6)");
        }
        return r;
    }

    static ByteBuffer view(ByteBuffer b) {
        return b == null ? null : b.slice();
    }
}
