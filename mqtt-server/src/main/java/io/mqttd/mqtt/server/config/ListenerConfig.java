package io.mqttd.mqtt.server.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One network listener.
 *
 * @param name the label in the configuration file ({@code listener.NAME.port}) and in logs
 * @param host the address to bind; {@code 0.0.0.0} or {@code ::} for every interface
 * @param port 0 to 65535; 0 picks a free port (tests)
 * @param kind the transport; only {@code tcp} is implemented
 */
public record ListenerConfig(String name, String host, int port, String kind) {

    public static final String TCP = "tcp";

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kind, "kind");
        if (port < 0 || port > 65535) {
            throw new ConfigException("listener " + name + ": port out of range 0..65535: " + port);
        }
        if (!TCP.equals(kind)) {
            throw new ConfigException("listener " + name + ": transport '" + kind
                    + "' is not implemented (only 'tcp')");
        }
    }

    /** TCP on every interface, port 1883. */
    public static ListenerConfig defaultTcp() {
        return new ListenerConfig("default", "0.0.0.0", 1883, TCP);
    }

    public ListenerConfig withName(String n) {
        return new ListenerConfig(n, host, port, kind);
    }

    public ListenerConfig withHost(String h) {
        return new ListenerConfig(name, h, port, kind);
    }

    public ListenerConfig withPort(int p) {
        return new ListenerConfig(name, host, p, kind);
    }

    public InetSocketAddress bindAddress() {
        return new InetSocketAddress(host, port);
    }
}
