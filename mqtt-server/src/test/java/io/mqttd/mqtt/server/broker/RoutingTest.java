package io.mqttd.mqtt.server.broker;

import static io.mqttd.mqtt.server.broker.Packets.V311;
import static io.mqttd.mqtt.server.broker.Packets.V5;
import static io.mqttd.mqtt.server.broker.Packets.connect311;
import static io.mqttd.mqtt.server.broker.Packets.publish;
import static io.mqttd.mqtt.server.broker.Packets.subscribe;
import static io.mqttd.mqtt.server.broker.Packets.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.RetainHandling;
import io.mqttd.mqtt.codec.packet.Suback;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import io.mqttd.mqtt.codec.packet.Unsuback;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.codec.property.UserProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private static List<String> payloads(TestClient c) {
        List<String> out = new ArrayList<>();
        for (Publish p : c.take(Publish.class)) {
            out.add(p.topicName() + "=" + text(p));
        }
        return out;
    }

    @Test
    void wildcardsMatchPerLevel_4_7_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "a/+/c", Qos.AT_MOST_ONCE), subscribe(2, "x/#", Qos.AT_MOST_ONCE));
            assertThat(sub.take(Suback.class)).hasSize(2);
            TestClient pub = h.connectV5("pub");
            pub.send(publish("a/b/c", Qos.AT_MOST_ONCE, 0, "1"), publish("a/b/d", Qos.AT_MOST_ONCE, 0, "2"),
                    publish("a/b/c/d", Qos.AT_MOST_ONCE, 0, "3"), publish("x", Qos.AT_MOST_ONCE, 0, "4"),
                    publish("x/y/z", Qos.AT_MOST_ONCE, 0, "5"));
            assertThat(payloads(sub)).containsExactly("a/b/c=1", "x=4", "x/y/z=5");
        }
    }

    @Test
    void dollarTopicsNotMatchedByLeadingWildcards_MQTT_4_7_2_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "#", Qos.AT_MOST_ONCE), subscribe(2, "+/info", Qos.AT_MOST_ONCE),
                    subscribe(3, "$SYS/#", Qos.AT_MOST_ONCE));
            sub.take();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("$SYS/info", Qos.AT_MOST_ONCE, 0, "sys"), publish("a/info", Qos.AT_MOST_ONCE, 0, "a"));
            // "$SYS/info" only through "$SYS/#"; "a/info" through "#" and "+/info" but once (MQTT-3.3.4-2 overlap).
            assertThat(payloads(sub)).containsExactly("$SYS/info=sys", "a/info=a");
        }
    }

    @Test
    void overlappingSubscriptionsDeliverOnceWithHighestQosAndAllIdentifiers_MQTT_3_3_4_3_to_5() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "a/#", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 7),
                    subscribe(2, "a/+", SubscriptionOptions.of(Qos.AT_LEAST_ONCE), 9));
            sub.take();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("a/b", Qos.EXACTLY_ONCE, 1, "m"));
            List<Publish> got = sub.take(Publish.class);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).qos()).isEqualTo(Qos.AT_LEAST_ONCE);
            assertThat(got.get(0).properties().subscriptionIdentifiers()).containsExactlyInAnyOrder(7, 9);
        }
    }

    @Test
    void deliveryQosIsMinimumOfPublishAndGranted_MQTT_3_8_4_8() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "t/1", Qos.AT_LEAST_ONCE), subscribe(2, "t/2", Qos.EXACTLY_ONCE));
            sub.take();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t/1", Qos.EXACTLY_ONCE, 1, "a"), publish("t/2", Qos.AT_MOST_ONCE, 0, "b"));
            List<Publish> got = sub.take(Publish.class);
            assertThat(got).extracting(Publish::qos).containsExactly(Qos.AT_LEAST_ONCE, Qos.AT_MOST_ONCE);
        }
    }

    @Test
    void grantedQosCappedByMaximumQos_3_2_2_3_4() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withMaximumQos(Qos.AT_LEAST_ONCE))) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "t", Qos.EXACTLY_ONCE));
            assertThat(sub.take(Suback.class).get(0).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);
        }
    }

    @Test
    void publishAboveMaximumQosGetsDisconnect0x9B_MQTT_3_2_2_11() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withMaximumQos(Qos.AT_LEAST_ONCE))) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.EXACTLY_ONCE, 1, "x"));
            assertThat(pub.take()).containsExactly(Disconnect.of(ReasonCode.QOS_NOT_SUPPORTED));
        }
    }

    @Test
    void noLocalSkipsThePublishersOwnSubscription_MQTT_3_8_3_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connectV5("me");
            c.send(subscribe(1, "t", new SubscriptionOptions(Qos.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE), 0),
                    subscribe(2, "u", Qos.AT_MOST_ONCE));
            c.take();
            c.send(publish("t", Qos.AT_MOST_ONCE, 0, "own"), publish("u", Qos.AT_MOST_ONCE, 0, "echo"));
            assertThat(payloads(c)).containsExactly("u=echo");
            TestClient other = h.connectV5("other");
            other.send(publish("t", Qos.AT_MOST_ONCE, 0, "theirs"));
            assertThat(payloads(c)).containsExactly("t=theirs");
        }
    }

    @Test
    void sharedSubscriptionDeliversEachMessageToOneMemberRoundRobin_4_8_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient a = h.connectV5("a");
            TestClient b = h.connectV5("b");
            TestClient plain = h.connectV5("plain");
            a.send(subscribe(1, "$share/g/job/+", Qos.AT_LEAST_ONCE));
            b.send(subscribe(1, "$share/g/job/+", Qos.AT_LEAST_ONCE));
            plain.send(subscribe(1, "job/+", Qos.AT_MOST_ONCE));
            a.take();
            b.take();
            plain.take();
            TestClient pub = h.connectV5("pub");
            for (int i = 0; i < 6; i++) {
                pub.send(publish("job/x", Qos.AT_MOST_ONCE, 0, "m" + i));
            }
            List<String> toA = payloads(a);
            List<String> toB = payloads(b);
            assertThat(toA).hasSize(3);
            assertThat(toB).hasSize(3);
            assertThat(toA).doesNotContainAnyElementsOf(toB);
            assertThat(payloads(plain)).hasSize(6);
        }
    }

    @Test
    void sharedSubscriptionsGetNoRetainedMessages_MQTT_3_8_4_x_4_8_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("r", Qos.AT_MOST_ONCE, 0, "kept", true, MqttProperties.EMPTY));
            TestClient a = h.connectV5("a");
            a.send(subscribe(1, "$share/g/r", Qos.AT_MOST_ONCE));
            assertThat(a.take(Publish.class)).isEmpty();
        }
    }

    @Test
    void retainedMessageSetReplacedAndClearedByEmptyPayload_MQTT_3_3_1_5_to_7() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("r", Qos.AT_MOST_ONCE, 0, "one", true, MqttProperties.EMPTY),
                    publish("r", Qos.AT_MOST_ONCE, 0, "two", true, MqttProperties.EMPTY));
            TestClient a = h.connectV5("a");
            a.send(subscribe(1, "r", Qos.AT_MOST_ONCE));
            List<Publish> got = a.take(Publish.class);
            assertThat(got).extracting(Packets::text).containsExactly("two");
            assertThat(got.get(0).retain()).isTrue(); // MQTT-3.3.1-9: sent on subscribe with RETAIN 1
            assertThat(h.broker().stats().retained()).isEqualTo(1);
            pub.send(publish("r", Qos.AT_MOST_ONCE, 0, "", true, MqttProperties.EMPTY));
            assertThat(h.broker().stats().retained()).isZero();
            TestClient b = h.connectV5("b");
            b.send(subscribe(1, "r", Qos.AT_MOST_ONCE));
            assertThat(b.take(Publish.class)).isEmpty();
        }
    }

    @Test
    void retainHandlingZeroOneTwo_MQTT_3_3_1_9_to_11() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("r", Qos.AT_MOST_ONCE, 0, "v", true, MqttProperties.EMPTY));
            TestClient a = h.connectV5("a");
            for (RetainHandling rh : RetainHandling.values()) {
                SubscriptionOptions o = new SubscriptionOptions(Qos.AT_MOST_ONCE, false, false, rh);
                a.send(subscribe(1, "r", o, 0));
                int first = a.take(Publish.class).size();
                a.send(subscribe(2, "r", o, 0));
                int again = a.take(Publish.class).size();
                a.send(new Unsubscribe(3, List.of("r"), MqttProperties.EMPTY));
                a.take();
                switch (rh) {
                    case SEND_ON_SUBSCRIBE -> assertThat(List.of(first, again)).containsExactly(1, 1);
                    case SEND_IF_NEW_SUBSCRIPTION -> assertThat(List.of(first, again)).containsExactly(1, 0);
                    case DO_NOT_SEND -> assertThat(List.of(first, again)).containsExactly(0, 0);
                }
            }
        }
    }

    @Test
    void retainFlagKeptOnlyWithRetainAsPublished_MQTT_3_3_1_12_and_13() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient keep = h.connectV5("keep");
            TestClient clear = h.connectV5("clear");
            keep.send(subscribe(1, "r", new SubscriptionOptions(Qos.AT_MOST_ONCE, false, true, RetainHandling.DO_NOT_SEND), 0));
            clear.send(subscribe(1, "r", new SubscriptionOptions(Qos.AT_MOST_ONCE, false, false, RetainHandling.DO_NOT_SEND), 0));
            keep.take();
            clear.take();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("r", Qos.AT_MOST_ONCE, 0, "v", true, MqttProperties.EMPTY));
            assertThat(keep.take(Publish.class).get(0).retain()).isTrue();
            assertThat(clear.take(Publish.class).get(0).retain()).isFalse();
        }
    }

    @Test
    void forwardsUserPropertiesAndRequestResponseProperties_3_3_2_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            sub.take();
            MqttProperties p = MqttProperties.builder().put(MqttProperty.PAYLOAD_FORMAT_INDICATOR, 1)
                    .put(MqttProperty.CONTENT_TYPE, "text/plain").put(MqttProperty.RESPONSE_TOPIC, "reply/here")
                    .put(MqttProperty.CORRELATION_DATA, new byte[] {1, 2, 3}).addUserProperty("k", "v1")
                    .addUserProperty("k", "v2").build();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 5, "x", false, p));
            MqttProperties got = sub.take(Publish.class).get(0).properties();
            assertThat(got.numeric(MqttProperty.PAYLOAD_FORMAT_INDICATOR, -1)).isEqualTo(1);
            assertThat(got.string(MqttProperty.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(got.string(MqttProperty.RESPONSE_TOPIC)).isEqualTo("reply/here");
            assertThat(got.binary(MqttProperty.CORRELATION_DATA)).isEqualTo(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            // MQTT-3.3.2-17/18: User Properties forwarded unaltered, in order.
            assertThat(got.userProperties()).containsExactly(new UserProperty("k", "v1"), new UserProperty("k", "v2"));
        }
    }

    @Test
    void messageExpiryIntervalDecrementedOnDelivery_MQTT_3_3_2_6() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connect(Packets.connect("sub", false, 600));
            sub.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            sub.drop();
            TestClient pub = h.connectV5("pub");
            MqttProperties p = MqttProperties.builder().put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 100).build();
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 1, "x", false, p));
            h.advanceSeconds(30);
            TestClient back = h.connect(Packets.connect("sub", false, 600));
            Publish got = back.take(Publish.class).get(0);
            assertThat(got.properties().numeric(MqttProperty.MESSAGE_EXPIRY_INTERVAL, -1)).isEqualTo(70);
        }
    }

    @Test
    void expiredMessageIsDroppedFromOfflineQueue_3_3_2_3_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connect(Packets.connect("sub", false, 600));
            sub.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            sub.drop();
            TestClient pub = h.connectV5("pub");
            MqttProperties p = MqttProperties.builder().put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 10).build();
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 1, "short", false, p), publish("t", Qos.AT_LEAST_ONCE, 2, "long"));
            h.advanceSeconds(11);
            TestClient back = h.connect(Packets.connect("sub", false, 600));
            assertThat(back.take(Publish.class)).extracting(Packets::text).containsExactly("long");
            assertThat(h.broker().stats().dropped()).isEqualTo(1);
            assertThat(h.store().queueDepth("sub")).isEqualTo(1);
        }
    }

    @Test
    void resolvesInboundTopicAlias_3_3_2_3_4() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "long/topic/name", Qos.AT_MOST_ONCE));
            sub.take();
            TestClient pub = h.connectV5("pub");
            MqttProperties alias = MqttProperties.builder().put(MqttProperty.TOPIC_ALIAS, 3).build();
            pub.send(publish("long/topic/name", Qos.AT_MOST_ONCE, 0, "1", false, alias),
                    publish("", Qos.AT_MOST_ONCE, 0, "2", false, alias));
            List<Publish> got = sub.take(Publish.class);
            assertThat(got).extracting(Publish::topicName).containsExactly("long/topic/name", "long/topic/name");
            assertThat(got.get(1).properties().contains(MqttProperty.TOPIC_ALIAS)).isFalse();
        }
    }

    @Test
    void topicAliasAboveMaximumGetsDisconnect0x94_MQTT_3_3_2_10() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withTopicAliasMaximum(2))) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_MOST_ONCE, 0, "1", false,
                    MqttProperties.builder().put(MqttProperty.TOPIC_ALIAS, 3).build()));
            assertThat(pub.take()).containsExactly(Disconnect.of(ReasonCode.TOPIC_ALIAS_INVALID));
        }
    }

    @Test
    void unknownTopicAliasWithEmptyTopicIsProtocolError_3_3_2_3_4() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("", Qos.AT_MOST_ONCE, 0, "1", false,
                    MqttProperties.builder().put(MqttProperty.TOPIC_ALIAS, 1).build()));
            assertThat(pub.take()).containsExactly(Disconnect.of(ReasonCode.PROTOCOL_ERROR));
        }
    }

    @Test
    void aclDeniesPublishWith0x87AndSubscribeWith0x87InV5_0x80InV311() {
        Authorizer acl = new Authorizer() {
            @Override
            public boolean mayPublish(ClientIdentity client, String topic) {
                return !topic.startsWith("secret");
            }

            @Override
            public boolean maySubscribe(ClientIdentity client, String filter) {
                return !filter.startsWith("secret");
            }
        };
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withAuthorizer(acl))) {
            TestClient spy = h.connectV5("spy");
            spy.send(new Subscribe(1, List.of(Subscription.of("secret/x", Qos.AT_LEAST_ONCE), Subscription.of("#", Qos.AT_LEAST_ONCE)),
                    MqttProperties.EMPTY));
            assertThat(spy.take(Suback.class).get(0).reasonCodes())
                    .containsExactly(ReasonCode.NOT_AUTHORIZED, ReasonCode.GRANTED_QOS_1);
            TestClient pub = h.connectV5("pub");
            pub.send(publish("secret/x", Qos.AT_LEAST_ONCE, 1, "no"));
            assertThat(pub.take()).containsExactly(new Puback(1, ReasonCode.NOT_AUTHORIZED, MqttProperties.EMPTY));
            assertThat(spy.take(Publish.class)).isEmpty();
            TestClient old = h.connect(connect311("old", true));
            old.send(subscribe(1, "secret/y", Qos.AT_MOST_ONCE));
            assertThat(old.take(Suback.class).get(0).reasonCodes()).containsExactly(ReasonCode.UNSPECIFIED_ERROR);
        }
    }

    @Test
    void unavailableFeaturesRefusedPerFilter_3_2_2_3_11_and_13() {
        BrokerSettings s = BrokerSettings.defaults().withWildcardSubscriptionAvailable(false).withSharedSubscriptionAvailable(false);
        try (BrokerHarness h = new BrokerHarness(s)) {
            TestClient c = h.connectV5("c");
            c.send(new Subscribe(1, List.of(Subscription.of("a/+", Qos.AT_MOST_ONCE), Subscription.of("$share/g/a", Qos.AT_MOST_ONCE),
                    Subscription.of("a/b", Qos.AT_MOST_ONCE)), MqttProperties.EMPTY));
            assertThat(c.take(Suback.class).get(0).reasonCodes()).containsExactly(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED,
                    ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, ReasonCode.GRANTED_QOS_0);
        }
    }

    @Test
    void subscriptionIdentifierWhenUnavailableGetsDisconnect0xA1_3_2_2_3_12() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withSubscriptionIdentifiersAvailable(false))) {
            TestClient c = h.connectV5("c");
            c.send(subscribe(1, "a", SubscriptionOptions.of(Qos.AT_MOST_ONCE), 5));
            assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED));
        }
    }

    @Test
    void unsubscribeStopsDeliveryAndReportsNoSubscriptionExisted_3_11_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connectV5("c");
            c.send(subscribe(1, "t", Qos.AT_MOST_ONCE));
            c.take();
            c.send(new Unsubscribe(2, List.of("t", "never"), MqttProperties.EMPTY));
            assertThat(c.take(Unsuback.class).get(0).reasonCodes())
                    .containsExactly(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED);
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_MOST_ONCE, 0, "x"));
            assertThat(c.take(Publish.class)).isEmpty();
        }
    }

    @Test
    void pubackSaysNoMatchingSubscribersInV5_3_4_2_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("nobody", Qos.AT_LEAST_ONCE, 1, "x"));
            assertThat(pub.take()).containsExactly(new Puback(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, MqttProperties.EMPTY));
        }
    }

    @Test
    void v311SubscriberGetsV5PublisherMessagesWithoutProperties() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient old = h.connect(connect311("old", true));
            old.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            old.take();
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t", Qos.AT_LEAST_ONCE, 1, "hello", false,
                    MqttProperties.builder().addUserProperty("a", "b").build()));
            List<Publish> got = old.take(Publish.class);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).properties().isEmpty()).isTrue();
            assertThat(new String(got.get(0).payloadBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void sharedSubscriptionPrefersConnectedMembers_4_8_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient away = h.connect(Packets.connect("away", false, 3600));
            away.send(subscribe(1, "$share/g/job", Qos.AT_LEAST_ONCE));
            away.take();
            away.drop();
            TestClient here = h.connectV5("here");
            here.send(subscribe(1, "$share/g/job", Qos.AT_LEAST_ONCE));
            here.take();
            TestClient pub = h.connectV5("pub");
            for (int i = 0; i < 4; i++) {
                pub.send(publish("job", Qos.AT_LEAST_ONCE, i + 1, "m" + i));
            }
            assertThat(here.take(Publish.class)).hasSize(4);
            assertThat(h.store().queueDepth("away")).isZero();
            here.drop();
            pub.send(publish("job", Qos.AT_LEAST_ONCE, 9, "queued"));
            assertThat(h.store().queueDepth("away")).isEqualTo(1);
        }
    }

    @Test
    void qos0EncodedOnceServesV5AndV311SubscribersInTheirOwnWireForm() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient v5 = h.connectV5("v5");
            TestClient v3 = h.connect(connect311("v3", true));
            TestClient small = h.connect(Packets.connect("small", true, 0,
                    MqttProperties.builder().put(MqttProperty.MAXIMUM_PACKET_SIZE, 20).build(), null));
            for (TestClient c : List.of(v5, v3, small)) {
                c.send(subscribe(1, "t/+", Qos.AT_MOST_ONCE));
                c.take();
            }
            TestClient pub = h.connectV5("pub");
            pub.send(publish("t/1", Qos.AT_MOST_ONCE, 0, "payload-of-some-length", false,
                    MqttProperties.builder().addUserProperty("k", "v").build()));
            Publish got5 = v5.take(Publish.class).get(0);
            Publish got3 = v3.take(Publish.class).get(0);
            assertThat(Packets.text(got5)).isEqualTo("payload-of-some-length");
            assertThat(got5.properties().userProperties()).containsExactly(new UserProperty("k", "v"));
            assertThat(Packets.text(got3)).isEqualTo("payload-of-some-length");
            assertThat(got3.properties().isEmpty()).isTrue();
            assertThat(small.take(Publish.class)).isEmpty(); // MQTT-3.1.2-24
            assertThat(h.broker().stats().dropped()).isEqualTo(1);
        }
    }

    @Test
    void expiredRetainedMessageIsNotSentAndIsDiscarded_3_3_2_3_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient pub = h.connectV5("pub");
            pub.send(publish("r", Qos.AT_MOST_ONCE, 0, "short-lived", true,
                    MqttProperties.builder().put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 5).build()));
            h.advanceSeconds(5);
            TestClient a = h.connectV5("a");
            a.send(subscribe(1, "r", Qos.AT_MOST_ONCE));
            assertThat(a.take(Publish.class)).isEmpty();
            assertThat(h.broker().stats().retained()).isZero();
            assertThat(h.store().retained("r")).isEmpty();
        }
    }

    @Test
    void payloadMarkedUtf8ButIllFormedIsRefusedWith0x99_3_3_2_3_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "t", Qos.AT_LEAST_ONCE));
            sub.take();
            MqttProperties utf8 = MqttProperties.builder().put(MqttProperty.PAYLOAD_FORMAT_INDICATOR, 1).build();
            java.nio.ByteBuffer bad = java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xC0, (byte) 0x80}); // overlong U+0000
            TestClient pub = h.connectV5("pub");
            pub.send(new Publish(false, Qos.AT_LEAST_ONCE, false, "t", 1, bad, utf8),
                    publish("t", Qos.AT_LEAST_ONCE, 2, "fine \u00e9", false, utf8));
            assertThat(pub.take()).containsExactly(new Puback(1, ReasonCode.PAYLOAD_FORMAT_INVALID, MqttProperties.EMPTY),
                    Puback.of(2));
            assertThat(sub.take(Publish.class)).extracting(Packets::text).containsExactly("fine \u00e9");
            pub.send(new Publish(false, Qos.AT_MOST_ONCE, false, "t", 0, bad.rewind(), utf8));
            assertThat(pub.take()).containsExactly(Disconnect.of(ReasonCode.PAYLOAD_FORMAT_INVALID));
        }
    }

    @Test
    void payloadFormatCheckCanBeSwitchedOff_3_3_2_3_2() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withValidatePayloadFormat(false))) {
            TestClient sub = h.connectV5("sub");
            sub.send(subscribe(1, "t", Qos.AT_MOST_ONCE));
            sub.take();
            MqttProperties utf8 = MqttProperties.builder().put(MqttProperty.PAYLOAD_FORMAT_INDICATOR, 1).build();
            TestClient pub = h.connectV5("pub");
            pub.send(new Publish(false, Qos.AT_MOST_ONCE, false, "t", 0,
                    java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xFF}), utf8));
            assertThat(sub.take(Publish.class)).hasSize(1);
        }
    }
}
