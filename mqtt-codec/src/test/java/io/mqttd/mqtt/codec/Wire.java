package io.mqttd.mqtt.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds raw packet bytes by hand for tests, so that they can break rules our encoder never breaks. */
final class Wire {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    static Wire body() {
        return new Wire();
    }

    Wire bytes(int... values) {
        for (int v : values) {
            body.write(v);
        }
        return this;
    }

    Wire raw(byte[] b) {
        body.writeBytes(b);
        return this;
    }

    Wire str(String s) {
        return utf8(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A UTF-8 string field with arbitrary (possibly ill-formed) bytes. */
    Wire utf8(byte[] b) {
        bytes(b.length >>> 8, b.length & 0xFF);
        return raw(b);
    }

    Wire u16(int v) {
        return bytes(v >>> 8, v & 0xFF);
    }

    /** Fixed header with the minimal Remaining Length, then the body. */
    ByteBuffer packet(int firstByte) {
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int len = b.length;
        do {
            int digit = len & 0x7F;
            len >>>= 7;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(b);
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** A minimal valid MQTT 5.0 CONNECT body up to and including the Client Identifier. */
    static Wire connect5(int flags) {
        return body().str("MQTT").bytes(5, flags).u16(60).bytes(0).str("cid");
    }
}
