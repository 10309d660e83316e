package io.mqttd.mqtt.server.runtime;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference server, started in-process on RocksDB, against the HiveMQ MQTT client (v5 and v3.1.1). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HiveMqClientEndToEndTest {

    @TempDir
    Path dataDir;

    private InProcessBroker broker;
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = InProcessBroker.start(dataDir, UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        cleanups.forEach(r -> {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // a client the test already disconnected
            }
        });
        broker.close();
    }

    private Mqtt5BlockingClient v5(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        cleanups.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> p = publishes.receive(10, TimeUnit.SECONDS);
        assertThat(p).as("a message within 10 s").isPresent();
        return p.get();
    }

    @Test
    void deliversQos0And1And2AtTheSubscribedMaximum_4_3() throws Exception {
        Mqtt5BlockingClient sub = v5("sub");
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("e2e/+/q").qos(MqttQos.EXACTLY_ONCE).send();
            Mqtt5BlockingClient pub = v5("pub");
            pub.connect();
            for (MqttQos qos : MqttQos.values()) {
                pub.publishWith().topic("e2e/" + qos.getCode() + "/q").qos(qos).payload(utf8("m" + qos.getCode())).send();
            }
            for (MqttQos qos : MqttQos.values()) {
                Mqtt5Publish p = receive(in);
                assertThat(p.getTopic().toString()).isEqualTo("e2e/" + qos.getCode() + "/q");
                assertThat(p.getQos()).isEqualTo(qos);
                assertThat(text(p)).isEqualTo("m" + qos.getCode());
            }
        }
    }

    @Test
    void downgradesToTheSubscriptionQos_3_8_3_1() throws Exception {
        Mqtt5BlockingClient sub = v5("sub");
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("down").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = v5("pub");
            pub.connect();
            pub.publishWith().topic("down").qos(MqttQos.EXACTLY_ONCE).payload(utf8("x")).send();
            assertThat(receive(in).getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        }
    }

    @Test
    void sendsTheRetainedMessageToLaterSubscribersAndForgetsItOnEmptyPayload_3_3_1_3() throws Exception {
        Mqtt5BlockingClient pub = v5("pub");
        pub.connect();
        pub.publishWith().topic("ret/a").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(utf8("kept")).send();

        Mqtt5BlockingClient sub = v5("sub");
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("ret/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish p = receive(in);
            assertThat(p.isRetain()).isTrue();
            assertThat(text(p)).isEqualTo("kept");
        }
        pub.publishWith().topic("ret/a").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();

        Mqtt5BlockingClient late = v5("late");
        late.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter("ret/#").qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic("ret/marker").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("live")).send();
            Mqtt5Publish p = receive(in);
            assertThat(text(p)).as("no retained message left before the live one").isEqualTo("live");
            assertThat(p.isRetain()).isFalse();
        }
    }

    @Test
    void publishesTheWillWhenTheClientAsksForIt_3_14_2_1() throws Exception {
        Mqtt5BlockingClient watcher = v5("watcher");
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient dying = v5("dying");
            dying.connectWith().willPublish().topic("will/dying").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(utf8("gone")).applyWillPublish().send();
            dying.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            Mqtt5Publish p = receive(in);
            assertThat(p.getTopic().toString()).isEqualTo("will/dying");
            assertThat(text(p)).isEqualTo("gone");
        }
    }

    @Test
    void publishesTheWillWhenTheNetworkConnectionDropsWithoutDisconnect_3_1_2_5() throws Exception {
        Mqtt5BlockingClient watcher = v5("watcher");
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", broker.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(RawMqtt.connectWithWill("cut", "will/cut", utf8("cable cut")));
                assertThat(s.getInputStream().read()).as("CONNACK").isEqualTo(0x20);
                s.setSoLinger(true, 0); // RST: no DISCONNECT, no FIN
            }
            Mqtt5Publish p = receive(in);
            assertThat(p.getTopic().toString()).isEqualTo("will/cut");
            assertThat(text(p)).isEqualTo("cable cut");
        }
    }

    @Test
    void dropsTheWillOnNormalDisconnect_3_1_2_5() throws Exception {
        Mqtt5BlockingClient watcher = v5("watcher");
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes in = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter("will/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient polite = v5("polite");
            polite.connectWith().willPublish().topic("will/polite").payload(utf8("x")).applyWillPublish().send();
            polite.disconnect();
            Mqtt5BlockingClient pub = v5("pub");
            pub.connect();
            pub.publishWith().topic("will/marker").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("m")).send();
            assertThat(receive(in).getTopic().toString()).isEqualTo("will/marker");
        }
    }

    @Test
    void resumesAPersistentSessionWithTheMessagesQueuedWhileAway_3_1_2_4() throws Exception {
        Mqtt5BlockingClient sub = v5("durable");
        Mqtt5ConnAck first = sub.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        assertThat(first.isSessionPresent()).isFalse();
        sub.subscribeWith().topicFilter("away/#").qos(MqttQos.EXACTLY_ONCE).send();
        sub.disconnect();

        Mqtt5BlockingClient pub = v5("pub");
        pub.connect();
        pub.publishWith().topic("away/1").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("one")).send();
        pub.publishWith().topic("away/2").qos(MqttQos.EXACTLY_ONCE).payload(utf8("two")).send();
        pub.publishWith().topic("away/0").qos(MqttQos.AT_MOST_ONCE).payload(utf8("zero")).send();

        Mqtt5BlockingClient again = v5("durable");
        try (Mqtt5BlockingClient.Mqtt5Publishes in = again.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
            assertThat(ack.isSessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            got.add(text(receive(in)));
            got.add(text(receive(in)));
            // QoS 0 messages for an offline session may be dropped (MQTT 5.0 §3.1.2.4 leaves it to
            // the server); QoS 1 and 2 must come, in order.
            assertThat(got.subList(0, 2)).containsExactly("one", "two");
        }
    }

    @Test
    void spreadsASharedSubscriptionOverItsMembers_4_8_2() throws Exception {
        Mqtt5BlockingClient a = v5("member-a");
        Mqtt5BlockingClient b = v5("member-b");
        a.connect();
        b.connect();
        Set<String> seen = new HashSet<>();
        int total = 40;
        try (Mqtt5BlockingClient.Mqtt5Publishes inA = a.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5BlockingClient.Mqtt5Publishes inB = b.publishes(MqttGlobalPublishFilter.ALL)) {
            a.subscribeWith().topicFilter("$share/workers/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
            b.subscribeWith().topicFilter("$share/workers/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = v5("pub");
            pub.connect();
            for (int i = 0; i < total; i++) {
                pub.publishWith().topic("jobs/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(utf8("job" + i)).send();
            }
            int fromA = 0;
            int fromB = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (fromA + fromB < total && System.nanoTime() < deadline) {
                Optional<Mqtt5Publish> p = inA.receive(50, TimeUnit.MILLISECONDS);
                if (p.isPresent()) {
                    fromA++;
                    assertThat(seen.add(text(p.get()))).as("delivered once to the group").isTrue();
                }
                p = inB.receive(50, TimeUnit.MILLISECONDS);
                if (p.isPresent()) {
                    fromB++;
                    assertThat(seen.add(text(p.get()))).as("delivered once to the group").isTrue();
                }
            }
            assertThat(seen).hasSize(total);
            assertThat(fromA).as("member a got some").isPositive();
            assertThat(fromB).as("member b got some").isPositive();
        }
    }

    @Test
    void servesMqtt311ClientsWithPersistentSessions() throws Exception {
        Mqtt3BlockingClient sub = MqttClient.builder().useMqttVersion3().identifier("v3sub")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        sub.connectWith().cleanSession(false).send();
        sub.subscribeWith().topicFilter("v3/#").qos(MqttQos.AT_LEAST_ONCE).send();
        sub.disconnect();

        Mqtt3BlockingClient pub = MqttClient.builder().useMqttVersion3().identifier("v3pub")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        pub.connect();
        pub.publishWith().topic("v3/x").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("queued")).send();
        pub.disconnect();

        Mqtt3BlockingClient again = MqttClient.builder().useMqttVersion3().identifier("v3sub")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        try (Mqtt3BlockingClient.Mqtt3Publishes in = again.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(again.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
            Optional<Mqtt3Publish> p = in.receive(10, TimeUnit.SECONDS);
            assertThat(p).isPresent();
            assertThat(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("queued");
            assertThat(p.get().getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        } finally {
            again.disconnect();
        }
    }
}
