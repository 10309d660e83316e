package io.mqttd.mqtt.server.runtime;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttd.mqtt.server.store.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 of the broker process between acknowledgement and delivery: every message the broker
 * acknowledged (PUBACK for QoS 1, PUBCOMP for QoS 2) reaches the persistent subscriber after a
 * restart on the same data directory — QoS 2 exactly once, QoS 1 at least once and in order
 * (MQTT 5.0 §4.3.2, §4.3.3, §4.6; the store's durability contract).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashRecoveryEndToEndTest {

    private static final int PER_QOS = 40;

    @TempDir
    Path dataDir;

    private static Mqtt5BlockingClient client(String id, int port) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "GROUP_COMMIT"})
    void everyAcknowledgedMessageSurvivesKillMinus9(Durability durability) throws Exception {
        String policy = durability.name().toLowerCase().replace('_', '-');
        List<String> sentQos1 = new ArrayList<>();
        List<String> sentQos2 = new ArrayList<>();
        try (BrokerProcess first = BrokerProcess.start(dataDir, "--durability", policy)) {
            Mqtt5BlockingClient sub = client("crash-sub", first.port);
            sub.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
            sub.subscribeWith().topicFilter("crash/#").qos(MqttQos.EXACTLY_ONCE).send();
            sub.disconnect();

            Mqtt5BlockingClient pub = client("crash-pub", first.port);
            pub.connect();
            for (int i = 0; i < PER_QOS; i++) {
                String one = "q1-" + i;
                String two = "q2-" + i;
                // The blocking send returns after PUBACK / PUBCOMP: the broker acknowledged it.
                pub.publishWith().topic("crash/1").qos(MqttQos.AT_LEAST_ONCE).payload(bytes(one)).send();
                sentQos1.add(one);
                pub.publishWith().topic("crash/2").qos(MqttQos.EXACTLY_ONCE).payload(bytes(two)).send();
                sentQos2.add(two);
            }
            first.kill();
            assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        }

        try (BrokerProcess second = BrokerProcess.start(dataDir, "--durability", policy)) {
            Mqtt5BlockingClient sub = client("crash-sub", second.port);
            List<String> q1 = new ArrayList<>();
            Map<String, Integer> q2 = new HashMap<>();
            try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
                boolean present = sub.connectWith().cleanStart(false).sessionExpiryInterval(3600).send()
                        .isSessionPresent();
                assertThat(present).as("session survived the crash").isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    // Once all arrived, keep listening briefly so duplicates would show.
                    boolean complete = q2.size() == PER_QOS && q1.containsAll(sentQos1);
                    Optional<Mqtt5Publish> p = in.receive(complete ? 1 : 10, TimeUnit.SECONDS);
                    if (p.isEmpty()) {
                        if (complete) {
                            break;
                        }
                        continue;
                    }
                    String payload = new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
                    if (p.get().getQos() == MqttQos.EXACTLY_ONCE) {
                        q2.merge(payload, 1, Integer::sum);
                    } else {
                        assertThat(p.get().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                        q1.add(payload);
                    }
                }
            } finally {
                sub.disconnect();
            }
            assertThat(q2.keySet()).containsExactlyInAnyOrderElementsOf(sentQos2);
            assertThat(q2.values()).as("QoS 2 exactly once").containsOnly(1);
            assertThat(q1).containsAll(sentQos1);
            assertThat(firstOccurrences(q1)).as("QoS 1 in publish order").containsExactlyElementsOf(sentQos1);
            assertThat(second.terminate()).isZero();
        }
    }

    @Test
    void sigtermDisconnectsClientsKeepsSessionsAndExitsZero() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dataDir)) {
            Mqtt5BlockingClient sub = client("term-sub", broker.port);
            sub.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
            sub.subscribeWith().topicFilter("term/#").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(broker.terminate()).as("exit status after SIGTERM").isZero();
            assertThat(String.join("\n", broker.output)).doesNotContain("Exception");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sub.getState().isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sub.getState().isConnected()).as("client told to go").isFalse();
        }
        try (BrokerProcess again = BrokerProcess.start(dataDir)) {
            Mqtt5BlockingClient sub = client("term-sub", again.port);
            assertThat(sub.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                    .isTrue();
            sub.disconnect();
            assertThat(again.terminate()).isZero();
        }
    }

    @Test
    void aSecondBrokerOnTheSameDataDirectoryExitsWithStatus1AndSaysWhy() throws Exception {
        try (BrokerProcess first = BrokerProcess.start(dataDir)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process second = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    io.mqttd.mqtt.server.cli.MqttdMain.class.getName(), "--listen", "127.0.0.1:0",
                    "--data-dir", dataDir.toString()).redirectErrorStream(true).start();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("cannot start").contains(dataDir.getFileName().toString());
            assertThat(first.process.isAlive()).isTrue();
            assertThat(first.terminate()).isZero();
        }
    }

    @Test
    void aBadOptionExitsWithStatus2() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                io.mqttd.mqtt.server.cli.MqttdMain.class.getName(), "--durability", "sometimes")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("sync, group-commit, none");
    }

    private static List<String> firstOccurrences(List<String> received) {
        List<String> firsts = new ArrayList<>();
        for (String s : received) {
            if (!firsts.contains(s)) {
                firsts.add(s);
            }
        }
        return firsts;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
