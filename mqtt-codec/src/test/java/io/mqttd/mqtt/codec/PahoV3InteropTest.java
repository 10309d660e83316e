package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Pingreq;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.packet.Will;
import io.mqttd.mqtt.codec.property.MqttProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttConnect;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttDisconnect;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPingReq;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPubAck;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttSubscribe;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttUnsubscribe;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;
import org.junit.jupiter.api.Test;

/** Byte-exact agreement with Eclipse Paho's MQTT 3.1.1 and 3.1 wire classes. */
class PahoV3InteropTest {
    private static final MqttEncoder V311 = new MqttEncoder(ProtocolVersion.MQTT_3_1_1);

    private static byte[] paho(MqttWireMessage m) throws Exception {
        byte[] h = m.getHeader();
        byte[] p = m.getPayload();
        byte[] all = new byte[h.length + p.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(p, 0, all, h.length, p.length);
        return all;
    }

    private static void assertSameWire(MqttPacket ours, ProtocolVersion v, byte[] paho) throws Exception {
        assertThat(PahoInteropTest.hex(new MqttEncoder(v).encode(ours))).isEqualTo(PahoInteropTest.hex(ByteBuffer.wrap(paho)));
        MqttDecoder d = ours instanceof Connect
                ? MqttDecoder.forServer(MqttDecoder.LARGEST_PACKET)
                : MqttDecoder.forClient(v, MqttDecoder.LARGEST_PACKET);
        assertThat(d.decode(ByteBuffer.wrap(paho))).isEqualTo(ours);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void connect311WithWillAndCredentialsMatchesPaho() throws Exception {
        MqttMessage will = new MqttMessage(bytes("gone"));
        will.setQos(2);
        MqttConnect paho = new MqttConnect("c311", 4, false, 60, "u", "pw".toCharArray(), will, "w/t");
        Connect ours = new Connect(ProtocolVersion.MQTT_3_1_1, "c311", false, 60,
                new Will(Qos.EXACTLY_ONCE, false, "w/t", bytes("gone")), "u", ByteBuffer.wrap(bytes("pw")), MqttProperties.EMPTY);
        assertSameWire(ours, ProtocolVersion.MQTT_3_1_1, paho(paho));
    }

    @Test
    void connect31UsesMQIsdpLevel3LikePaho() throws Exception {
        MqttConnect paho = new MqttConnect("legacy", 3, true, 10, null, null, null, null);
        Connect ours = Connect.of(ProtocolVersion.MQTT_3_1, "legacy", true, 10);
        byte[] wire = paho(paho);
        assertThat(new String(wire, 4, 6, StandardCharsets.US_ASCII)).isEqualTo("MQIsdp");
        assertSameWire(ours, ProtocolVersion.MQTT_3_1, wire);
    }

    @Test
    void publishAndAcksMatchPaho() throws Exception {
        MqttMessage m = new MqttMessage(bytes("payload"));
        m.setQos(1);
        m.setRetained(true);
        MqttPublish paho = new MqttPublish("s/1", m);
        paho.setMessageId(300);
        assertSameWire(new Publish(false, Qos.AT_LEAST_ONCE, true, "s/1", 300, ByteBuffer.wrap(bytes("payload")),
                MqttProperties.EMPTY), ProtocolVersion.MQTT_3_1_1, paho(paho));
        assertSameWire(Puback.of(300), ProtocolVersion.MQTT_3_1_1, paho(new MqttPubAck(300)));
    }

    @Test
    void subscribeUnsubscribePingDisconnectMatchPaho() throws Exception {
        MqttSubscribe sub = new MqttSubscribe(new String[] {"a/+", "b/#"}, new int[] {0, 2});
        sub.setMessageId(5);
        assertSameWire(new Subscribe(5, List.of(Subscription.of("a/+", Qos.AT_MOST_ONCE),
                Subscription.of("b/#", Qos.EXACTLY_ONCE)), MqttProperties.EMPTY), ProtocolVersion.MQTT_3_1_1, paho(sub));
        MqttUnsubscribe unsub = new MqttUnsubscribe(new String[] {"a/+"});
        unsub.setMessageId(6);
        assertSameWire(new Unsubscribe(6, List.of("a/+"), MqttProperties.EMPTY), ProtocolVersion.MQTT_3_1_1, paho(unsub));
        assertSameWire(Pingreq.INSTANCE, ProtocolVersion.MQTT_3_1_1, paho(new MqttPingReq()));
        assertSameWire(Disconnect.NORMAL, ProtocolVersion.MQTT_3_1_1, paho(new MqttDisconnect()));
    }

    @Test
    void pahoDecodesOur311Publish() throws Exception {
        Publish ours = new Publish(true, Qos.EXACTLY_ONCE, false, "q/2", 17, ByteBuffer.wrap(bytes("z")), MqttProperties.EMPTY);
        MqttWireMessage m = MqttWireMessage.createWireMessage(PahoInteropTest.toArray(V311.encode(ours)));
        assertThat(m).isInstanceOf(MqttPublish.class);
        assertThat(((MqttPublish) m).getTopicName()).isEqualTo("q/2");
        assertThat(m.getMessageId()).isEqualTo(17);
        assertThat(((MqttPublish) m).getMessage().getQos()).isEqualTo(2);
        assertThat(((MqttPublish) m).getMessage().isDuplicate()).isTrue();
    }
}
