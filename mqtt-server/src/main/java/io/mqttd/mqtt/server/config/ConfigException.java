package io.mqttd.mqtt.server.config;

/** A configuration file or option that cannot be used, with where it came from. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
