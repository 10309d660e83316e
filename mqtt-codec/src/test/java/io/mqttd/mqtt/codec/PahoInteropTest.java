package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.packet.Auth;
import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Pingreq;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.packet.RetainHandling;
import io.mqttd.mqtt.codec.packet.Suback;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import io.mqttd.mqtt.codec.packet.Unsuback;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.packet.Will;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttAuth;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttConnect;
import org.eclipse.paho.mqttv5.common.packet.MqttDisconnect;
import org.eclipse.paho.mqttv5.common.packet.MqttPingReq;
import org.eclipse.paho.mqttv5.common.packet.MqttPubAck;
import org.eclipse.paho.mqttv5.common.packet.MqttPubComp;
import org.eclipse.paho.mqttv5.common.packet.MqttPubRec;
import org.eclipse.paho.mqttv5.common.packet.MqttPubRel;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttSubAck;
import org.eclipse.paho.mqttv5.common.packet.MqttSubscribe;
import org.eclipse.paho.mqttv5.common.packet.MqttUnsubAck;
import org.eclipse.paho.mqttv5.common.packet.MqttUnsubscribe;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact agreement with Eclipse Paho's MQTT 5.0 packet classes, an independent implementation:
 * Paho encodes, we must produce the same bytes for the same packet and decode Paho's bytes to it.
 */
class PahoInteropTest {
    private static final MqttEncoder V5 = new MqttEncoder(ProtocolVersion.MQTT_5);

