package io.mqttd.mqtt.server.cli;

import io.mqttd.mqtt.server.config.ConfigException;
import io.mqttd.mqtt.server.config.ListenerConfig;
import io.mqttd.mqtt.server.config.ServerConfig;
import io.mqttd.mqtt.server.net.SocketTransport;
import io.mqttd.mqtt.server.store.Durability;
import io.mqttd.mqtt.server.store.OverflowPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttdCommandTest {

    private static ServerConfig config(String... args) {
        MqttdCommand cmd = new MqttdCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.config();
    }

    @Test
    void noOptionsMeansTheDefaults() {
        assertThat(config()).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void optionsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("m.conf"), """
                listener.a.host = 127.0.0.1
                listener.a.port = 2883
                listener.b.port = 2884
                store.durability = none
                data.directory = from-file
                queue.overflow = drop-newest
                """);
        ServerConfig c = config("--config", f.toString(), "--port", "3883", "--data-dir", "from-cli",
                "--durability", "sync", "--in-memory", "--queue-limit", "7", "--transport", "nio",
                "--io-threads", "2", "--connect-timeout", "1s");
        assertThat(c.listeners()).containsExactly(
                new ListenerConfig("a", "127.0.0.1", 3883, "tcp"),
                new ListenerConfig("b", "0.0.0.0", 2884, "tcp"));
        assertThat(c.store().dataDirectory()).isEqualTo(Path.of("from-cli"));
        assertThat(c.store().durability()).isEqualTo(Durability.SYNC);
        assertThat(c.store().maxQueuedPerClient()).isEqualTo(7);
        assertThat(c.store().overflowPolicy()).as("kept from the file").isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(c.inMemory()).isTrue();
        assertThat(c.socketTransport()).isEqualTo(SocketTransport.NIO);
        assertThat(c.ioThreads()).isEqualTo(2);
        assertThat(c.connectionLimits().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void listenReplacesTheListeners() {
        ServerConfig c = config("--listen", "127.0.0.1:1", "--listen", "[::1]:2", "--listen", ":3", "--host", "10.0.0.1");
        assertThat(c.listeners()).containsExactly(
                new ListenerConfig("listen-1", "10.0.0.1", 1, "tcp"),
                new ListenerConfig("listen-2", "::1", 2, "tcp"),
                new ListenerConfig("listen-3", "0.0.0.0", 3, "tcp"));
    }

    @Test
    void badOptionValuesAreConfigErrors() {
        assertThatThrownBy(() -> config("--durability", "always")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config("--listen", "nohost")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config("--port", "65536")).isInstanceOf(ConfigException.class);
    }

    @Test
    void helpListsTheOptions() {
        StringWriter out = new StringWriter();
        int rc = new CommandLine(new MqttdCommand()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("--config", "--port", "--host", "--data-dir", "--in-memory", "--durability");
    }
}
