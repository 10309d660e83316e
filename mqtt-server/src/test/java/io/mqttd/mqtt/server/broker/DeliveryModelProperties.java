package io.mqttd.mqtt.server.broker;

import static io.mqttd.mqtt.server.broker.Packets.connect;
import static io.mqttd.mqtt.server.broker.Packets.publish;
import static io.mqttd.mqtt.server.broker.Packets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of publishing, acknowledging, subscribing, unsubscribing, connection drops
 * and reconnects for a persistent session: no QoS 1/2 message published while the subscription
 * existed is lost, none published while it did not is delivered, each is sent without DUP exactly once (any other
 * copy is a DUP resend of an unacknowledged PUBLISH, MQTT-3.3.1-1, MQTT-4.4.0-1), a QoS 2 message
 * is never sent again once the client answered PUBREC (§4.3.3), and first deliveries keep the
 * publisher's order (§4.6).
 */
class DeliveryModelProperties {

    enum Op { PUBLISH_QOS1, PUBLISH_QOS2, ACK_ONE, ACK_ALL, DROP, RECONNECT, UNSUBSCRIBE, SUBSCRIBE }

    @Provide
    Arbitrary<List<Op>> scripts() {
        return Arbitraries.of(Op.class).list().ofMinSize(1).ofMaxSize(40);
    }

    /** The subscriber as a client would behave: it answers in the order it received, when told to. */
    static final class Subscriber {
        TestClient connection;
        final ArrayDeque<MqttPacket> toAnswer = new ArrayDeque<>();
        final List<String> firstDeliveries = new ArrayList<>();
        final Map<String, Integer> nonDupCount = new HashMap<>();
        final Set<String> pubrecSent = new HashSet<>();
        final Map<Integer, String> unackedByPacketId = new HashMap<>();

        void collect() {
            if (connection == null) {
                return;
            }
            for (MqttPacket p : connection.take()) {
                if (p instanceof Publish pub) {
                    String id = Packets.text(pub);
                    assertThat(pubrecSent).as("QoS 2 message resent after PUBREC: %s", id).doesNotContain(id);
                    if (pub.dup()) {
                        assertThat(unackedByPacketId.get(pub.packetId())).as("DUP for an unknown packet id").isEqualTo(id);
                    } else {
                        nonDupCount.merge(id, 1, Integer::sum);
                        if (!firstDeliveries.contains(id)) {
                            firstDeliveries.add(id);
                        }
                    }
                    unackedByPacketId.put(pub.packetId(), id);
                }
                toAnswer.add(p);
            }
        }

        void answerOne() {
            MqttPacket p = toAnswer.poll();
            if (p instanceof Publish pub) {
                if (pub.qos() == Qos.AT_LEAST_ONCE) {
                    unackedByPacketId.remove(pub.packetId());
                    connection.send(Puback.of(pub.packetId()));
                } else {
                    pubrecSent.add(Packets.text(pub));
                    connection.send(Pubrec.of(pub.packetId()));
                }
            } else if (p instanceof Pubrel rel) {
                unackedByPacketId.remove(rel.packetId());
                connection.send(Pubcomp.of(rel.packetId()));
            }
            collect();
        }
    }

    @Property(tries = 150)
    void persistentSessionGetsEveryMessageOnceBeyondDupResends(@ForAll("scripts") List<Op> script,
            @ForAll("receiveMaximum") int receiveMaximum) {
        try (BrokerHarness h = new BrokerHarness()) {
            MqttProperties props = MqttProperties.builder().put(MqttProperty.SESSION_EXPIRY_INTERVAL, 3600)
                    .put(MqttProperty.RECEIVE_MAXIMUM, receiveMaximum).build();
            Subscriber s = new Subscriber();
            s.connection = h.connect(connect("s", false, 0, props, null));
            s.connection.send(subscribe(1, "t", Qos.EXACTLY_ONCE));
            s.connection.take();
            TestClient pub = h.connectV5("p");
            List<String> published = new ArrayList<>();
            boolean subscribed = true;
            int packetId = 0;
            for (Op op : script) {
                switch (op) {
                    case PUBLISH_QOS1, PUBLISH_QOS2 -> {
                        String id = (subscribed ? "m" : "unsubscribed-") + packetId;
                        if (subscribed) {
                            published.add(id);
                        }
                        Qos q = op == Op.PUBLISH_QOS1 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE;
                        packetId++;
                        pub.send(publish("t", q, packetId, id));
                        if (q == Qos.EXACTLY_ONCE) {
                            pub.send(Pubrel.of(packetId));
                        }
                        pub.take();
                    }
                    case ACK_ONE -> {
                        if (s.connection != null) {
                            s.answerOne();
                        }
                    }
                    case ACK_ALL -> {
                        while (s.connection != null && !s.toAnswer.isEmpty()) {
                            s.answerOne();
                        }
                    }
                    case UNSUBSCRIBE, SUBSCRIBE -> {
                        // MQTT-3.10.4-3: what was queued before UNSUBSCRIBE may still be delivered.
                        if (s.connection != null) {
                            subscribed = op == Op.SUBSCRIBE;
                            s.connection.send(op == Op.SUBSCRIBE ? subscribe(2, "t", Qos.EXACTLY_ONCE)
                                    : new io.mqttd.mqtt.codec.packet.Unsubscribe(3, List.of("t"), MqttProperties.EMPTY));
                            s.collect();
                            s.toAnswer.removeIf(p -> !(p instanceof Publish) && !(p instanceof Pubrel));
                        }
                    }
                    case DROP -> {
                        if (s.connection != null) {
                            s.connection.drop();
                            s.connection = null;
                            s.toAnswer.clear();
                        }
                    }
                    case RECONNECT -> {
                        if (s.connection != null) {
                            s.connection.drop();
                        }
                        s.toAnswer.clear();
                        s.connection = h.connect(connect("s", false, 0, props, null));
                    }
                }
                s.collect();
            }
            if (s.connection == null) {
                s.toAnswer.clear();
                s.connection = h.connect(connect("s", false, 0, props, null));
            }
            s.collect();
            while (!s.toAnswer.isEmpty()) {
                s.answerOne();
            }
            assertThat(s.firstDeliveries).containsExactlyElementsOf(published);
            assertThat(s.nonDupCount.values()).allMatch(n -> n == 1);
            assertThat(h.store().queueDepth("s")).isZero();
        }
    }

    @Provide
    Arbitrary<Integer> receiveMaximum() {
        return Arbitraries.of(1, 2, 5, 65535);
    }
}
