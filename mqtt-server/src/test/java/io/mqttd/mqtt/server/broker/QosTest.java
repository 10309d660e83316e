package io.mqttd.mqtt.server.broker;

import static io.mqttd.mqtt.server.broker.Packets.connect;
import static io.mqttd.mqtt.server.broker.Packets.connect311;
import static io.mqttd.mqtt.server.broker.Packets.publish;
import static io.mqttd.mqtt.server.broker.Packets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.server.store.InMemoryBrokerStore;
import io.mqttd.mqtt.server.store.OverflowPolicy;
import io.mqttd.mqtt.server.store.StoreConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class QosTest {

    private static TestClient persistentSubscriber(BrokerHarness h, String id, String filter, Qos qos) {
        TestClient s = h.connect(connect(id, false, 3600));
        s.send(subscribe(1, filter, qos));
        s.take();
        return s;
    }

    @Test
    void qos1MessageStaysStoredUntilPuback_4_3_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = persistentSubscriber(h, "sub", "t", Qos.AT_LEAST_ONCE);
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 9, "m"));
            assertThat(pub.take()).containsExactly(Puback.of(9));
            Publish got = sub.take(Publish.class).get(0);
            assertThat(got.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
            assertThat(got.dup()).isFalse();
            assertThat(h.store().queueDepth("sub")).isEqualTo(1);
            sub.send(Puback.of(got.packetId()));
            assertThat(h.store().queueDepth("sub")).isZero();
        }
    }

    @Test
    void qos2OutboundFlowPubrecPubrelPubcomp_4_3_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = persistentSubscriber(h, "sub", "t", Qos.EXACTLY_ONCE);
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.EXACTLY_ONCE, 3, "m"));
            assertThat(pub.take()).containsExactly(Pubrec.of(3));
            Publish got = sub.take(Publish.class).get(0);
            sub.send(Pubrec.of(got.packetId()));
            assertThat(sub.take()).containsExactly(Pubrel.of(got.packetId()));
            assertThat(h.store().queueDepth("sub")).isEqualTo(1);
            sub.send(Pubcomp.of(got.packetId()));
            assertThat(h.store().queueDepth("sub")).isZero();
            pub.send(Pubrel.of(3));
            assertThat(pub.take()).containsExactly(Pubcomp.of(3));
        }
    }

    @Test
    void qos2DuplicateBeforePubrelIsNotDeliveredAgain_4_3_3_methodB() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "t", Qos.AT_MOST_ONCE));
            sub.take();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.EXACTLY_ONCE, 7, "once"));
            pub.send(new Publish(true, Qos.EXACTLY_ONCE, false, "t", 7, Packets.bytes("once"), MqttProperties.EMPTY));
            assertThat(pub.take()).containsExactly(Pubrec.of(7), Pubrec.of(7));
            assertThat(sub.take(Publish.class)).hasSize(1);
            pub.send(Pubrel.of(7));
            assertThat(pub.take()).containsExactly(Pubcomp.of(7));
            pub.send(publish("t", Qos.EXACTLY_ONCE, 7, "new"));
            assertThat(sub.take(Publish.class)).extracting(Packets::text).containsExactly("new");
        }
    }

    @Test
    void qos2ReceiveStateSurvivesReconnect_4_3_3_and_4_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "t", Qos.AT_MOST_ONCE));
            sub.take();
            TestClient pub = h.connect(connect("pub", false, 3600));
            pub.send(publish("t", Qos.EXACTLY_ONCE, 7, "once"));
            assertThat(pub.take()).containsExactly(Pubrec.of(7));
            pub.drop();
            TestClient again = h.connect(connect("pub", false, 3600));
            again.send(new Publish(true, Qos.EXACTLY_ONCE, false, "t", 7, Packets.bytes("once"), MqttProperties.EMPTY));
            assertThat(again.take()).containsExactly(Pubrec.of(7));
            again.send(Pubrel.of(7));
            assertThat(again.take()).containsExactly(Pubcomp.of(7));
            assertThat(sub.take(Publish.class)).hasSize(1);
            assertThat(h.store().inboundQos2PacketIds("pub")).isEmpty();
        }
    }

    @Test
    void pubrelForUnknownIdGetsPubcomp0x92_3_7_2_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(Pubrel.of(99));
            assertThat(pub.take()).containsExactly(new Pubcomp(99, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, MqttProperties.EMPTY));
        }
    }

    @Test
    void resendsUnacknowledgedPublishesWithDupInOrderOnReconnect_MQTT_4_4_0_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = persistentSubscriber(h, "sub", "t", Qos.AT_LEAST_ONCE);
            TestClient pub = h.connectV5("pub");
            for (int i = 1; i <= 3; i++) {
                pub.send(publish("t", Qos.AT_LEAST_ONCE, i, "m" + i));
            }
            List<Publish> first = sub.take(Publish.class);
            assertThat(first).extracting(Packets::text).containsExactly("m1", "m2", "m3");
            sub.drop();
            TestClient back = h.connect(connect("sub", false, 3600));
            List<Publish> again = back.take(Publish.class);
            assertThat(again).extracting(Packets::text).containsExactly("m1", "m2", "m3");
            assertThat(again).allMatch(Publish::dup);
            assertThat(again).extracting(Publish::packetId).containsExactlyElementsOf(
                    first.stream().map(Publish::packetId).toList());
        }
    }

    @Test
    void resendsPubrelForPubrecReceivedBeforeDisconnect_MQTT_4_4_0_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = persistentSubscriber(h, "sub", "t", Qos.EXACTLY_ONCE);
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.EXACTLY_ONCE, 1, "m"));
            Publish got = sub.take(Publish.class).get(0);
            sub.send(Pubrec.of(got.packetId()));
            sub.take();
            sub.drop();
            TestClient back = h.connect(connect("sub", false, 3600));
            assertThat(back.take()).containsExactly(Pubrel.of(got.packetId()));
            back.send(Pubcomp.of(got.packetId()));
            assertThat(h.store().queueDepth("sub")).isZero();
        }
    }

    @Test
    void offlinePersistentSessionReceivesQueuedMessages_v311CleanSession0() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connect(connect311("old", false));
            sub.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            sub.take();
            sub.drop();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 1, "a"), publish("t", Qos.AT_MOST_ONCE, 0, "qos0-dropped"),
                    publish("t", Qos.EXACTLY_ONCE, 2, "b"));
            TestClient back = h.connect(connect311("old", false));
            List<Publish> got = back.take(Publish.class);
            assertThat(got).extracting(Packets::text).containsExactly("a", "b");
            assertThat(got).extracting(Publish::dup).containsOnly(false);
        }
    }

    @Test
    void outboundInflightBoundedByClientReceiveMaximum_MQTT_3_3_4_9() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connect(connect("sub", true, 0,
                    MqttProperties.builder().put(MqttProperty.RECEIVE_MAXIMUM, 2).build(), null));
            sub.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            sub.take();
            TestClient pub = h.connectV5("pub");
            for (int i = 1; i <= 5; i++) {
                pub.send(publish("t", Qos.AT_LEAST_ONCE, i, "m" + i));
            }
            List<Publish> window = sub.take(Publish.class);
            assertThat(window).extracting(Packets::text).containsExactly("m1", "m2");
            sub.send(Puback.of(window.get(0).packetId()));
            assertThat(sub.take(Publish.class)).extracting(Packets::text).containsExactly("m3");
        }
    }

    @Test
    void clientExceedingReceiveMaximumGetsDisconnect0x93_MQTT_3_3_4_7() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withReceiveMaximum(2))) {
            persistentSubscriber(h, "sink", "t", Qos.AT_MOST_ONCE);
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.EXACTLY_ONCE, 1, "a"), publish("t", Qos.EXACTLY_ONCE, 2, "b"));
            assertThat(pub.take()).containsExactly(Pubrec.of(1), Pubrec.of(2));
            pub.send(publish("t", Qos.EXACTLY_ONCE, 3, "c"));
            assertThat(pub.take()).containsExactly(Disconnect.of(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED));
        }
    }

    @Test
    void completedQos2FreesReceiveQuota_4_9() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withReceiveMaximum(1))) {
            persistentSubscriber(h, "sink", "t", Qos.AT_MOST_ONCE);
            TestClient pub = h.connectV5("pub");
            for (int i = 1; i <= 3; i++) {
                pub.send(publish("t", Qos.EXACTLY_ONCE, i, "x"), Pubrel.of(i));
            }
            assertThat(pub.take()).containsExactly(Pubrec.of(1), Pubcomp.of(1), Pubrec.of(2), Pubcomp.of(2),
                    Pubrec.of(3), Pubcomp.of(3));
        }
    }

    @Test
    void neverSendsPacketLargerThanClientMaximum_MQTT_3_1_2_24() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connect(connect("sub", true, 0,
                    MqttProperties.builder().put(MqttProperty.MAXIMUM_PACKET_SIZE, 64).build(), null));
            sub.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            sub.take();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 1, "x".repeat(100)), publish("t", Qos.AT_LEAST_ONCE, 2, "small"));
            assertThat(sub.take(Publish.class)).extracting(Packets::text).containsExactly("small");
            assertThat(h.broker().stats().dropped()).isEqualTo(1);
        }
    }

    @Test
    void queueOverflowIsCountedAsDropped() {
        StoreConfig cfg = StoreConfig.defaults().withQueueLimit(2, OverflowPolicy.DROP_NEWEST);
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults(), new InMemoryBrokerStore(cfg))) {
            TestClient sub = persistentSubscriber(h, "sub", "t", Qos.AT_LEAST_ONCE);
            sub.drop();
            TestClient pub = h.connectV5("pub");
            for (int i = 1; i <= 3; i++) {
                pub.send(publish("t", Qos.AT_LEAST_ONCE, i, "m" + i));
            }
            assertThat(h.broker().stats().dropped()).isEqualTo(1);
            TestClient back = h.connect(connect("sub", false, 3600));
            assertThat(back.take(Publish.class)).extracting(Packets::text).containsExactly("m1", "m2");
        }
    }

    @Test
    void stopsSendingWhileTransportUnwritableAndResumesAfter() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = persistentSubscriber(h, "sub", "t", Qos.AT_LEAST_ONCE);
            sub.writable = false;
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 1, "held"));
            assertThat(sub.take(Publish.class)).isEmpty();
            sub.writable = true;
            h.executor().execute(sub.handler::onWritabilityChanged);
            assertThat(sub.take(Publish.class)).extracting(Packets::text).containsExactly("held");
        }
    }

    @Test
    void pubacksFollowPublishOrder_MQTT_4_6_0_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("a", Qos.AT_LEAST_ONCE, 5, "x"), publish("b", Qos.EXACTLY_ONCE, 6, "y"),
                    publish("c", Qos.AT_LEAST_ONCE, 7, "z"));
            List<MqttPacket> acks = pub.take();
            assertThat(acks).extracting(p -> p.getClass().getSimpleName()).containsExactly("Puback", "Pubrec", "Puback");
        }
    }

    @Test
    void failedStoreCommitIsNeverAcknowledgedAsSuccess_v5_0x83_v311_close() {
        BrokerHarness h = new BrokerHarness();
        TestClient sub = persistentSubscriber(h, "sub", "t", Qos.AT_LEAST_ONCE);
        TestClient v5 = h.connectV5("pub5");
        TestClient v3 = h.connect(connect311("pub3", true));
        h.store().close(); // every later commit fails
        v5.send(publish("t", Qos.AT_LEAST_ONCE, 1, "x"));
        assertThat(v5.take()).containsExactly(new Puback(1, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, MqttProperties.EMPTY));
        v3.send(publish("t", Qos.AT_LEAST_ONCE, 1, "x"));
        assertThat(v3.take()).isEmpty();
        assertThat(v3.isClosed()).isTrue();
        assertThat(sub.take(Publish.class)).isEmpty();
    }
}
