package io.mqttd.mqtt.server.broker;

import static io.mqttd.mqtt.server.broker.Packets.V311;
import static io.mqttd.mqtt.server.broker.Packets.V5;
import static io.mqttd.mqtt.server.broker.Packets.connect;
import static io.mqttd.mqtt.server.broker.Packets.connect311;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Pingreq;
import io.mqttd.mqtt.codec.packet.Pingresp;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectTest {

    @Test
    void closesWithoutReplyWhenFirstPacketIsNotConnect_MQTT_3_1_0_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(V5);
            c.sendRaw(new MqttEncoder(V5).encode(Pingreq.INSTANCE));
            assertThat(c.take()).isEmpty();
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void secondConnectIsProtocolError0x82_MQTT_3_1_0_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connectV5("a");
            c.send(Connect.of(V5, "a", true, 0));
            assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.PROTOCOL_ERROR));
            assertThat(c.isClosed()).isTrue();
            assertThat(h.broker().stats().connections()).isZero();
        }
    }

    @Test
    void secondConnectClosesWithoutDisconnectIn311_MQTT_3_1_0_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connect(connect311("a", true));
            c.send(connect311("a", true));
            assertThat(c.take()).isEmpty();
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void unknownProtocolLevelGetsReturnCode0x01_3_1_2_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(V311);
            // CONNECT "MQTT" level 6, clean session, keep alive 0, client id "x".
            byte[] raw = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 6, 0x02, 0, 0, 0, 1, 'x'};
            c.sendRaw(ByteBuffer.wrap(raw));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION));
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void malformedV5ConnectGetsConnack0x81InV5() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(V5);
            // CONNECT "MQTT" level 5 with the reserved flag bit 0 set (MQTT-3.1.2-3: Malformed).
            byte[] raw = {0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 5, 0x03, 0, 0, 0, 0, 1, 'x'};
            c.sendRaw(ByteBuffer.wrap(raw));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.MALFORMED_PACKET));
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void assignsClientIdentifierToEmptyIdInV5_MQTT_3_1_3_6() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(V5);
            c.send(Connect.of(V5, "", true, 0));
            Connack ack = c.take(Connack.class).get(0);
            assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            String assigned = ack.properties().string(MqttProperty.ASSIGNED_CLIENT_IDENTIFIER);
            assertThat(assigned).isNotEmpty();
            TestClient d = h.client(V5);
            d.send(Connect.of(V5, "", true, 0));
            assertThat(d.take(Connack.class).get(0).properties().string(MqttProperty.ASSIGNED_CLIENT_IDENTIFIER))
                    .isNotEqualTo(assigned);
        }
    }

    @Test
    void refusesEmptyClientIdWithoutCleanSessionIn311_MQTT_3_1_3_8() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(V311);
            c.send(connect311("", false));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void acceptsEmptyClientIdWithCleanSessionIn311_MQTT_3_1_3_7() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(V311);
            c.send(connect311("", true));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.SUCCESS));
        }
    }

    @Test
    void refusesClientIdLongerThanConfigured_MQTT_3_1_3_5() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withMaximumClientIdLength(23))) {
            TestClient c = h.client(V5);
            c.send(Connect.of(V5, "x".repeat(24), true, 0));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
        }
    }

    @Test
    void takesOverSessionWithDisconnect0x8E_MQTT_3_1_4_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient first = h.connect(connect("same", false, 60));
            TestClient second = h.client(V5);
            second.send(connect("same", false, 60));
            assertThat(first.take()).containsExactly(Disconnect.of(ReasonCode.SESSION_TAKEN_OVER));
            assertThat(first.isClosed()).isTrue();
            Connack ack = second.take(Connack.class).get(0);
            assertThat(ack.sessionPresent()).isTrue();
            assertThat(second.isClosed()).isFalse();
            assertThat(h.broker().stats().connections()).isEqualTo(1);
            second.send(Pingreq.INSTANCE);
            assertThat(second.take()).containsExactly(Pingresp.INSTANCE);
        }
    }

    @Test
    void takeoverClosesOld311ConnectionWithoutPacket_MQTT_3_1_4_2_v311() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient first = h.connect(connect311("same", false));
            TestClient second = h.client(V311);
            second.send(connect311("same", false));
            assertThat(first.take()).isEmpty();
            assertThat(first.isClosed()).isTrue();
            assertThat(second.take(Connack.class).get(0).sessionPresent()).isTrue();
        }
    }

    @Test
    void sessionPresentOnlyWhenResumingStoredSession_MQTT_3_2_2_2_and_3() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient a = h.client(V5);
            a.send(connect("s", false, 60));
            assertThat(a.take(Connack.class).get(0).sessionPresent()).isFalse();
            a.drop();
            TestClient b = h.client(V5);
            b.send(connect("s", false, 60));
            assertThat(b.take(Connack.class).get(0).sessionPresent()).isTrue();
            b.drop();
            TestClient c = h.client(V5);
            c.send(connect("s", true, 60));
            assertThat(c.take(Connack.class).get(0).sessionPresent()).isFalse();
        }
    }

    @Test
    void sessionWithExpiryZeroEndsWithConnection_3_1_2_11_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient a = h.connect(connect("s", false, 0));
            a.drop();
            assertThat(h.broker().stats().sessions()).isZero();
            assertThat(h.store().session("s")).isEmpty();
        }
    }

    @Test
    void sessionExpiresAfterItsInterval_4_1() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient a = h.connect(connect("s", false, 30));
            a.drop();
            h.advanceSeconds(29);
            assertThat(h.broker().stats().sessions()).isEqualTo(1);
            h.advanceSeconds(1);
            assertThat(h.broker().stats().sessions()).isZero();
            assertThat(h.store().session("s")).isEmpty();
            TestClient b = h.client(V5);
            b.send(connect("s", false, 30));
            assertThat(b.take(Connack.class).get(0).sessionPresent()).isFalse();
        }
    }

    @Test
    void closesAfterOneAndAHalfKeepAlivesWithDisconnect0x8D_MQTT_3_1_2_22() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connect(connect("k", true, 10, MqttProperties.EMPTY, null));
            h.advanceSeconds(14.9);
            assertThat(c.isClosed()).isFalse();
            h.advanceSeconds(0.1);
            assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.KEEP_ALIVE_TIMEOUT));
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void packetsResetTheKeepAliveTimer_3_1_2_10() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connect(connect("k", true, 10, MqttProperties.EMPTY, null));
            for (int i = 0; i < 5; i++) {
                h.advanceSeconds(14);
                c.send(Pingreq.INSTANCE);
            }
            assertThat(c.isClosed()).isFalse();
            assertThat(c.take()).containsOnly(Pingresp.INSTANCE).hasSize(5);
        }
    }

    @Test
    void serverKeepAliveReplacesLargerOrZeroKeepAlive_3_2_2_3_14() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withMaximumKeepAliveSeconds(20))) {
            TestClient c = h.client(V5);
            c.send(connect("k", true, 0, MqttProperties.EMPTY, null));
            Connack ack = c.take(Connack.class).get(0);
            assertThat(ack.properties().numeric(MqttProperty.SERVER_KEEP_ALIVE, -1)).isEqualTo(20);
            h.advanceSeconds(30);
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void connackAnnouncesLimitsTheClientReliesOn_3_2_2_3() {
        BrokerSettings s = BrokerSettings.defaults().withMaximumQos(Qos.AT_LEAST_ONCE).withRetainAvailable(false)
                .withWildcardSubscriptionAvailable(false).withSubscriptionIdentifiersAvailable(false)
                .withSharedSubscriptionAvailable(false).withReceiveMaximum(10).withMaximumPacketSize(1000)
                .withTopicAliasMaximum(5).withMaximumSessionExpirySeconds(100);
        try (BrokerHarness h = new BrokerHarness(s)) {
            TestClient c = h.client(V5);
            c.send(connect("k", true, 1000));
            MqttProperties p = c.take(Connack.class).get(0).properties();
            assertThat(p.numeric(MqttProperty.MAXIMUM_QOS, -1)).isEqualTo(1);
            assertThat(p.numeric(MqttProperty.RETAIN_AVAILABLE, -1)).isZero();
            assertThat(p.numeric(MqttProperty.WILDCARD_SUBSCRIPTION_AVAILABLE, -1)).isZero();
            assertThat(p.numeric(MqttProperty.SUBSCRIPTION_IDENTIFIER_AVAILABLE, -1)).isZero();
            assertThat(p.numeric(MqttProperty.SHARED_SUBSCRIPTION_AVAILABLE, -1)).isZero();
            assertThat(p.numeric(MqttProperty.RECEIVE_MAXIMUM, -1)).isEqualTo(10);
            assertThat(p.numeric(MqttProperty.MAXIMUM_PACKET_SIZE, -1)).isEqualTo(1000);
            assertThat(p.numeric(MqttProperty.TOPIC_ALIAS_MAXIMUM, -1)).isEqualTo(5);
            assertThat(p.numeric(MqttProperty.SESSION_EXPIRY_INTERVAL, -1)).isEqualTo(100);
        }
    }

    @Test
    void defaultConnackAnnouncesNothingBeyondDefaults_3_2_2_3() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withTopicAliasMaximum(0))) {
            TestClient c = h.client(V5);
            c.send(connect("k", true, 0));
            assertThat(c.take(Connack.class).get(0).properties().isEmpty()).isTrue();
        }
    }

    @Test
    void authenticatorDenialGetsItsReasonCode_v5_and_v311() {
        BrokerSettings s = BrokerSettings.defaults().withAuthenticator(id -> "good".equals(id.userName())
                ? AuthDecision.ALLOW : AuthDecision.deny(ReasonCode.BAD_USER_NAME_OR_PASSWORD));
        try (BrokerHarness h = new BrokerHarness(s)) {
            TestClient c = h.client(V5);
            c.send(new Connect(V5, "a", true, 0, null, "bad", null, MqttProperties.EMPTY));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.BAD_USER_NAME_OR_PASSWORD));
            assertThat(c.isClosed()).isTrue();
            TestClient d = h.client(V311);
            d.send(new Connect(V311, "b", true, 0, null, "bad", null, MqttProperties.EMPTY));
            assertThat(d.take()).containsExactly(Connack.of(false, ReasonCode.BAD_USER_NAME_OR_PASSWORD));
            TestClient e = h.client(V5);
            e.send(new Connect(V5, "c", true, 0, null, "good", null, MqttProperties.EMPTY));
            assertThat(e.take(Connack.class).get(0).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    void refusesEnhancedAuthenticationWith0x8C_4_12() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(V5);
            c.send(connect("a", true, 0, MqttProperties.builder().put(MqttProperty.AUTHENTICATION_METHOD, "SCRAM").build(), null));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.BAD_AUTHENTICATION_METHOD));
        }
    }

    @Test
    void sessionExpiryChangeFromZeroOnDisconnectIsProtocolError_MQTT_3_14_2_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connect(connect("a", true, 0));
            c.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION,
                    MqttProperties.builder().put(MqttProperty.SESSION_EXPIRY_INTERVAL, 60).build()));
            assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.PROTOCOL_ERROR));
            assertThat(h.broker().stats().sessions()).isZero();
        }
    }

    @Test
    void disconnectCanShortenSessionExpiry_3_14_2_2_2() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connect(connect("a", false, 600));
            c.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION,
                    MqttProperties.builder().put(MqttProperty.SESSION_EXPIRY_INTERVAL, 5).build()));
            assertThat(c.isClosed()).isTrue();
            h.advanceSeconds(5);
            assertThat(h.broker().stats().sessions()).isZero();
        }
    }

    @Test
    void packetOverMaximumPacketSizeGetsDisconnect0x95_3_2_2_3_6() {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withMaximumPacketSize(100))) {
            TestClient c = h.connectV5("a");
            c.send(Packets.publish("t", Qos.AT_MOST_ONCE, 0, "x".repeat(200)));
            assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.PACKET_TOO_LARGE));
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void malformedPacketGetsDisconnect0x81InV5AndPlainCloseIn311_4_13() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connectV5("a");
            c.sendRaw(ByteBuffer.wrap(new byte[] {(byte) 0xC1, 0})); // PINGREQ with reserved flags
            assertThat(c.take()).containsExactly(Disconnect.of(ReasonCode.MALFORMED_PACKET));
            assertThat(c.isClosed()).isTrue();
            TestClient d = h.connect(connect311("b", true));
            d.sendRaw(ByteBuffer.wrap(new byte[] {(byte) 0xC1, 0}));
            List<MqttPacket> got = d.take();
            assertThat(got).isEmpty();
            assertThat(d.isClosed()).isTrue();
        }
    }

    @Test
    void mqtt31ClientConnectsWithMQIsdp() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.client(ProtocolVersion.MQTT_3_1);
            c.send(Connect.of(ProtocolVersion.MQTT_3_1, "old", true, 0));
            assertThat(c.take()).containsExactly(Connack.of(false, ReasonCode.SUCCESS));
        }
    }

    @Test
    void keepAliveTimeoutClosesWithoutPacketIn311_MQTT_3_1_2_24_v311() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient c = h.connect(Connect.of(V311, "k", true, 4));
            h.advanceSeconds(5.9);
            assertThat(c.isClosed()).isFalse();
            h.advanceSeconds(0.1);
            assertThat(c.take()).isEmpty();
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void statsCountConnectionsSessionsAndMessages() {
        try (BrokerHarness h = new BrokerHarness()) {
            TestClient sub = h.connect(connect("sub", false, 60));
            sub.send(Packets.subscribe(1, "t", Qos.AT_MOST_ONCE));
            TestClient pub = h.connectV5("pub");
            pub.send(Packets.publish("t", Qos.AT_MOST_ONCE, 0, "x"));
            BrokerStats s = h.broker().stats();
            assertThat(s.connections()).isEqualTo(2);
            assertThat(s.sessions()).isEqualTo(2);
            assertThat(s.subscriptions()).isEqualTo(1);
            assertThat(s.messagesIn()).isEqualTo(1);
            assertThat(s.messagesOut()).isEqualTo(1);
            sub.drop();
            pub.drop();
            assertThat(h.broker().stats().connections()).isZero();
            assertThat(h.broker().stats().sessions()).isEqualTo(1); // "sub" persists for 60 s
        }
    }
}
