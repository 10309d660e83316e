package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import io.mqttd.mqtt.codec.packet.Will;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Short constructors for the packets the tests send. */
final class Packets {
    static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;

    private Packets() {
    }

    static Connect connect(String clientId, boolean cleanStart, long sessionExpiry) {
        MqttProperties p = sessionExpiry == 0 ? MqttProperties.EMPTY
                : MqttProperties.builder().put(MqttProperty.SESSION_EXPIRY_INTERVAL, sessionExpiry).build();
        return new Connect(V5, clientId, cleanStart, 0, null, null, null, p);
    }

    static Connect connect(String clientId, boolean cleanStart, int keepAlive, MqttProperties p, Will will) {
        return new Connect(V5, clientId, cleanStart, keepAlive, will, null, null, p);
    }

    static Connect connect311(String clientId, boolean cleanSession) {
        return Connect.of(V311, clientId, cleanSession, 0);
    }

    static Will will(String topic, String payload, long delaySeconds) {
        MqttProperties p = delaySeconds == 0 ? MqttProperties.EMPTY
                : MqttProperties.builder().put(MqttProperty.WILL_DELAY_INTERVAL, delaySeconds).build();
        return new Will(Qos.AT_LEAST_ONCE, false, topic, bytes(payload), p);
    }

    static Subscribe subscribe(int packetId, String filter, Qos qos) {
        return new Subscribe(packetId, List.of(Subscription.of(filter, qos)), MqttProperties.EMPTY);
    }

    static Subscribe subscribe(int packetId, String filter, SubscriptionOptions options, int subscriptionId) {
        MqttProperties p = subscriptionId == 0 ? MqttProperties.EMPTY
                : MqttProperties.builder().put(MqttProperty.SUBSCRIPTION_IDENTIFIER, subscriptionId).build();
        return new Subscribe(packetId, List.of(new Subscription(filter, options)), p);
    }

    static Publish publish(String topic, Qos qos, int packetId, String payload) {
        return new Publish(false, qos, false, topic, packetId, bytes(payload), MqttProperties.EMPTY);
    }

    static Publish publish(String topic, Qos qos, int packetId, String payload, boolean retain, MqttProperties p) {
        return new Publish(false, qos, retain, topic, packetId, bytes(payload), p);
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(Publish p) {
        return new String(p.payloadBytes(), StandardCharsets.UTF_8);
    }
}
