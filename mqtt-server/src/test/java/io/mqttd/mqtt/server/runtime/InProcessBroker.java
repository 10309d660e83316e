package io.mqttd.mqtt.server.runtime;

import io.mqttd.mqtt.server.config.ListenerConfig;
import io.mqttd.mqtt.server.config.ServerConfig;
import io.mqttd.mqtt.server.net.SocketTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** The reference server started in this JVM on a free loopback port, for end-to-end tests. */
final class InProcessBroker implements AutoCloseable {

    final MqttdServer server;

    private InProcessBroker(MqttdServer server) {
        this.server = server;
    }

    /** RocksDB in {@code dataDir} (or in memory when null), NIO, two I/O threads, then {@code tweak}. */
    static InProcessBroker start(Path dataDir, UnaryOperator<ServerConfig> tweak) throws IOException {
        ServerConfig c = ServerConfig.defaults()
                .withListeners(List.of(new ListenerConfig("test", "127.0.0.1", 0, ListenerConfig.TCP)))
                .withSocketTransport(SocketTransport.NIO)
                .withIoThreads(2);
        c = dataDir == null ? c.withInMemory(true) : c.withStore(c.store().withDataDirectory(dataDir));
        return new InProcessBroker(MqttdServer.start(tweak.apply(c)));
    }

    static InProcessBroker inMemory() throws IOException {
        return start(null, UnaryOperator.identity());
    }

    InetSocketAddress address() {
        return server.listenerAddresses().get(0);
    }

    int port() {
        return address().getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
