package io.mqttd.mqtt.codec;

/** Quality of Service levels (MQTT 5.0 §4.3). */
public enum Qos {
    AT_MOST_ONCE,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    private static final Qos[] BY_VALUE = values();

    /** The two-bit wire value. */
    public int value() {
        return ordinal();
    }

    /** The QoS for a wire value 0..2; 3 is not a QoS (MQTT-3.3.1-4), so callers check first. */
    public static Qos of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + value);
        }
        return BY_VALUE[value];
    }
}
