package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.PropertyContext;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * CONNECT (MQTT 5.0 §3.1): the first packet a Client sends (MQTT-3.1.0-1). Its protocol version
 * fixes the wire form of the rest of the connection.
 *
 * @param cleanStart Clean Start in 5.0 (§3.1.2.4), Clean Session in 3.1.1 (same bit)
 * @param keepAlive  seconds, 0..65535 (§3.1.2.10)
 * @param will       the Will Message, or {@code null}
 * @param userName   or {@code null}
 * @param password   or {@code null}; MQTT 3.1.1 forbids it without a user name (MQTT-3.1.2-22)
 */
public record Connect(ProtocolVersion protocolVersion, String clientId, boolean cleanStart, int keepAlive,
        Will will, String userName, ByteBuffer password, MqttProperties properties) implements MqttPacket {

    public Connect {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(properties, "properties");
        MqttUtf8.encodedLength(clientId, "Client Identifier");
        if (keepAlive < 0 || keepAlive > 0xFFFF) {
            throw new IllegalArgumentException("Keep Alive must be 0..65535: " + keepAlive);
        }
        if (userName != null) {
            MqttUtf8.encodedLength(userName, "User Name");
        }
        password = Binary.readOnlyBinaryData(password, "Password");
        if (!protocolVersion.isV5()) {
            if (password != null && userName == null) {
                throw new IllegalArgumentException("MQTT 3.1.1 forbids a password without a user name (MQTT-3.1.2-22)");
            }
            if (!properties.isEmpty() || will != null && !will.properties().isEmpty()) {
                throw new IllegalArgumentException("MQTT 3.1.1 has no properties");
            }
        }
        properties.requireAllowedIn(PropertyContext.CONNECT);
    }

    /** A CONNECT with no will, no credentials and no properties. */
    public static Connect of(ProtocolVersion version, String clientId, boolean cleanStart, int keepAlive) {
        return new Connect(version, clientId, cleanStart, keepAlive, null, null, null, MqttProperties.EMPTY);
    }

    @Override
    public ByteBuffer password() {
        return Binary.view(password);
    }

    @Override
    public ControlPacketType type() {
        return ControlPacketType.CONNECT;
    }
}
