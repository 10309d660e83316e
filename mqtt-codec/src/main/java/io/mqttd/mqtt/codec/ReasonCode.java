package io.mqttd.mqtt.codec;

import static io.mqttd.mqtt.codec.ControlPacketType.AUTH;
import static io.mqttd.mqtt.codec.ControlPacketType.CONNACK;
import static io.mqttd.mqtt.codec.ControlPacketType.DISCONNECT;
import static io.mqttd.mqtt.codec.ControlPacketType.PUBACK;
import static io.mqttd.mqtt.codec.ControlPacketType.PUBCOMP;
import static io.mqttd.mqtt.codec.ControlPacketType.PUBREC;
import static io.mqttd.mqtt.codec.ControlPacketType.PUBREL;
import static io.mqttd.mqtt.codec.ControlPacketType.SUBACK;
import static io.mqttd.mqtt.codec.ControlPacketType.UNSUBACK;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every MQTT 5.0 reason code (§2.4, Table 2-6) with the packets it may appear in. Three names share
 * the value 0x00 (Success, Normal disconnection, Granted QoS 0), so a value alone does not identify
 * a constant: look one up with {@link #of(int, ControlPacketType)}.
 */
public enum ReasonCode {
    SUCCESS(0x00, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK, AUTH),
    NORMAL_DISCONNECTION(0x00, DISCONNECT),
    GRANTED_QOS_0(0x00, SUBACK),
    GRANTED_QOS_1(0x01, SUBACK),
    GRANTED_QOS_2(0x02, SUBACK),
    DISCONNECT_WITH_WILL_MESSAGE(0x04, DISCONNECT),
    NO_MATCHING_SUBSCRIBERS(0x10, PUBACK, PUBREC),
    NO_SUBSCRIPTION_EXISTED(0x11, UNSUBACK),
    CONTINUE_AUTHENTICATION(0x18, AUTH),
    RE_AUTHENTICATE(0x19, AUTH),
    UNSPECIFIED_ERROR(0x80, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    MALFORMED_PACKET(0x81, CONNACK, DISCONNECT),
    PROTOCOL_ERROR(0x82, CONNACK, DISCONNECT),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, CONNACK),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, CONNACK),
    BAD_USER_NAME_OR_PASSWORD(0x86, CONNACK),
    NOT_AUTHORIZED(0x87, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    SERVER_UNAVAILABLE(0x88, CONNACK),
    SERVER_BUSY(0x89, CONNACK, DISCONNECT),
    BANNED(0x8A, CONNACK),
    SERVER_SHUTTING_DOWN(0x8B, DISCONNECT),
    BAD_AUTHENTICATION_METHOD(0x8C, CONNACK, DISCONNECT),
    KEEP_ALIVE_TIMEOUT(0x8D, DISCONNECT),
    SESSION_TAKEN_OVER(0x8E, DISCONNECT),
    TOPIC_FILTER_INVALID(0x8F, SUBACK, UNSUBACK, DISCONNECT),
    TOPIC_NAME_INVALID(0x90, CONNACK, PUBACK, PUBREC, DISCONNECT),
    PACKET_IDENTIFIER_IN_USE(0x91, PUBACK, PUBREC, SUBACK, UNSUBACK),
    PACKET_IDENTIFIER_NOT_FOUND(0x92, PUBREL, PUBCOMP),
    RECEIVE_MAXIMUM_EXCEEDED(0x93, DISCONNECT),
    TOPIC_ALIAS_INVALID(0x94, DISCONNECT),
    PACKET_TOO_LARGE(0x95, CONNACK, DISCONNECT),
    MESSAGE_RATE_TOO_HIGH(0x96, DISCONNECT),
    QUOTA_EXCEEDED(0x97, CONNACK, PUBACK, PUBREC, SUBACK, DISCONNECT),
    ADMINISTRATIVE_ACTION(0x98, DISCONNECT),
    PAYLOAD_FORMAT_INVALID(0x99, CONNACK, PUBACK, PUBREC, DISCONNECT),
    RETAIN_NOT_SUPPORTED(0x9A, CONNACK, DISCONNECT),
    QOS_NOT_SUPPORTED(0x9B, CONNACK, DISCONNECT),
    USE_ANOTHER_SERVER(0x9C, CONNACK, DISCONNECT),
    SERVER_MOVED(0x9D, CONNACK, DISCONNECT),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, SUBACK, DISCONNECT),
    CONNECTION_RATE_EXCEEDED(0x9F, CONNACK, DISCONNECT),
    MAXIMUM_CONNECT_TIME(0xA0, DISCONNECT),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, SUBACK, DISCONNECT),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, SUBACK, DISCONNECT);

    /** [packet type][value] -> constant, or null where the value is not valid in that packet. */
    private static final ReasonCode[][] BY_PACKET_AND_VALUE = new ReasonCode[16][256];

    static {
        for (ReasonCode rc : values()) {
            for (ControlPacketType t : rc.packets) {
                BY_PACKET_AND_VALUE[t.value()][rc.value] = rc;
            }
        }
    }

    private final int value;
    private final Set<ControlPacketType> packets;

    ReasonCode(int value, ControlPacketType first, ControlPacketType... rest) {
        this.value = value;
        this.packets = EnumSet.of(first, rest);
    }

    /** The one-byte wire value. */
    public int value() {
        return value;
    }

    /** The packets this code may be sent in (§2.4 Table 2-6). */
    public Set<ControlPacketType> packets() {
        return EnumSet.copyOf(packets);
    }

    /** Whether this code may be sent in a packet of the given type. */
    public boolean isValidIn(ControlPacketType type) {
        return packets.contains(type);
    }

    /** Values of 0x80 and above indicate failure (§2.4). */
    public boolean isError() {
        return value >= 0x80;
    }

    /** The code with this value valid in that packet, or {@code null} if there is none. */
    public static ReasonCode of(int value, ControlPacketType packet) {
        if (value < 0 || value > 0xFF) {
            return null;
        }
        return BY_PACKET_AND_VALUE[packet.value()][value];
    }
}
