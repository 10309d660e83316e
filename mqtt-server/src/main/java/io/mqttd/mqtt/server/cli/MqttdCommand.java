package io.mqttd.mqtt.server.cli;

import io.mqttd.mqtt.server.config.ConfigFile;
import io.mqttd.mqtt.server.config.ConfigValues;
import io.mqttd.mqtt.server.config.ListenerConfig;
import io.mqttd.mqtt.server.config.ServerConfig;
import io.mqttd.mqtt.server.net.SocketTransport;
import io.mqttd.mqtt.server.runtime.MqttdServer;
import io.mqttd.mqtt.server.runtime.ServerProcess;
import io.mqttd.mqtt.server.store.Durability;
import io.mqttd.mqtt.server.store.OverflowPolicy;
import io.mqttd.mqtt.server.store.StoreConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code mqttd} command line. Options override the configuration file, which overrides the
 * built-in defaults ({@link ServerConfig#defaults()}); {@link #config()} computes the result
 * without starting anything.
 */
@Command(name = "mqttd", mixinStandardHelpOptions = true, version = "mqttd 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "MQTT 5.0 / 3.1.1 broker with persistent sessions.",
            "Options override the configuration file; every setting has a default, so no option is required.",
            "See docs/mqttd.conf.example for the file format."
        })
public final class MqttdCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (key = value lines).")
    Path configFile;

    @Option(names = {"-H", "--host"}, paramLabel = "ADDRESS",
            description = "Address of the first listener (default 0.0.0.0).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port of the first listener (default 1883; 0 = any free port).")
    Integer port;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "A TCP listener; repeat for several. Replaces the listeners of the file and the default.")
    List<String> listen = new ArrayList<>();

    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Data directory of the store (default ./mqttd-data).")
    Path dataDir;

    @Option(names = "--in-memory", description = "Keep all state in memory: nothing survives a restart.")
    Boolean inMemory;

    @Option(names = "--durability", paramLabel = "POLICY",
            description = "When a message counts as stored: sync, group-commit (default) or none.")
    String durability;

    @Option(names = "--queue-limit", paramLabel = "N", description = "Messages queued per client (default 1000).")
    Integer queueLimit;

    @Option(names = "--overflow", paramLabel = "POLICY", description = "When a client's queue is full: drop-oldest (default) or drop-newest.")
    String overflow;

    @Option(names = "--transport", paramLabel = "KIND", description = "Socket implementation: auto (default), nio or epoll.")
    String transport;

    @Option(names = "--io-threads", paramLabel = "N", description = "I/O event loops (default: one per processor).")
    Integer ioThreads;

    @Option(names = "--connect-timeout", paramLabel = "DURATION",
            description = "Time a new connection has to send CONNECT, e.g. 10s (default).")
    String connectTimeout;

    /** Starts the server and serves until the process is told to stop (SIGTERM, SIGINT). */
    @Override
    public Integer call() throws Exception {
        ServerConfig c = config();
        MqttdServer server = MqttdServer.start(c);
        ServerProcess.serveUntilTerminated(server, c.shutdownTimeout());
        return 0;
    }

    /** The configuration these options describe: defaults, then the file, then the options. */
    public ServerConfig config() {
        ServerConfig c = ServerConfig.defaults();
        if (configFile != null) {
            c = ConfigFile.read(configFile, c);
        }
        if (!listen.isEmpty()) {
            List<ListenerConfig> ls = new ArrayList<>();
            for (String spec : listen) {
                ls.add(parseListen("listen-" + (ls.size() + 1), spec));
            }
            c = c.withListeners(ls);
        }
        if (host != null || port != null) {
            List<ListenerConfig> ls = new ArrayList<>(c.listeners());
            ListenerConfig first = ls.get(0);
            if (host != null) {
                first = first.withHost(host);
            }
            if (port != null) {
                first = first.withPort(port);
            }
            ls.set(0, first);
            c = c.withListeners(ls);
        }
        StoreConfig store = c.store();
        if (dataDir != null) {
            store = store.withDataDirectory(dataDir);
        }
        if (durability != null) {
            store = store.withDurability(ConfigValues.enumValue(Durability.class, durability));
        }
        if (queueLimit != null || overflow != null) {
            store = store.withQueueLimit(queueLimit != null ? queueLimit : store.maxQueuedPerClient(),
                    overflow != null ? ConfigValues.enumValue(OverflowPolicy.class, overflow) : store.overflowPolicy());
        }
        c = c.withStore(store);
        if (inMemory != null) {
            c = c.withInMemory(inMemory);
        }
        if (transport != null) {
            c = c.withSocketTransport(ConfigValues.enumValue(SocketTransport.class, transport));
        }
        if (ioThreads != null) {
            c = c.withIoThreads(ioThreads);
        }
        if (connectTimeout != null) {
            c = c.withConnectionLimits(c.connectionLimits().withConnectTimeout(ConfigValues.duration(connectTimeout)));
        }
        return c;
    }

    private static ListenerConfig parseListen(String name, String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            throw new io.mqttd.mqtt.server.config.ConfigException("--listen expects HOST:PORT: " + spec);
        }
        String h = spec.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return new ListenerConfig(name, h.isEmpty() ? "0.0.0.0" : h, ConfigValues.integer(spec.substring(colon + 1)),
                ListenerConfig.TCP);
    }
}
