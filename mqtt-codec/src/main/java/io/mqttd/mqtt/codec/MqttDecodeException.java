package io.mqttd.mqtt.codec;

/**
 * The one exception a decoder throws for bytes that are not a valid MQTT packet. It carries the
 * MQTT 5.0 reason code the receiver must send in its CONNACK or DISCONNECT before closing
 * (MQTT 5.0 §4.13: Malformed Packet, Protocol Error, Packet Too Large, ...) and the normative
 * statement (e.g. "MQTT-1.5.4-2") or section (e.g. "§2.2.2.2") that the input violates.
 *
 * <p>With MQTT 3.1.1 there are no reason codes on the wire; the receiver just closes the connection
 * (3.1.1 §4.8), and the code only explains why.
 */
public final class MqttDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reasonCode;
    private final String statement;

    public MqttDecodeException(ReasonCode reasonCode, String statement, String message) {
        super(statement + ": " + message, null, false, false);
        this.reasonCode = reasonCode;
        this.statement = statement;
    }

    /** A Malformed Packet (0x81) error. */
    public static MqttDecodeException malformed(String statement, String message) {
        return new MqttDecodeException(ReasonCode.MALFORMED_PACKET, statement, message);
    }

    /** A Protocol Error (0x82). */
    public static MqttDecodeException protocolError(String statement, String message) {
        return new MqttDecodeException(ReasonCode.PROTOCOL_ERROR, statement, message);
    }

    /** The reason code to send to the peer. */
    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /** The normative statement or section violated, e.g. "MQTT-3.3.1-4" or "§1.5.5". */
    public String statement() {
        return statement;
    }
}
