package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.server.store.StoredMessage;
import java.nio.ByteBuffer;

/**
 * One QoS 0 PUBLISH that many subscribers receive byte for byte the same: no Subscription
 * Identifier, no Message Expiry to count down, the same RETAIN flag. It is encoded once per wire
 * form (5.0 with properties, 3.1.1/3.1 without) by the first connection that needs it, instead of
 * once per subscriber. Connections on different threads may race to encode it; both results are
 * equal, so the race is harmless.
 */
final class SharedQos0Delivery {
    final StoredMessage message;
    private volatile byte[] v5;
    private volatile byte[] v3;

    SharedQos0Delivery(StoredMessage message) {
        this.message = message;
    }

    byte[] encoded(ProtocolVersion version) {
        boolean isV5 = version.isV5();
        byte[] bytes = isV5 ? v5 : v3;
        if (bytes == null) {
            MqttProperties props = isV5 ? StoredProperties.decode(message.properties(), -1) : MqttProperties.EMPTY;
            Publish p = new Publish(false, Qos.AT_MOST_ONCE, message.retain(), message.topic(), 0,
                    ByteBuffer.wrap(message.payload()), props);
            ByteBuffer out = new MqttEncoder(version).encode(p);
            bytes = out.array();
            if (isV5) {
                v5 = bytes;
            } else {
                v3 = bytes;
            }
        }
        return bytes;
    }
}
