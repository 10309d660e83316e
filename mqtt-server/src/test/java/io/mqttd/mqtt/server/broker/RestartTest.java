package io.mqttd.mqtt.server.broker;

import static io.mqttd.mqtt.server.broker.Packets.connect;
import static io.mqttd.mqtt.server.broker.Packets.publish;
import static io.mqttd.mqtt.server.broker.Packets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.server.store.BrokerStore;
import io.mqttd.mqtt.server.store.Durability;
import io.mqttd.mqtt.server.store.RocksDbBrokerStore;
import io.mqttd.mqtt.server.store.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker on a RocksDB store, stopped without a graceful shutdown: the Broker object is simply
 * abandoned (no DISCONNECT, no will handling, no session bookkeeping) and only the store is closed,
 * to release its directory lock for the second broker in this process. Acknowledged messages were
 * committed with {@link Durability#SYNC} before their PUBACK/PUBREC, so the restart must find them.
 */
class RestartTest {
    @TempDir
    Path dir;

    private BrokerStore open() {
        return RocksDbBrokerStore.open(StoreConfig.defaults().withDataDirectory(dir).withDurability(Durability.SYNC));
    }

    @Test
    void queuedAndInflightQos1And2SurviveRestartExactlyAsQosRequires() {
        BrokerStore store1 = open();
        BrokerHarness first = new BrokerHarness(BrokerSettings.defaults(), store1);
        TestClient sub = first.connect(connect("sub", false, 3600));
        sub.send(subscribe(1, "t/#", Qos.EXACTLY_ONCE));
        sub.take();
        TestClient pub = first.connect(connect("pub", false, 3600));
        // In flight to the subscriber at the crash: a QoS 1 PUBLISH not acknowledged, a QoS 2 at PUBREL.
        pub.send(publish("t/a", Qos.AT_LEAST_ONCE, 1, "inflight-1"), publish("t/b", Qos.EXACTLY_ONCE, 2, "inflight-2"));
        List<Publish> inflight = sub.take(Publish.class);
        assertThat(inflight).hasSize(2);
        sub.send(Pubrec.of(inflight.get(1).packetId()));
        sub.take();
        sub.drop();
        // Queued for the offline session.
        pub.send(publish("t/c", Qos.AT_LEAST_ONCE, 3, "queued-1"), publish("t/d", Qos.EXACTLY_ONCE, 4, "queued-2"),
                publish("t/r", Qos.AT_LEAST_ONCE, 5, "retained", true, MqttProperties.EMPTY));
        // The publisher's QoS 2 receive state: PUBREC sent, PUBREL not yet received.
        assertThat(pub.take()).contains(Puback.of(1), Pubrec.of(2), Puback.of(3), Pubrec.of(4), Puback.of(5));
        pub.send(Pubrel.of(2));
        assertThat(pub.take()).containsExactly(Pubcomp.of(2));

        store1.close(); // crash: the first broker is abandoned, not closed

        BrokerHarness second = new BrokerHarness(BrokerSettings.defaults(), open(), 1_000_000L + 60_000);
        TestClient back = second.connect(connect("sub", false, 3600));
        List<io.mqttd.mqtt.codec.packet.MqttPacket> resent = back.take();
        // MQTT-4.4.0-1: in-flight PUBLISH again with DUP, PUBREL again, then the queue in order.
        assertThat(resent).hasSize(5);
        Publish again1 = (Publish) resent.get(0);
        assertThat(again1.dup()).isTrue();
        assertThat(Packets.text(again1)).isEqualTo("inflight-1");
        assertThat(again1.packetId()).isEqualTo(inflight.get(0).packetId());
        assertThat(resent.get(1)).isEqualTo(Pubrel.of(inflight.get(1).packetId()));
        Publish q1 = (Publish) resent.get(2);
        Publish q2 = (Publish) resent.get(3);
        Publish q3 = (Publish) resent.get(4);
        assertThat(List.of(Packets.text(q1), Packets.text(q2), Packets.text(q3)))
                .containsExactly("queued-1", "queued-2", "retained");
        assertThat(List.of(q1.qos(), q2.qos(), q3.qos())).containsExactly(Qos.AT_LEAST_ONCE, Qos.EXACTLY_ONCE, Qos.AT_LEAST_ONCE);
        back.send(Puback.of(again1.packetId()), Pubcomp.of(inflight.get(1).packetId()), Puback.of(q1.packetId()),
                Pubrec.of(q2.packetId()), Puback.of(q3.packetId()));
        assertThat(back.take()).containsExactly(Pubrel.of(q2.packetId()));
        back.send(Pubcomp.of(q2.packetId()));
        assertThat(second.store().queueDepth("sub")).isZero();
        back.drop();
        TestClient once = second.connect(connect("sub", false, 3600));
        assertThat(once.take(Publish.class)).isEmpty(); // nothing delivered twice

        // The publisher's QoS 2 message 4 is still "PUBREC sent": a resend is not routed again.
        TestClient pubBack = second.connect(connect("pub", false, 3600));
        pubBack.send(new Publish(true, Qos.EXACTLY_ONCE, false, "t/d", 4, Packets.bytes("queued-2"), MqttProperties.EMPTY));
        assertThat(pubBack.take()).containsExactly(Pubrec.of(4));
        pubBack.send(Pubrel.of(4));
        assertThat(pubBack.take()).containsExactly(Pubcomp.of(4));
        assertThat(once.take(Publish.class)).isEmpty();

        // The retained message survived too.
        TestClient late = second.connectV5("late");
        late.send(subscribe(1, "t/r", Qos.AT_LEAST_ONCE));
        assertThat(late.take(Publish.class)).extracting(Packets::text).containsExactly("retained");
        second.close();
    }

    @Test
    void sessionsExpiredWhileDownAreRemovedAndTheirWillsPublished_4_1() {
        BrokerStore store1 = open();
        BrokerHarness first = new BrokerHarness(BrokerSettings.defaults(), store1);
        first.connect(connect("keeps", false, 3600)).drop();
        first.connect(connect("short", false, 10)).drop();
        // Connected at the crash, with a will: after the restart it counts as disconnected then.
        first.connect(connect("crashed", false, 0, MqttProperties.builder()
                .put(io.mqttd.mqtt.codec.property.MqttProperty.SESSION_EXPIRY_INTERVAL, 3600).build(),
                Packets.will("will/crashed", "gone", 0)));
        store1.close();

        BrokerStore store2 = open();
        assertThat(store2.sessions()).extracting(s -> s.clientId()).contains("keeps", "short", "crashed");
        BrokerHarness second = new BrokerHarness(BrokerSettings.defaults(), store2, 1_000_000L + 60_000);
        assertThat(second.store().session("short")).isEmpty();
        assertThat(second.store().session("keeps")).isPresent();
        assertThat(second.store().session("crashed")).get().matches(s -> !s.isConnected());
        TestClient watcher = second.connectV5("w");
        watcher.send(subscribe(1, "will/#", Qos.AT_LEAST_ONCE));
        // The will went out during start, before anyone could subscribe; it was not retained.
        assertThat(watcher.take(Publish.class)).isEmpty();
        assertThat(second.broker().stats().messagesIn()).isEqualTo(1);
        second.close();
    }

    @Test
    void answersFollowConnackWhenTheSessionCommitCompletesLater_4_6() throws Exception {
        BrokerStore store = RocksDbBrokerStore.open(StoreConfig.defaults().withDataDirectory(dir)
                .withDurability(Durability.GROUP_COMMIT));
        BrokerHarness h = new BrokerHarness(BrokerSettings.defaults(), store);
        TestClient c = h.client(io.mqttd.mqtt.codec.ProtocolVersion.MQTT_5);
        io.mqttd.mqtt.codec.MqttEncoder enc = new io.mqttd.mqtt.codec.MqttEncoder(io.mqttd.mqtt.codec.ProtocolVersion.MQTT_5);
        // CONNECT, PINGREQ and a QoS 1 PUBLISH in one chunk: the CONNACK waits for the group commit.
        java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
        for (io.mqttd.mqtt.codec.packet.MqttPacket p : List.of(connect("c", false, 60),
                io.mqttd.mqtt.codec.packet.Pingreq.INSTANCE, publish("t", Qos.AT_LEAST_ONCE, 1, "x"))) {
            chunk.writeBytes(enc.encode(p).array());
        }
        c.sendRaw(java.nio.ByteBuffer.wrap(chunk.toByteArray()));
        List<io.mqttd.mqtt.codec.packet.MqttPacket> got = new java.util.ArrayList<>();
        for (int i = 0; i < 2000 && got.size() < 3; i++) {
            got.addAll(c.take());
            Thread.sleep(5);
        }
        assertThat(got).extracting(p -> p.getClass().getSimpleName()).containsExactly("Connack", "Pingresp", "Puback");
        h.close();
    }
}
