package io.mqttd.mqtt.codec;

/**
 * The MQTT 3.1.1 return codes and their MQTT 5.0 reason codes. 3.1.1 CONNACK has Connect Return
 * Codes 0..5 (3.1.1 §3.2.2.3); SUBACK has 0x00..0x02 and 0x80 (3.1.1 §3.9.3), the same bytes as
 * 5.0's Granted QoS 0..2 and Unspecified error.
 */
final class V3ReturnCodes {
    private static final ReasonCode[] CONNACK = {
        ReasonCode.SUCCESS,
        ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
        ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
        ReasonCode.SERVER_UNAVAILABLE,
        ReasonCode.BAD_USER_NAME_OR_PASSWORD,
        ReasonCode.NOT_AUTHORIZED,
    };

    private V3ReturnCodes() {
    }

    static ReasonCode connackFromV3(int code) throws MqttDecodeException {
        if (code >= CONNACK.length) {
            throw MqttDecodeException.malformed("§3.2.2.3", "Connect Return Code " + code + " is reserved in 3.1.1");
        }
        return CONNACK[code];
    }

    /** The 3.1.1 Connect Return Code of a reason code, or -1 if 3.1.1 cannot express it. */
    static int connackToV3(ReasonCode rc) {
        for (int i = 0; i < CONNACK.length; i++) {
            if (CONNACK[i] == rc) {
                return i;
            }
        }
        return -1;
    }

    /** The reason code of a 3.1.1 SUBACK return code, or null for a reserved one (3.1.1 MQTT-3.9.3-2). */
    static ReasonCode subackFromV3(int code) {
        return switch (code) {
            case 0x00 -> ReasonCode.GRANTED_QOS_0;
            case 0x01 -> ReasonCode.GRANTED_QOS_1;
            case 0x02 -> ReasonCode.GRANTED_QOS_2;
            case 0x80 -> ReasonCode.UNSPECIFIED_ERROR;
            default -> null;
        };
    }

    /** Whether a SUBACK reason code has a 3.1.1 return code. */
    static boolean isV3Suback(ReasonCode rc) {
        return rc == ReasonCode.GRANTED_QOS_0 || rc == ReasonCode.GRANTED_QOS_1 || rc == ReasonCode.GRANTED_QOS_2
                || rc == ReasonCode.UNSPECIFIED_ERROR;
    }
}
