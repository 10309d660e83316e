package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.MqttDecodeException;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.codec.property.PropertyContext;
import io.mqttd.mqtt.codec.wire.VariableByteInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * PUBLISH properties in the form the store keeps them ({@code StoredMessage.properties}): the wire
 * encoding of §3.3.2.3 without the length prefix. Only the properties forwarded unaltered
 * (§3.3.2.3: Payload Format Indicator, Content Type, Response Topic, Correlation Data, User
 * Properties) plus the subscriber's Subscription Identifiers are kept; the Topic Alias is
 * connection-bound (§3.3.2.3.4) and the Message Expiry Interval is kept as an absolute instant.
 */
final class StoredProperties {
    static final byte[] NONE = new byte[0];

    private StoredProperties() {
    }

    /** The properties to forward, from an inbound PUBLISH or a will, plus {@code subscriptionIds}. */
    static byte[] encode(MqttProperties inbound, int[] subscriptionIds, int subscriptionIdCount) {
        boolean strip = inbound.contains(MqttProperty.TOPIC_ALIAS) || inbound.contains(MqttProperty.MESSAGE_EXPIRY_INTERVAL)
                || inbound.contains(MqttProperty.SUBSCRIPTION_IDENTIFIER) || inbound.contains(MqttProperty.WILL_DELAY_INTERVAL);
        if (!strip && subscriptionIdCount == 0) {
            return inbound.isEmpty() ? NONE : toBytes(inbound);
        }
        MqttProperties.Builder b = MqttProperties.builder();
        copy(inbound, b, MqttProperty.PAYLOAD_FORMAT_INDICATOR);
        copy(inbound, b, MqttProperty.CONTENT_TYPE);
        copy(inbound, b, MqttProperty.RESPONSE_TOPIC);
        copy(inbound, b, MqttProperty.CORRELATION_DATA);
        inbound.userProperties().forEach(u -> b.addUserProperty(u.name(), u.value()));
        for (int i = 0; i < subscriptionIdCount; i++) {
            b.addSubscriptionIdentifier(subscriptionIds[i]);
        }
        MqttProperties p = b.build();
        return p.isEmpty() ? NONE : toBytes(p);
    }

    /**
     * Will Properties (§3.1.3.2) as a will's stored properties: what the will PUBLISH carries,
     * the Message Expiry Interval still relative (it starts when the will is published), the Will
     * Delay Interval left out (the store keeps it beside).
     */
    static byte[] encodeWill(MqttProperties will) {
        MqttProperties.Builder b = MqttProperties.builder();
        copy(will, b, MqttProperty.PAYLOAD_FORMAT_INDICATOR);
        copy(will, b, MqttProperty.MESSAGE_EXPIRY_INTERVAL);
        copy(will, b, MqttProperty.CONTENT_TYPE);
        copy(will, b, MqttProperty.RESPONSE_TOPIC);
        copy(will, b, MqttProperty.CORRELATION_DATA);
        will.userProperties().forEach(u -> b.addUserProperty(u.name(), u.value()));
        MqttProperties p = b.build();
        return p.isEmpty() ? NONE : toBytes(p);
    }

    /** The stored properties, with the Message Expiry Interval to send (§3.3.2.3.3) if {@code expirySeconds >= 0}. */
    static MqttProperties decode(byte[] stored, long expirySeconds) {
        MqttProperties p = MqttProperties.EMPTY;
        if (stored.length > 0) {
            ByteBuffer buf = ByteBuffer.allocate(4 + stored.length);
            VariableByteInteger.write(buf, stored.length);
            buf.put(stored).flip();
            try {
                p = MqttProperties.read(buf, PropertyContext.PUBLISH);
            } catch (MqttDecodeException e) {
                // Written by encode() above; a record that no longer parses is forwarded without properties.
                p = MqttProperties.EMPTY;
            }
        }
        if (expirySeconds >= 0) {
            p = p.toBuilder().put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, expirySeconds).build();
        }
        return p;
    }

    private static void copy(MqttProperties from, MqttProperties.Builder to, MqttProperty p) {
        if (!from.contains(p)) {
            return;
        }
        switch (p.type()) {
            case UTF8_STRING -> to.put(p, from.string(p));
            case BINARY_DATA -> to.put(p, from.binary(p));
            default -> to.put(p, from.numeric(p, 0));
        }
    }

    private static byte[] toBytes(MqttProperties p) {
        ByteBuffer out = ByteBuffer.allocate(p.encodedLengthWithPrefix());
        p.writeTo(out);
        int prefix = VariableByteInteger.encodedLength(p.encodedLength());
        return Arrays.copyOfRange(out.array(), prefix, out.position());
    }
}
