package io.mqttd.mqtt.codec;

/**
 * The MQTT protocol level carried in CONNECT (MQTT 5.0 §3.1.2.2). It decides the wire form of every
 * later packet on the connection, so both the decoder and the encoder are bound to one.
 */
public enum ProtocolVersion {
    /** MQTT 3.1: protocol name "MQIsdp", level 3. Wire-compatible with 3.1.1 apart from CONNECT. */
    MQTT_3_1("MQIsdp", 3),
    /** MQTT 3.1.1 (OASIS 2014): protocol name "MQTT", level 4. */
    MQTT_3_1_1("MQTT", 4),
    /** MQTT 5.0 (OASIS 2019): protocol name "MQTT", level 5; adds properties and reason codes. */
    MQTT_5("MQTT", 5);

    private final String protocolName;
    private final int level;

    ProtocolVersion(String protocolName, int level) {
        this.protocolName = protocolName;
        this.level = level;
    }

    /** The protocol name written in CONNECT's variable header. */
    public String protocolName() {
        return protocolName;
    }

    /** The protocol level byte written in CONNECT's variable header. */
    public int level() {
        return level;
    }

    /** Whether packets carry properties and reason codes (MQTT 5.0). */
    public boolean isV5() {
        return this == MQTT_5;
    }

    /** The version with this level, or {@code null} for a level this codec does not speak. */
    public static ProtocolVersion ofLevel(int level) {
        return switch (level) {
            case 3 -> MQTT_3_1;
            case 4 -> MQTT_3_1_1;
            case 5 -> MQTT_5;
            default -> null;
        };
    }
}
