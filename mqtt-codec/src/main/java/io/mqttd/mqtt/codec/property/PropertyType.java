package io.mqttd.mqtt.codec.property;

/** The data types a property value may have (MQTT 5.0 §1.5, §2.2.2.2). */
public enum PropertyType {
    BYTE,
    TWO_BYTE_INTEGER,
    FOUR_BYTE_INTEGER,
    VARIABLE_BYTE_INTEGER,
    UTF8_STRING,
    BINARY_DATA,
    UTF8_STRING_PAIR;

    /** Whether values of this type are integers (held as {@code long}). */
    public boolean isNumeric() {
        return this == BYTE || this == TWO_BYTE_INTEGER || this == FOUR_BYTE_INTEGER || this == VARIABLE_BYTE_INTEGER;
    }
}
