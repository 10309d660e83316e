package io.mqttd.mqtt.server.config;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.server.broker.BrokerSettings;
import io.mqttd.mqtt.server.net.ConnectionLimits;
import io.mqttd.mqtt.server.net.SocketTransport;
import io.mqttd.mqtt.server.store.Durability;
import io.mqttd.mqtt.server.store.OverflowPolicy;
import io.mqttd.mqtt.server.store.StoreConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's configuration file: one {@code key = value} per line, {@code #} starts a comment
 * line, blank lines are ignored, every key is optional and may appear once. Keys that are not
 * known are an error, so a typo never silently leaves a default in place. The documented example
 * with every key is {@code docs/mqttd.conf.example}.
 *
 * <pre>
 * listener.NAME.host / .port / .transport    one block per listener (transport: tcp)
 * data.directory                             ./mqttd-data
 * store.in-memory                            false
 * store.durability                           sync | group-commit | none
 * store.group-commit-delay                   0ms
 * queue.max-messages-per-client              1000
 * queue.overflow                             drop-oldest | drop-newest
 * net.transport                              auto | nio | epoll
 * net.io-threads                             0 (one per processor)
 * net.connect-timeout                        10s
 * net.write-buffer-low / net.write-buffer-high   32KiB / 64KiB
 * net.max-read-bytes                         64KiB
 * net.close-linger                           5s
 * shutdown.timeout                           30s
 * broker.maximum-qos                         2
 * broker.retain-available                    true
 * broker.wildcard-subscription-available     true
 * broker.subscription-identifiers-available  true
 * broker.shared-subscription-available       true
 * broker.receive-maximum                     65535
 * broker.maximum-packet-size                 268435460
 * broker.topic-alias-maximum                 65535
 * broker.maximum-keep-alive                  0s (any)
 * broker.maximum-session-expiry              4294967295 (seconds; never expire)
 * broker.maximum-client-id-length            65535
 * broker.outbound-inflight-maximum           65535
 * </pre>
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** Reads {@code path} over {@code base}. */
    public static ServerConfig read(Path path, ServerConfig base) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
        return parse(text, path.toString(), base);
    }

    /** Parses {@code text} (named {@code source} in error messages) over {@code base}. */
    public static ServerConfig parse(String text, String source, ServerConfig base) {
        Map<String, Entry> entries = entries(text, source);
        ServerConfig config = base;
        Map<String, ListenerConfig> listeners = new LinkedHashMap<>();
        StoreConfig store = base.store();
        BrokerSettings broker = base.broker();
        ConnectionLimits limits = base.connectionLimits();
        int writeLow = limits.writeLowWaterMark();
        int writeHigh = limits.writeHighWaterMark();
        for (Entry e : entries.values()) {
            try {
                String k = e.key;
                String v = e.value;
                if (k.startsWith("listener.")) {
                    listener(listeners, k, v);
                    continue;
                }
                switch (k) {
                    case "data.directory" -> store = store.withDataDirectory(Path.of(v));
                    case "store.in-memory" -> config = config.withInMemory(ConfigValues.bool(v));
                    case "store.durability" -> store = store.withDurability(ConfigValues.enumValue(Durability.class, v));
                    case "store.group-commit-delay" -> store = store.withGroupCommitDelay(ConfigValues.duration(v));
                    case "queue.max-messages-per-client" ->
                            store = store.withQueueLimit(ConfigValues.integer(v), store.overflowPolicy());
                    case "queue.overflow" -> store = store.withQueueLimit(store.maxQueuedPerClient(),
                            ConfigValues.enumValue(OverflowPolicy.class, v));
                    case "net.transport" -> config = config.withSocketTransport(
                            ConfigValues.enumValue(SocketTransport.class, v));
                    case "net.io-threads" -> config = config.withIoThreads(ConfigValues.integer(v));
                    case "net.connect-timeout" -> limits = limits.withConnectTimeout(ConfigValues.duration(v));
                    case "net.write-buffer-low" -> writeLow = ConfigValues.size(v);
                    case "net.write-buffer-high" -> writeHigh = ConfigValues.size(v);
                    case "net.max-read-bytes" -> limits = limits.withMaxBytesPerRead(ConfigValues.size(v));
                    case "net.close-linger" -> limits = limits.withCloseLinger(ConfigValues.duration(v));
                    case "shutdown.timeout" -> config = config.withShutdownTimeout(ConfigValues.duration(v));
                    case "broker.maximum-qos" -> broker = broker.withMaximumQos(qos(v));
                    case "broker.retain-available" -> broker = broker.withRetainAvailable(ConfigValues.bool(v));
                    case "broker.wildcard-subscription-available" ->
                            broker = broker.withWildcardSubscriptionAvailable(ConfigValues.bool(v));
                    case "broker.subscription-identifiers-available" ->
                            broker = broker.withSubscriptionIdentifiersAvailable(ConfigValues.bool(v));
                    case "broker.shared-subscription-available" ->
                            broker = broker.withSharedSubscriptionAvailable(ConfigValues.bool(v));
                    case "broker.receive-maximum" -> broker = broker.withReceiveMaximum(ConfigValues.integer(v));
                    case "broker.maximum-packet-size" -> broker = broker.withMaximumPacketSize(ConfigValues.size(v));
                    case "broker.topic-alias-maximum" -> broker = broker.withTopicAliasMaximum(ConfigValues.integer(v));
                    case "broker.maximum-keep-alive" ->
                            broker = broker.withMaximumKeepAliveSeconds(seconds(ConfigValues.duration(v)));
                    case "broker.maximum-session-expiry" ->
                            broker = broker.withMaximumSessionExpirySeconds(ConfigValues.longValue(v));
                    case "broker.maximum-client-id-length" ->
                            broker = broker.withMaximumClientIdLength(ConfigValues.integer(v));
                    case "broker.outbound-inflight-maximum" ->
                            broker = broker.withOutboundInflightMaximum(ConfigValues.integer(v));
                    default -> throw new ConfigException("unknown key");
                }
            } catch (ConfigException | IllegalArgumentException ex) {
                throw new ConfigException(source + ":" + e.line + ": " + e.key + ": " + ex.getMessage(), ex);
            }
        }
        try {
            limits = limits.withWriteWaterMarks(writeLow, writeHigh);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(source + ": net.write-buffer-low/high: " + ex.getMessage(), ex);
        }
        config = config.withStore(store).withConnectionLimits(limits).withBroker(broker);
        if (!listeners.isEmpty()) {
            config = config.withListeners(new ArrayList<>(listeners.values()));
        }
        return config;
    }

    private static Qos qos(String v) {
        int n = ConfigValues.integer(v);
        if (n > 2) {
            throw new ConfigException("QoS is 0, 1 or 2: " + v);
        }
        return Qos.of(n);
    }

    private static int seconds(java.time.Duration d) {
        long s = d.toSeconds();
        if (s > 65535) {
            throw new ConfigException("at most 65535 seconds (MQTT 5.0 §3.1.2.10): " + d);
        }
        return (int) s;
    }

    private static void listener(Map<String, ListenerConfig> listeners, String key, String value) {
        String rest = key.substring("listener.".length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            throw new ConfigException("expected listener.NAME.host, .port or .transport");
        }
        String name = rest.substring(0, dot);
        ListenerConfig l = listeners.getOrDefault(name, ListenerConfig.defaultTcp().withName(name));
        switch (rest.substring(dot + 1)) {
            case "host" -> l = l.withHost(value);
            case "port" -> {
                int port = ConfigValues.integer(value);
                l = l.withPort(port);
            }
            case "transport" -> l = new ListenerConfig(name, l.host(), l.port(), value);
            default -> throw new ConfigException("expected listener.NAME.host, .port or .transport");
        }
        listeners.put(name, l);
    }

    private record Entry(String key, String value, int line) {
    }

    private static Map<String, Entry> entries(String text, String source) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(source + ":" + lineNo + ": expected 'key = value': " + line);
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.isEmpty()) {
                throw new ConfigException(source + ":" + lineNo + ": " + key + ": empty value");
            }
            Integer earlier = firstLine.putIfAbsent(key, lineNo);
            if (earlier != null) {
                throw new ConfigException(source + ":" + lineNo + ": " + key + " already set on line " + earlier);
            }
            entries.put(key, new Entry(key, value, lineNo));
        }
        return entries;
    }
}
