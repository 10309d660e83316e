package io.mqttd.mqtt.server.broker;

/**
 * Decides whether a CONNECT may open a session (MQTT 5.0 §5.4.1). Called on the connection's
 * executor, so it must not block for long. The default allows everyone, as Mosquitto does without
 * a password file.
 */
@FunctionalInterface
public interface Authenticator {
    Authenticator ALLOW_ALL = identity -> AuthDecision.ALLOW;

    AuthDecision authenticate(ClientIdentity identity);
}
