package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The optional check of MQTT 5.0 §3.3.2.3.2 (and §3.1.3.2.3 for wills): a payload whose Payload
 * Format Indicator is 1 claims to be UTF-8 Encoded Character Data; a receiver may verify it and
 * answer 0x99 Payload format invalid. The JDK's decoder, set to report errors, rejects exactly
 * the ill-formed sequences of Unicode Table 3-7 (overlong forms, surrogates, beyond U+10FFFF).
 */
final class PayloadFormat {
    private PayloadFormat() {
    }

    /** False only for a payload marked as UTF-8 that is not well-formed UTF-8. */
    static boolean isValid(MqttProperties properties, byte[] payload) {
        if (properties.numeric(MqttProperty.PAYLOAD_FORMAT_INDICATOR, 0) != 1) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
