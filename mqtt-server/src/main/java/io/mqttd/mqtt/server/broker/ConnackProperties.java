package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.MqttDecoder;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;

/**
 * The properties of a successful 5.0 CONNACK (MQTT 5.0 §3.2.2.3): what the client must know about
 * this server's limits and about its own connection. A property is sent only when its value
 * differs from the default the client assumes in its absence, which keeps the common CONNACK at
 * five bytes and tells a client exactly what is restricted.
 */
final class ConnackProperties {
    private ConnackProperties() {
    }

    /**
     * @param assignedClientId     §3.2.2.3.7, or null when the client chose its identifier
     * @param grantedSessionExpiry §3.2.2.3.2, when lower than requested; -1 otherwise
     * @param serverKeepAlive      §3.2.2.3.14, when it replaces the client's Keep Alive; -1 otherwise
     */
    static MqttProperties of(BrokerSettings settings, String assignedClientId, long grantedSessionExpiry,
            int serverKeepAlive) {
        MqttProperties.Builder ack = MqttProperties.builder();
        if (assignedClientId != null) {
            ack.put(MqttProperty.ASSIGNED_CLIENT_IDENTIFIER, assignedClientId);
        }
        if (grantedSessionExpiry >= 0) {
            ack.put(MqttProperty.SESSION_EXPIRY_INTERVAL, grantedSessionExpiry);
        }
        if (serverKeepAlive >= 0) {
            ack.put(MqttProperty.SERVER_KEEP_ALIVE, serverKeepAlive);
        }
        if (settings.receiveMaximum() < 65535) {
            ack.put(MqttProperty.RECEIVE_MAXIMUM, settings.receiveMaximum()); // default 65,535
        }
        if (settings.maximumQos() != Qos.EXACTLY_ONCE) {
            ack.put(MqttProperty.MAXIMUM_QOS, settings.maximumQos().value()); // default 2
        }
        if (!settings.retainAvailable()) {
            ack.put(MqttProperty.RETAIN_AVAILABLE, 0); // default 1
        }
        if (settings.maximumPacketSize() < MqttDecoder.LARGEST_PACKET) {
            ack.put(MqttProperty.MAXIMUM_PACKET_SIZE, settings.maximumPacketSize()); // default: no limit
        }
        if (settings.topicAliasMaximum() > 0) {
            ack.put(MqttProperty.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum()); // default 0
        }
        if (!settings.wildcardSubscriptionAvailable()) {
            ack.put(MqttProperty.WILDCARD_SUBSCRIPTION_AVAILABLE, 0); // default 1
        }
        if (!settings.subscriptionIdentifiersAvailable()) {
            ack.put(MqttProperty.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0); // default 1
        }
        if (!settings.sharedSubscriptionAvailable()) {
            ack.put(MqttProperty.SHARED_SUBSCRIPTION_AVAILABLE, 0); // default 1
        }
        return ack.build();
    }
}
