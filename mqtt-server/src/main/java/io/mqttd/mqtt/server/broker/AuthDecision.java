package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.ReasonCode;

/**
 * The {@link Authenticator}'s answer: allow, or deny with the CONNACK reason code to send
 * (MQTT 5.0 §3.2.2.2, typically 0x86 Bad User Name or Password, 0x87 Not authorized or 0x8A Banned).
 * A 3.1.1 client gets the matching Connect Return Code (3.1.1 §3.2.2.3).
 */
public record AuthDecision(boolean allowed, ReasonCode reasonCode) {
    public static final AuthDecision ALLOW = new AuthDecision(true, ReasonCode.SUCCESS);

    public AuthDecision {
        if (allowed != (reasonCode == ReasonCode.SUCCESS) || !reasonCode.isValidIn(io.mqttd.mqtt.codec.ControlPacketType.CONNACK)) {
            throw new IllegalArgumentException("allow needs Success, deny a CONNACK error code: " + reasonCode);
        }
    }

    public static AuthDecision deny(ReasonCode reasonCode) {
        return new AuthDecision(false, reasonCode);
    }
}
