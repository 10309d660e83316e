package io.mqttd.mqtt.server.broker;

import static io.mqttd.mqtt.server.broker.Packets.V311;
import static io.mqttd.mqtt.server.broker.Packets.V5;
import static io.mqttd.mqtt.server.broker.Packets.connect;
import static io.mqttd.mqtt.server.broker.Packets.subscribe;
import static io.mqttd.mqtt.server.broker.Packets.will;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Will;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.codec.property.UserProperty;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WillTest {

    private static TestClient watcher(BrokerHarness h) {
        TestClient w = h.connectV5("watcher");
        w.send(subscribe(1, "will/#", Qos.AT_LEAST_ONCE));
        w.take();
        return w;
    }

    private static Connect withWill(String id, long sessionExpiry, long willDelay, int keepAlive) {
        MqttProperties p = sessionExpiry == 0 ? MqttProperties.EMPTY
                : MqttProperties.builder().put(MqttProperty.SESSION_EXPIRY_INTERVAL, sessionExpiry).build();
        return connect(id, false, keepAlive, p, will("will/" + id, "gone", willDelay));
    }

    private static List<String> wills(TestClient w) {
        return w.take(Publish.class).stream().map(p -> p.topicName() + "=" + Packets.text(p)).toList();
    }

    @Test
    void noWillAfterNormalDisconnect_MQTT_3_1_2_10() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            TestClient c = h.connect(withWill("c", 0, 0, 0));
            c.send(Disconnect.NORMAL);
            assertThat(wills(w)).isEmpty();
        }
    }

    @Test
    void willOnDisconnectWithWillMessage0x04_3_14_2_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            TestClient c = h.connect(withWill("c", 0, 0, 0));
            c.send(Disconnect.of(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE));
            assertThat(wills(w)).containsExactly("will/c=gone");
        }
    }

    @Test
    void willWhenNetworkConnectionDrops_3_1_2_5_v5_and_v311() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            h.connect(withWill("c", 0, 0, 0)).drop();
            h.connect(new Connect(V311, "old", true, 0, new Will(Qos.AT_MOST_ONCE, false, "will/old", "bye".getBytes()),
                    null, null, MqttProperties.EMPTY)).drop();
            assertThat(wills(w)).containsExactly("will/c=gone", "will/old=bye");
        }
    }

    @Test
    void willOnKeepAliveTimeout_3_1_2_5() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            h.connect(withWill("c", 0, 0, 2));
            w.send(new io.mqttd.mqtt.codec.packet.Pingreq());
            h.advanceSeconds(3);
            assertThat(wills(w)).containsExactly("will/c=gone");
        }
    }

    @Test
    void willOnProtocolError_3_1_2_5() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            TestClient c = h.connect(withWill("c", 0, 0, 0));
            c.sendRaw(ByteBuffer.wrap(new byte[] {(byte) 0xC1, 0}));
            assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.MALFORMED_PACKET));
            assertThat(wills(w)).containsExactly("will/c=gone");
        }
    }

    @Test
    void willWithoutDelayOnSessionTakeover_3_1_4() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            h.connect(withWill("c", 60, 0, 0));
            h.connect(connect("c", false, 60));
            assertThat(wills(w)).containsExactly("will/c=gone");
        }
    }

    @Test
    void delayedWillCancelledByReconnectWithinDelay_3_1_3_2_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            h.connect(withWill("c", 600, 30, 0)).drop();
            h.advanceSeconds(29);
            h.connect(connect("c", false, 600));
            h.advanceSeconds(60);
            assertThat(wills(w)).isEmpty();
        }
    }

    @Test
    void delayedWillCancelledByTakeover_3_1_3_2_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            h.connect(withWill("c", 600, 30, 0));
            h.connect(connect("c", false, 600));
            h.advanceSeconds(60);
            assertThat(wills(w)).isEmpty();
        }
    }

    @Test
    void delayedWillPublishedAfterDelay_3_1_3_2_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            h.connect(withWill("c", 600, 30, 0)).drop();
            h.advanceSeconds(29);
            assertThat(wills(w)).isEmpty();
            h.advanceSeconds(1);
            assertThat(wills(w)).containsExactly("will/c=gone");
            h.advanceSeconds(600);
            assertThat(wills(w)).isEmpty();
        }
    }

    @Test
    void delayedWillPublishedWhenSessionEndsFirst_3_1_3_2_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient w = watcher(h);
            h.connect(withWill("c", 5, 60, 0)).drop();
            h.advanceSeconds(5);
            assertThat(wills(w)).containsExactly("will/c=gone");
            assertThat(h.broker().stats().sessions()).isEqualTo(1); // only the watcher's
        }
    }

    @Test
    void willCarriesItsPropertiesAndRetainFlag_3_1_3_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            MqttProperties wp = MqttProperties.builder().put(MqttProperty.CONTENT_TYPE, "text/plain")
                    .addUserProperty("why", "crash").put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 100).build();
            Will will = new Will(Qos.AT_LEAST_ONCE, true, "will/c", Packets.bytes("gone"), wp);
            h.connect(connect("c", true, 0, MqttProperties.EMPTY, will)).drop();
            h.advanceSeconds(10);
            TestClient late = h.connectV5("late");
            late.send(subscribe(1, "will/#", Qos.AT_LEAST_ONCE));
            Publish got = late.take(Publish.class).get(0);
            assertThat(got.retain()).isTrue();
            assertThat(got.properties().string(MqttProperty.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(got.properties().userProperties()).containsExactly(new UserProperty("why", "crash"));
            assertThat(got.properties().numeric(MqttProperty.MESSAGE_EXPIRY_INTERVAL, -1)).isEqualTo(90);
            assertThat(got.properties().contains(MqttProperty.WILL_DELAY_INTERVAL)).isFalse();
        }
    }

    @Test
    void willQosAboveMaximumRefusedWith0x9B_MQTT_3_2_2_12() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withMaximumQos(Qos.AT_MOST_ONCE))) {
            TestClient c = h.client(V5);
            c.send(withWill("c", 0, 0, 0));
            assertThat(c.take()).containsExactly(
                    io.mqttd.mqtt.codec.packet.Connack.of(false, ReasonCode.QOS_NOT_SUPPORTED));
        }
    }

    @Test
    void gracefulCloseSendsServerShuttingDownAndPublishesWills() {
        BrokerHarness h = new BrokerHarness();
        TestClient w = watcher(h);
        TestClient c = h.connect(withWill("c", 0, 0, 0));
        h.close();
        assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.SERVER_SHUTTING_DOWN));
        assertThat(c.isClosed()).isTrue();
        // The watcher was disconnected first or got the will; either way the will went through routing.
        assertThat(h.broker().stats().messagesIn()).isEqualTo(1);
    }
}
