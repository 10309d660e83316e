package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;

/** PINGREQ (MQTT 5.0 §3.12): a fixed header and nothing else. */
public record Pingreq() implements MqttPacket {
    /** The one value there is; decoding returns it without allocating. */
    public static final Pingreq INSTANCE = new Pingreq();

    @Override
    public ControlPacketType type() {
        return ControlPacketType.PINGREQ;
    }
}
