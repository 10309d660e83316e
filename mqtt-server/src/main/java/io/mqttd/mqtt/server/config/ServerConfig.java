package io.mqttd.mqtt.server.config;

import io.mqttd.mqtt.server.broker.BrokerSettings;
import io.mqttd.mqtt.server.net.ConnectionLimits;
import io.mqttd.mqtt.server.net.SocketTransport;
import io.mqttd.mqtt.server.store.StoreConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the reference server is started with. Built from {@link #defaults()}, then a
 * configuration file ({@link ConfigFile}), then command-line options, each overriding the one before.
 *
 * @param listeners where clients connect; at least one
 * @param store data directory, durability, queue bound and overflow policy
 * @param inMemory keep the broker's state in memory only (nothing survives a restart)
 * @param socketTransport NIO, epoll or AUTO
 * @param ioThreads I/O event loops; 0 means one per processor
 * @param connectionLimits the listener-level limits of each connection
 * @param shutdownTimeout how long a graceful shutdown may take before the process exits anyway
 * @param broker the broker core's limits and feature switches (announced in CONNACK)
 */
public record ServerConfig(
        List<ListenerConfig> listeners,
        StoreConfig store,
        boolean inMemory,
        SocketTransport socketTransport,
        int ioThreads,
        ConnectionLimits connectionLimits,
        Duration shutdownTimeout,
        BrokerSettings broker) {

    /** Works out of the box: the data lives in {@code mqttd-data} under the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("mqttd-data");

    public ServerConfig {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(socketTransport, "socketTransport");
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(broker, "broker");
        if (listeners.isEmpty()) {
            throw new ConfigException("at least one listener is needed");
        }
        if (listeners.stream().map(ListenerConfig::name).distinct().count() != listeners.size()) {
            throw new ConfigException("listener names must be unique: " + listeners);
        }
        if (ioThreads < 0) {
            throw new ConfigException("io threads must not be negative: " + ioThreads);
        }
        if (shutdownTimeout.isNegative()) {
            throw new ConfigException("shutdown timeout must not be negative: " + shutdownTimeout);
        }
    }

    /**
     * TCP on 0.0.0.0:1883; RocksDB in {@code ./mqttd-data} with group commit; 1000 queued messages
     * per client, dropping the oldest; NIO or epoll as available; 10 s connect timeout; the broker
     * core's {@link BrokerSettings#defaults()}.
     */
    public static ServerConfig defaults() {
        return new ServerConfig(List.of(ListenerConfig.defaultTcp()),
                StoreConfig.defaults().withDataDirectory(DEFAULT_DATA_DIRECTORY),
                false, SocketTransport.AUTO, 0, ConnectionLimits.defaults(), Duration.ofSeconds(30),
                BrokerSettings.defaults());
    }

    public ServerConfig withListeners(List<ListenerConfig> l) {
        return new ServerConfig(l, store, inMemory, socketTransport, ioThreads, connectionLimits, shutdownTimeout, broker);
    }

    public ServerConfig withStore(StoreConfig s) {
        return new ServerConfig(listeners, s, inMemory, socketTransport, ioThreads, connectionLimits, shutdownTimeout, broker);
    }

    public ServerConfig withInMemory(boolean m) {
        return new ServerConfig(listeners, store, m, socketTransport, ioThreads, connectionLimits, shutdownTimeout, broker);
    }

    public ServerConfig withSocketTransport(SocketTransport t) {
        return new ServerConfig(listeners, store, inMemory, t, ioThreads, connectionLimits, shutdownTimeout, broker);
    }

    public ServerConfig withIoThreads(int n) {
        return new ServerConfig(listeners, store, inMemory, socketTransport, n, connectionLimits, shutdownTimeout, broker);
    }

    public ServerConfig withConnectionLimits(ConnectionLimits c) {
        return new ServerConfig(listeners, store, inMemory, socketTransport, ioThreads, c, shutdownTimeout, broker);
    }

    public ServerConfig withBroker(BrokerSettings b) {
        return new ServerConfig(listeners, store, inMemory, socketTransport, ioThreads, connectionLimits, shutdownTimeout, b);
    }

    public ServerConfig withShutdownTimeout(Duration d) {
        return new ServerConfig(listeners, store, inMemory, socketTransport, ioThreads, connectionLimits, d, broker);
    }
}