    static void assertSameWire(MqttPacket ours, byte[] paho) throws Exception {
        assertThat(hex(V5.encode(ours))).as("our bytes vs Paho's").isEqualTo(hex(ByteBuffer.wrap(paho)));
        MqttDecoder decoder = ours instanceof Connect
                ? MqttDecoder.forServer(MqttDecoder.LARGEST_PACKET)
                : MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET);
        ByteBuffer in = ByteBuffer.wrap(paho);
        assertThat(decoder.decode(in)).isEqualTo(ours);
        assertThat(in.hasRemaining()).isFalse();
    }

    static String hex(ByteBuffer b) {
        StringBuilder sb = new StringBuilder();
        for (int i = b.position(); i < b.limit(); i++) {
            sb.append(String.format("%02x", b.get(i)));
        }
        return sb.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishQos1WithPropertiesMatchesPaho() throws Exception {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties pp = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        pp.setMessageExpiryInterval(3600L);
        pp.setContentType("text/plain");
        pp.setUserProperties(List.of(new UserProperty("k", "v")));
        MqttMessage m = new MqttMessage(bytes("hello"), 1, true, pp);
        MqttPublish paho = new MqttPublish("a/b", m, pp);
        paho.setMessageId(7);

        MqttProperties props = MqttProperties.builder()
                .put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 3600)
                .put(MqttProperty.CONTENT_TYPE, "text/plain")
                .addUserProperty("k", "v")
                .build();
        Publish ours = new Publish(false, Qos.AT_LEAST_ONCE, true, "a/b", 7, ByteBuffer.wrap(bytes("hello")), props);
        assertSameWire(ours, paho.serialize());
    }

    @Test
    void publishQos0WithoutPropertiesMatchesPaho() throws Exception {
        MqttMessage m = new MqttMessage(bytes("x"));
        m.setQos(0);
        MqttPublish paho = new MqttPublish("t", m, new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        assertSameWire(Publish.qos0("t", bytes("x")), paho.serialize());
    }

    @Test
    void publishWithTopicAliasAndEmptyTopicMatchesPaho() throws Exception {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties pp = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        pp.setTopicAlias(3);
        pp.setPayloadFormat(true);
        pp.setCorrelationData(new byte[] {1, 2, 3});
        pp.setResponseTopic("reply/to");
        MqttMessage m = new MqttMessage(bytes("p"), 2, false, pp);
        MqttPublish paho = new MqttPublish("", m, pp);
        paho.setMessageId(65535);
        paho.setDuplicate(true);
        MqttProperties props = MqttProperties.builder()
                .put(MqttProperty.TOPIC_ALIAS, 3)
                .put(MqttProperty.PAYLOAD_FORMAT_INDICATOR, 1)
                .put(MqttProperty.CORRELATION_DATA, new byte[] {1, 2, 3})
                .put(MqttProperty.RESPONSE_TOPIC, "reply/to")
                .build();
        Publish ours = new Publish(true, Qos.EXACTLY_ONCE, false, "", 65535, ByteBuffer.wrap(bytes("p")), props);
        assertSameWire(ours, paho.serialize());
    }

    @Test
    void connectWithWillCredentialsAndPropertiesMatchesPaho() throws Exception {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties cp = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        cp.setSessionExpiryInterval(120L);
        cp.setReceiveMaximum(10);
        org.eclipse.paho.mqttv5.common.packet.MqttProperties wp = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        wp.setWillDelayInterval(5L);
        MqttConnect paho = new MqttConnect("client-1", 5, true, 30, cp, wp);
        MqttMessage will = new MqttMessage(bytes("bye"));
        will.setQos(1);
        will.setRetained(true);
        paho.setWillMessage(will);
        paho.setWillDestination("last/will");
        paho.setUserName("user");
        paho.setPassword(bytes("secret"));

        MqttProperties props = MqttProperties.builder()
                .put(MqttProperty.SESSION_EXPIRY_INTERVAL, 120)
                .put(MqttProperty.RECEIVE_MAXIMUM, 10)
                .build();
        Will ourWill = new Will(Qos.AT_LEAST_ONCE, true, "last/will", ByteBuffer.wrap(bytes("bye")),
                MqttProperties.builder().put(MqttProperty.WILL_DELAY_INTERVAL, 5).build());
        Connect ours = new Connect(ProtocolVersion.MQTT_5, "client-1", true, 30, ourWill, "user",
                ByteBuffer.wrap(bytes("secret")), props);
        assertSameWire(ours, paho.serialize());
    }

    @Test
    void connackMatchesPaho() throws Exception {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties pp = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        pp.setAssignedClientIdentifier("auto-42");
        pp.setTopicAliasMaximum(16);
        pp.setMaximumQoS(1);
        MqttConnAck paho = new MqttConnAck(true, 0, pp);
        MqttProperties props = MqttProperties.builder()
                .put(MqttProperty.ASSIGNED_CLIENT_IDENTIFIER, "auto-42")
                .put(MqttProperty.TOPIC_ALIAS_MAXIMUM, 16)
                .put(MqttProperty.MAXIMUM_QOS, 1)
                .build();
        assertSameWire(new Connack(true, ReasonCode.SUCCESS, props), paho.serialize());
    }

    @Test
    void errorConnackMatchesPaho() throws Exception {
        MqttConnAck paho = new MqttConnAck(false, 0x87, new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        assertSameWire(Connack.of(false, ReasonCode.NOT_AUTHORIZED), paho.serialize());
    }

    @Test
    void acknowledgementsMatchPaho() throws Exception {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties none = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        org.eclipse.paho.mqttv5.common.packet.MqttProperties reason = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        reason.setReasonString("nope");
        MqttProperties ourReason = MqttProperties.builder().put(MqttProperty.REASON_STRING, "nope").build();

        MqttPubAck puback = new MqttPubAck(0x10, 5, none);
        assertSameWire(new Puback(5, ReasonCode.NO_MATCHING_SUBSCRIBERS, MqttProperties.EMPTY), puback.serialize());
        MqttPubRec pubrec = new MqttPubRec(0x87, 6, reason);
        assertSameWire(new Pubrec(6, ReasonCode.NOT_AUTHORIZED, ourReason), pubrec.serialize());
        MqttPubRel pubrel = new MqttPubRel(0x92, 7, none);
        assertSameWire(new Pubrel(7, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, MqttProperties.EMPTY), pubrel.serialize());
        MqttPubComp pubcomp = new MqttPubComp(0, 8, none);
        byte[] pahoComp = pubcomp.serialize();
        // Paho always writes the Reason Code; §3.7.2.1 lets us omit it for Success: both decode the same.
        MqttDecoder d = MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET);
        assertThat(d.decode(ByteBuffer.wrap(pahoComp))).isEqualTo(Pubcomp.of(8));
        MqttWireMessage back = MqttWireMessage.createWireMessage(toArray(V5.encode(Pubcomp.of(8))));
        assertThat(back).isInstanceOf(MqttPubComp.class);
        assertThat(back.getMessageId()).isEqualTo(8);
        assertThat(((MqttPubComp) back).getReturnCode()).isZero();
    }

    @Test
    void subscribeWithOptionsMatchesPaho() throws Exception {
        MqttSubscription a = new MqttSubscription("sensors/+/temp", 1);
        a.setNoLocal(true);
        a.setRetainAsPublished(true);
        a.setRetainHandling(2);
        MqttSubscription b = new MqttSubscription("$share/group/alerts/#", 2);
        org.eclipse.paho.mqttv5.common.packet.MqttProperties pp = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        pp.setSubscriptionIdentifier(42);
        MqttSubscribe paho = new MqttSubscribe(new MqttSubscription[] {a, b}, pp);
        paho.setMessageId(11);
        Subscribe ours = new Subscribe(11, List.of(
                new Subscription("sensors/+/temp",
                        new SubscriptionOptions(Qos.AT_LEAST_ONCE, true, true, RetainHandling.DO_NOT_SEND)),
                Subscription.of("$share/group/alerts/#", Qos.EXACTLY_ONCE)),
                MqttProperties.builder().addSubscriptionIdentifier(42).build());
        assertSameWire(ours, paho.serialize());
    }

    @Test
    void subackUnsubscribeUnsubackMatchPaho() throws Exception {
        MqttSubAck suback = new MqttSubAck(new int[] {0, 1, 2, 0x80, 0x87},
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        suback.setMessageId(12);
        assertSameWire(new Suback(12, List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_1,
                ReasonCode.GRANTED_QOS_2, ReasonCode.UNSPECIFIED_ERROR, ReasonCode.NOT_AUTHORIZED), MqttProperties.EMPTY),
                suback.serialize());

        MqttUnsubscribe unsub = new MqttUnsubscribe(new String[] {"a/#", "b/+/c"},
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        unsub.setMessageId(13);
        assertSameWire(new Unsubscribe(13, List.of("a/#", "b/+/c"), MqttProperties.EMPTY), unsub.serialize());

        MqttUnsubAck unsuback = new MqttUnsubAck(new int[] {0, 0x11},
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        unsuback.setMessageId(14);
        assertSameWire(new Unsuback(14, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED), MqttProperties.EMPTY),
                unsuback.serialize());
    }

    @Test
    void disconnectAuthPingMatchPaho() throws Exception {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties dp = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        dp.setSessionExpiryInterval(0L);
        dp.setServerReference("other:1883");
        assertSameWire(new Disconnect(ReasonCode.SERVER_MOVED, MqttProperties.builder()
                .put(MqttProperty.SESSION_EXPIRY_INTERVAL, 0)
                .put(MqttProperty.SERVER_REFERENCE, "other:1883").build()),
                new MqttDisconnect(0x9D, dp).serialize());

        org.eclipse.paho.mqttv5.common.packet.MqttProperties ap = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        ap.setAuthenticationMethod("SCRAM-SHA-1");
        ap.setAuthenticationData(new byte[] {9, 8, 7});
        Auth ours = new Auth(ReasonCode.CONTINUE_AUTHENTICATION, MqttProperties.builder()
                .put(MqttProperty.AUTHENTICATION_METHOD, "SCRAM-SHA-1")
                .put(MqttProperty.AUTHENTICATION_DATA, new byte[] {9, 8, 7}).build());
        byte[] pahoAuth = new MqttAuth(0x18, ap).serialize();
        // Paho 1.2.5 sets flag bit 0 in AUTH's fixed header (0xF1); §2.1.3 Table 2-2 reserves 0000
        // (MQTT-2.1.3-1). Everything after the first byte must agree, and Paho's first byte is refused.
        byte[] ourAuth = toArray(V5.encode(ours));
        assertThat(ourAuth[0]).isEqualTo((byte) 0xF0);
        assertThat(pahoAuth[0]).isEqualTo((byte) 0xF1);
        assertThat(java.util.Arrays.copyOfRange(ourAuth, 1, ourAuth.length))
                .isEqualTo(java.util.Arrays.copyOfRange(pahoAuth, 1, pahoAuth.length));
        pahoAuth[0] = (byte) 0xF0;
        assertSameWire(ours, pahoAuth);

        assertSameWire(Pingreq.INSTANCE, new MqttPingReq().serialize());
    }

    @Test
    void pahoDecodesOurPublish() throws Exception {
        MqttProperties props = MqttProperties.builder()
                .put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 10)
                .addUserProperty("a", "1").addUserProperty("a", "2").build();
        Publish ours = new Publish(false, Qos.AT_LEAST_ONCE, false, "x/y", 99, ByteBuffer.wrap(bytes("data")), props);
        MqttWireMessage m = MqttWireMessage.createWireMessage(toArray(V5.encode(ours)));
        assertThat(m).isInstanceOf(MqttPublish.class);
        MqttPublish p = (MqttPublish) m;
        assertThat(p.getTopicName()).isEqualTo("x/y");
        assertThat(p.getMessageId()).isEqualTo(99);
        assertThat(p.getMessage().getPayload()).isEqualTo(bytes("data"));
        assertThat(p.getProperties().getMessageExpiryInterval()).isEqualTo(10L);
        assertThat(p.getProperties().getUserProperties())
                .containsExactly(new UserProperty("a", "1"), new UserProperty("a", "2"));
    }

    static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
