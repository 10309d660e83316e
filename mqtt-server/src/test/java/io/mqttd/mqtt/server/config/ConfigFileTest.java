package io.mqttd.mqtt.server.config;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.server.broker.BrokerSettings;
import io.mqttd.mqtt.server.net.SocketTransport;
import io.mqttd.mqtt.server.store.Durability;
import io.mqttd.mqtt.server.store.OverflowPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {

    private static ServerConfig parse(String text) {
        return ConfigFile.parse(text, "test.conf", ServerConfig.defaults());
    }

    @Test
    void defaultsListenOnTcp1883WithRocksDbInMqttdData() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.listeners()).containsExactly(new ListenerConfig("default", "0.0.0.0", 1883, "tcp"));
        assertThat(c.store().dataDirectory()).isEqualTo(Path.of("mqttd-data"));
        assertThat(c.store().durability()).isEqualTo(Durability.GROUP_COMMIT);
        assertThat(c.inMemory()).isFalse();
        assertThat(c.broker()).as("the broker core's own defaults").isEqualTo(BrokerSettings.defaults());
    }

    @Test
    void emptyFileKeepsTheDefaults() {
        assertThat(parse("# nothing\n\n   \n")).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void readsEveryKey() {
        ServerConfig c = parse("""
                listener.plain.host = 127.0.0.1
                listener.plain.port = 1884
                listener.other.port = 0
                listener.other.transport = tcp
                data.directory = /var/lib/mqttd
                store.in-memory = true
                store.durability = sync
                store.group-commit-delay = 2ms
                queue.max-messages-per-client = 50
                queue.overflow = drop-newest
                net.transport = nio
                net.io-threads = 3
                net.connect-timeout = 3s
                net.write-buffer-low = 16KiB
                net.write-buffer-high = 1MiB
                net.max-read-bytes = 4096
                net.close-linger = 250ms
                shutdown.timeout = 1m
                """);
        assertThat(c.listeners()).containsExactly(
                new ListenerConfig("plain", "127.0.0.1", 1884, "tcp"),
                new ListenerConfig("other", "0.0.0.0", 0, "tcp"));
        assertThat(c.store().dataDirectory()).isEqualTo(Path.of("/var/lib/mqttd"));
        assertThat(c.inMemory()).isTrue();
        assertThat(c.store().durability()).isEqualTo(Durability.SYNC);
        assertThat(c.store().groupCommitDelay()).isEqualTo(Duration.ofMillis(2));
        assertThat(c.store().maxQueuedPerClient()).isEqualTo(50);
        assertThat(c.store().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(c.socketTransport()).isEqualTo(SocketTransport.NIO);
        assertThat(c.ioThreads()).isEqualTo(3);
        assertThat(c.connectionLimits().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.connectionLimits().writeLowWaterMark()).isEqualTo(16 * 1024);
        assertThat(c.connectionLimits().writeHighWaterMark()).isEqualTo(1024 * 1024);
        assertThat(c.connectionLimits().maxBytesPerRead()).isEqualTo(4096);
        assertThat(c.connectionLimits().closeLinger()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void readsTheBrokerLimits() {
        ServerConfig c = parse("""
                broker.maximum-qos = 1
                broker.retain-available = false
                broker.wildcard-subscription-available = false
                broker.subscription-identifiers-available = false
                broker.shared-subscription-available = false
                broker.receive-maximum = 10
                broker.maximum-packet-size = 1MiB
                broker.topic-alias-maximum = 0
                broker.maximum-keep-alive = 2m
                broker.maximum-session-expiry = 3600
                broker.maximum-client-id-length = 64
                broker.outbound-inflight-maximum = 20
                """);
        BrokerSettings expected = BrokerSettings.defaults().withMaximumQos(Qos.AT_LEAST_ONCE).withRetainAvailable(false)
                .withWildcardSubscriptionAvailable(false).withSubscriptionIdentifiersAvailable(false)
                .withSharedSubscriptionAvailable(false).withReceiveMaximum(10).withMaximumPacketSize(1024 * 1024)
                .withTopicAliasMaximum(0).withMaximumKeepAliveSeconds(120).withMaximumSessionExpirySeconds(3600)
                .withMaximumClientIdLength(64).withOutboundInflightMaximum(20);
        assertThat(c.broker()).isEqualTo(expected);
    }

    @Test
    void rejectsBrokerLimitsOutsideTheProtocolsRange() {
        assertThatThrownBy(() -> parse("broker.maximum-qos = 3")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("broker.receive-maximum = 0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.conf:1");
        assertThatThrownBy(() -> parse("broker.maximum-keep-alive = 19h")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("broker.maximum-session-expiry = 4294967296"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void theDocumentedExampleParsesToTheDefaults() throws Exception {
        Path example = Path.of("..", "docs", "mqttd.conf.example");
        assertThat(example).exists();
        ServerConfig c = ConfigFile.read(example, ServerConfig.defaults());
        assertThat(c).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void rejectsAnUnknownKeyWithItsLine() {
        assertThatThrownBy(() -> parse("store.durability = sync\nstore.durabilty = none\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.conf:2")
                .hasMessageContaining("store.durabilty")
                .hasMessageContaining("unknown key");
    }

    @Test
    void rejectsAKeySetTwice() {
        assertThatThrownBy(() -> parse("net.io-threads = 1\nnet.io-threads = 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.conf:2")
                .hasMessageContaining("line 1");
    }

    @Test
    void rejectsBadValuesNamingTheAllowedOnes() {
        assertThatThrownBy(() -> parse("store.durability = fsync"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sync, group-commit, none");
        assertThatThrownBy(() -> parse("net.connect-timeout = 10"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unit");
        assertThatThrownBy(() -> parse("listener.a.port = 70000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port out of range");
        assertThatThrownBy(() -> parse("listener.a.transport = quic"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not implemented");
        assertThatThrownBy(() -> parse("queue.max-messages-per-client = 0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse("net.write-buffer-low = 128KiB"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("writeHighWaterMark");
        assertThatThrownBy(() -> parse("just some words"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key = value");
        assertThatThrownBy(() -> parse("net.io-threads ="))
                .isInstanceOf(ConfigException.class).hasMessageContaining("empty value");
    }

    @Test
    void namesAMissingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> ConfigFile.read(missing, ServerConfig.defaults()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void readsAFileFromDisk(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("m.conf"), "listener.x.port = 2883\n");
        assertThat(ConfigFile.read(f, ServerConfig.defaults()).listeners())
                .containsExactly(new ListenerConfig("x", "0.0.0.0", 2883, "tcp"));
    }
}
