package io.mqttd.mqtt.codec;

/**
 * The MQTT control packet types (MQTT 5.0 §2.1.2) with the flag bits their fixed header must carry
 * (§2.1.3). PUBLISH is the one type whose flags carry meaning (DUP, QoS, RETAIN).
 */
public enum ControlPacketType {
    CONNECT(1, 0b0000),
    CONNACK(2, 0b0000),
    PUBLISH(3, -1),
    PUBACK(4, 0b0000),
    PUBREC(5, 0b0000),
    // MQTT 5.0 §2.1.3 Table 2-2: PUBREL, SUBSCRIBE and UNSUBSCRIBE carry 0b0010 (MQTT-3.6.1-1, MQTT-3.8.1-1, MQTT-3.10.1-1).
    PUBREL(6, 0b0010),
    PUBCOMP(7, 0b0000),
    SUBSCRIBE(8, 0b0010),
    SUBACK(9, 0b0000),
    UNSUBSCRIBE(10, 0b0010),
    UNSUBACK(11, 0b0000),
    PINGREQ(12, 0b0000),
    PINGRESP(13, 0b0000),
    DISCONNECT(14, 0b0000),
    /** MQTT 5.0 only; type 15 is reserved in 3.1.1. */
    AUTH(15, 0b0000);

    private static final ControlPacketType[] BY_VALUE = new ControlPacketType[16];

    static {
        for (ControlPacketType t : values()) {
            BY_VALUE[t.value] = t;
        }
    }

    private final int value;
    private final int requiredFlags;

    ControlPacketType(int value, int requiredFlags) {
        this.value = value;
        this.requiredFlags = requiredFlags;
    }

    /** The four-bit type value in the first byte of the fixed header. */
    public int value() {
        return value;
    }

    /** The flag bits the fixed header must carry, or -1 for PUBLISH whose flags are meaningful. */
    public int requiredFlags() {
        return requiredFlags;
    }

    /** The type with this value, or {@code null} for the reserved value 0. */
    public static ControlPacketType of(int value) {
        return BY_VALUE[value & 0x0F];
    }
}
