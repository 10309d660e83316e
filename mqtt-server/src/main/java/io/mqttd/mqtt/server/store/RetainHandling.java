package io.mqttd.mqtt.server.store;

/** The Retain Handling subscription option (MQTT 5.0 §3.8.3.1, bits 4 and 5 of the options byte). */
public enum RetainHandling {
    /** 0: send retained messages at the time of the subscribe. */
    SEND_ON_SUBSCRIBE,
    /** 1: send retained messages only if the subscription did not exist before. */
    SEND_IF_NEW_SUBSCRIPTION,
    /** 2: do not send retained messages. */
    DO_NOT_SEND;

    private static final RetainHandling[] VALUES = values();

    /** The wire value 0, 1 or 2. */
    public int value() {
        return ordinal();
    }

    /** The option for a wire value; throws {@link IllegalArgumentException} for 3. */
    public static RetainHandling of(int value) {
        if (value < 0 || value >= VALUES.length) {
            throw new IllegalArgumentException("Retain Handling must be 0, 1 or 2: " + value);
        }
        return VALUES[value];
    }
}
