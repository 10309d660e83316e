package io.mqttd.mqtt.server.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made MQTT 5.0 packets for hostile-client tests, written byte by byte from the specification
 * so that they do not depend on our own codec.
 */
final class RawMqtt {

    private RawMqtt() {
    }

    /** §1.5.5 Variable Byte Integer. */
    static void varInt(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.write(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        varInt(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    /** §3.1 CONNECT, version 5, Clean Start, keep alive 60 s, no properties. */
    static byte[] connect(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(5);
        body.write(0x02);
        body.write(0);
        body.write(60);
        body.write(0);
        string(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    /**
     * §3.1 CONNECT, version 5, Clean Start, keep alive 60 s, with a Will (§3.1.2.5): QoS 1, no
     * Will Delay, no properties.
     */
    static byte[] connectWithWill(String clientId, String willTopic, byte[] willPayload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(5);
        body.write(0x02 | 0x04 | 0x08); // Clean Start, Will Flag, Will QoS 1 (§3.1.2.3)
        body.write(0);
        body.write(60);
        body.write(0);
        string(body, clientId);
        body.write(0); // Will Properties length (§3.1.3.2)
        string(body, willTopic);
        body.write(willPayload.length >> 8);
        body.write(willPayload.length & 0xFF);
        body.writeBytes(willPayload);
        return packet(0x10, body.toByteArray());
    }

    /** §3.8 SUBSCRIBE with packet id 1 and one filter at {@code qos}. */
    static byte[] subscribe(String filter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(1);
        body.write(0);
        string(body, filter);
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    /** §3.3 PUBLISH at QoS 0 with no properties. */
    static byte[] publishQos0(String topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.write(0);
        body.writeBytes(payload);
        return packet(0x30, body.toByteArray());
    }
}
