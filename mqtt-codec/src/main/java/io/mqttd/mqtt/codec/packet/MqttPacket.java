package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;

/**
 * An MQTT control packet as an immutable value (MQTT 5.0 §3). One model serves MQTT 5.0, 3.1.1 and
 * 3.1: the protocol version of the connection decides the wire form, and the fields 3.1.1 lacks
 * (properties, most reason codes) are empty or {@code SUCCESS} there.
 *
 * <p>Constructors reject values no version could send (IllegalArgumentException); the decoder
 * checks peer bytes before it builds a packet and reports them as {@code MqttDecodeException}.
 */
public sealed interface MqttPacket
        permits Connect, Connack, Publish, Puback, Pubrec, Pubrel, Pubcomp, Subscribe, Suback, Unsubscribe,
        Unsuback, Pingreq, Pingresp, Disconnect, Auth {

    ControlPacketType type();
}
