package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Will Message of a session (MQTT 5.0 §3.1.2.5, §3.1.3.2-§3.1.3.4) with its Will Delay
 * Interval in seconds (§3.1.3.2.2). {@code properties} are the Will Properties in their wire
 * encoding without the length prefix, opaque to the store; they still hold the Will Delay
 * Interval and a relative Message Expiry Interval, which starts only when the will is published.
 *
 * <p>The store keeps the will so that a broker restarting after a crash can still publish the
 * wills of the clients whose connections the crash cut (§3.1.2.5: the will is published when the
 * network connection closes without a DISCONNECT with reason code 0x00).
 */
public record WillMessage(
        String topic,
        byte[] payload,
        Qos qos,
        boolean retain,
        byte[] properties,
        long delayIntervalSeconds) {

    public WillMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
        if (!StoreKeys.fitsU16(topic)) {
            throw new IllegalArgumentException("will topic longer than 65535 bytes");
        }
        // §3.1.3.2.2: a Four Byte Integer.
        if (delayIntervalSeconds < 0 || delayIntervalSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("will delay interval out of range: " + delayIntervalSeconds);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WillMessage w
                && retain == w.retain
                && delayIntervalSeconds == w.delayIntervalSeconds
                && qos == w.qos
                && topic.equals(w.topic)
                && Arrays.equals(payload, w.payload)
                && Arrays.equals(properties, w.properties);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(topic, qos, retain, delayIntervalSeconds);
        return 31 * (31 * h + Arrays.hashCode(payload)) + Arrays.hashCode(properties);
    }

    @Override
    public String toString() {
        return "WillMessage[topic=" + topic + ", payload=" + payload.length + " bytes, qos=" + qos + ", retain="
                + retain + ", properties=" + properties.length + " bytes, delay=" + delayIntervalSeconds + "s]";
    }
}
