package io.mqttd.mqtt.server.store;

/**
 * The three delivery guarantees of MQTT 5.0 §4.3, as the store records them. The store keeps its
 * own enum so that it does not depend on the packet codec.
 */
public enum QoS {
    /** QoS 0 (§4.3.1): never acknowledged, normally not queued for offline clients. */
    AT_MOST_ONCE,
    /** QoS 1 (§4.3.2): PUBLISH / PUBACK. */
    AT_LEAST_ONCE,
    /** QoS 2 (§4.3.3): PUBLISH / PUBREC / PUBREL / PUBCOMP. */
    EXACTLY_ONCE;

    private static final QoS[] VALUES = values();

    /** The wire value 0, 1 or 2. */
    public int value() {
        return ordinal();
    }

    /** The QoS for a wire value; throws {@link IllegalArgumentException} for 3 or more. */
    public static QoS of(int value) {
        if (value < 0 || value >= VALUES.length) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2: " + value);
        }
        return VALUES[value];
    }
}
