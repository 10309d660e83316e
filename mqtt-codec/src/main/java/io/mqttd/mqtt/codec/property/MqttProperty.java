package io.mqttd.mqtt.codec.property;

import static io.mqttd.mqtt.codec.property.PropertyContext.AUTH;
import static io.mqttd.mqtt.codec.property.PropertyContext.CONNACK;
import static io.mqttd.mqtt.codec.property.PropertyContext.CONNECT;
import static io.mqttd.mqtt.codec.property.PropertyContext.DISCONNECT;
import static io.mqttd.mqtt.codec.property.PropertyContext.PUBACK;
import static io.mqttd.mqtt.codec.property.PropertyContext.PUBCOMP;
import static io.mqttd.mqtt.codec.property.PropertyContext.PUBLISH;
import static io.mqttd.mqtt.codec.property.PropertyContext.PUBREC;
import static io.mqttd.mqtt.codec.property.PropertyContext.PUBREL;
import static io.mqttd.mqtt.codec.property.PropertyContext.SUBACK;
import static io.mqttd.mqtt.codec.property.PropertyContext.SUBSCRIBE;
import static io.mqttd.mqtt.codec.property.PropertyContext.UNSUBACK;
import static io.mqttd.mqtt.codec.property.PropertyContext.UNSUBSCRIBE;
import static io.mqttd.mqtt.codec.property.PropertyContext.WILL;
import static io.mqttd.mqtt.codec.property.PropertyType.BINARY_DATA;
import static io.mqttd.mqtt.codec.property.PropertyType.BYTE;
import static io.mqttd.mqtt.codec.property.PropertyType.FOUR_BYTE_INTEGER;
import static io.mqttd.mqtt.codec.property.PropertyType.TWO_BYTE_INTEGER;
import static io.mqttd.mqtt.codec.property.PropertyType.UTF8_STRING;
import static io.mqttd.mqtt.codec.property.PropertyType.UTF8_STRING_PAIR;
import static io.mqttd.mqtt.codec.property.PropertyType.VARIABLE_BYTE_INTEGER;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every MQTT 5.0 property: identifier, type and the packets it may appear in (§2.2.2.2, Table 2-4).
 * Identifiers are written as one byte here; the specification makes them Variable Byte Integers,
 * which for values below 128 is the same byte.
 */
public enum MqttProperty {
    PAYLOAD_FORMAT_INDICATOR(0x01, BYTE, PUBLISH, WILL),
    MESSAGE_EXPIRY_INTERVAL(0x02, FOUR_BYTE_INTEGER, PUBLISH, WILL),
    CONTENT_TYPE(0x03, UTF8_STRING, PUBLISH, WILL),
    RESPONSE_TOPIC(0x08, UTF8_STRING, PUBLISH, WILL),
    CORRELATION_DATA(0x09, BINARY_DATA, PUBLISH, WILL),
    /** Several may appear in PUBLISH (one per matching subscription, §3.3.2.3.8), one in SUBSCRIBE. */
    SUBSCRIPTION_IDENTIFIER(0x0B, VARIABLE_BYTE_INTEGER, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, FOUR_BYTE_INTEGER, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, UTF8_STRING, CONNACK),
    SERVER_KEEP_ALIVE(0x13, TWO_BYTE_INTEGER, CONNACK),
    AUTHENTICATION_METHOD(0x15, UTF8_STRING, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, BINARY_DATA, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, BYTE, CONNECT),
    WILL_DELAY_INTERVAL(0x18, FOUR_BYTE_INTEGER, WILL),
    REQUEST_RESPONSE_INFORMATION(0x19, BYTE, CONNECT),
    RESPONSE_INFORMATION(0x1A, UTF8_STRING, CONNACK),
    SERVER_REFERENCE(0x1C, UTF8_STRING, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, UTF8_STRING, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, TWO_BYTE_INTEGER, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, TWO_BYTE_INTEGER, PUBLISH),
    MAXIMUM_QOS(0x24, BYTE, CONNACK),
    RETAIN_AVAILABLE(0x25, BYTE, CONNACK),
    /** May appear any number of times, order preserved (§2.2.2.2, §3.1.2.11.8). */
    USER_PROPERTY(0x26, UTF8_STRING_PAIR, CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP,
            SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH),
    MAXIMUM_PACKET_SIZE(0x27, FOUR_BYTE_INTEGER, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, BYTE, CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, BYTE, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, BYTE, CONNACK);

    /** One past the largest identifier, so identifiers index arrays and fit a {@code long} mask. */
    public static final int ID_LIMIT = 0x2B;

    private static final MqttProperty[] BY_ID = new MqttProperty[ID_LIMIT];

    static {
        for (MqttProperty p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final PropertyType type;
    private final Set<PropertyContext> contexts;
    private final long contextMask;

    MqttProperty(int id, PropertyType type, PropertyContext first, PropertyContext... rest) {
        this.id = id;
        this.type = type;
        this.contexts = EnumSet.of(first, rest);
        long mask = 0;
        for (PropertyContext c : contexts) {
            mask |= 1L << c.ordinal();
        }
        this.contextMask = mask;
    }

    /** The identifier byte. */
    public int id() {
        return id;
    }

    public PropertyType type() {
        return type;
    }

    /** The packets (and Will Properties) this property may appear in. */
    public Set<PropertyContext> contexts() {
        return EnumSet.copyOf(contexts);
    }

    public boolean isAllowedIn(PropertyContext context) {
        return (contextMask & 1L << context.ordinal()) != 0;
    }

    /**
     * Whether the property may appear more than once in that context: User Property always,
     * Subscription Identifier only in PUBLISH (§2.2.2.2, §3.8.2.1.2: more than once in SUBSCRIBE is
     * a Protocol Error).
     */
    public boolean isRepeatableIn(PropertyContext context) {
        return this == USER_PROPERTY || this == SUBSCRIPTION_IDENTIFIER && context == PUBLISH;
    }

    /** The property with this identifier, or {@code null} if there is none. */
    public static MqttProperty ofId(int id) {
        return id >= 0 && id < ID_LIMIT ? BY_ID[id] : null;
    }
}
