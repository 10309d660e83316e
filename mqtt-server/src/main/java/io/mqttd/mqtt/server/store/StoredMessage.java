package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import java.util.Arrays;
import java.util.Objects;

/**
 * An application message as the store keeps it: in a client's outbound queue (where {@code qos}
 * and {@code retain} are the values to deliver with, after the subscription's downgrade and
 * Retain As Published) or as the retained message of its topic.
 *
 * <p>{@code properties} are the PUBLISH properties in their MQTT 5.0 wire encoding (§3.3.2.3), the
 * property-length prefix excluded; the store treats them as opaque and an empty array means none.
 * The Message Expiry Interval (§3.3.2.3.3) is relative on the wire; the store keeps the absolute
 * instant instead ({@code expiresAtMillis}, epoch milliseconds, {@link #NO_EXPIRY} for none) so
 * that a restart can still tell how much of it is left. {@code publisherClientId} is kept for the
 * No Local option (§3.8.3.1); it is empty when the broker itself published the message.
 *
 * <p>The arrays are not copied, to keep the publish path free of copies: whoever hands them over
 * must not change them afterwards.
 */
public record StoredMessage(
        String topic,
        byte[] payload,
        Qos qos,
        boolean retain,
        byte[] properties,
        long expiresAtMillis,
        String publisherClientId) {

    /** {@link #expiresAtMillis()} of a message without a Message Expiry Interval. */
    public static final long NO_EXPIRY = Long.MAX_VALUE;

    private static final byte[] EMPTY = new byte[0];

    public StoredMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(publisherClientId, "publisherClientId");
        // MQTT 5.0 §1.5.4: a UTF-8 string is at most 65,535 bytes; the store's u16 length relies on it.
        if (!StoreKeys.fitsU16(topic)) {
            throw new IllegalArgumentException("topic longer than 65535 bytes");
        }
        if (!StoreKeys.fitsU16(publisherClientId)) {
            throw new IllegalArgumentException("client id longer than 65535 bytes");
        }
    }

    /** A message without properties and without expiry. */
    public static StoredMessage of(String topic, byte[] payload, Qos qos, boolean retain, String publisherClientId) {
        return new StoredMessage(topic, payload, qos, retain, EMPTY, NO_EXPIRY, publisherClientId);
    }

    /** Whether the message has a Message Expiry Interval. */
    public boolean hasExpiry() {
        return expiresAtMillis != NO_EXPIRY;
    }

    /** MQTT 5.0 §3.3.2.3.3: an expired message must not be delivered to any subscriber. */
    public boolean isExpiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /** The same message with another Qos and retain flag, as delivered to one subscription. */
    public StoredMessage withDelivery(Qos deliveryQos, boolean deliveryRetain) {
        return new StoredMessage(topic, payload, deliveryQos, deliveryRetain, properties, expiresAtMillis,
                publisherClientId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage m
                && retain == m.retain
                && expiresAtMillis == m.expiresAtMillis
                && qos == m.qos
                && topic.equals(m.topic)
                && publisherClientId.equals(m.publisherClientId)
                && Arrays.equals(payload, m.payload)
                && Arrays.equals(properties, m.properties);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(topic, qos, retain, expiresAtMillis, publisherClientId);
        return 31 * (31 * h + Arrays.hashCode(payload)) + Arrays.hashCode(properties);
    }

    @Override
    public String toString() {
        return "StoredMessage[topic=" + topic + ", payload=" + payload.length + " bytes, qos=" + qos
                + ", retain=" + retain + ", properties=" + properties.length + " bytes, expiresAtMillis="
                + (hasExpiry() ? Long.toString(expiresAtMillis) : "none") + ", publisher=" + publisherClientId + "]";
    }
}
