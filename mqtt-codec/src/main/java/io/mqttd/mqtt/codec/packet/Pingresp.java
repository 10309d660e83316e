package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.ControlPacketType;

/** PINGRESP (MQTT 5.0 §3.13): a fixed header and nothing else. */
public record Pingresp() implements MqttPacket {
    /** The one value there is; decoding returns it without allocating. */
    public static final Pingresp INSTANCE = new Pingresp();

    @Override
    public ControlPacketType type() {
        return ControlPacketType.PINGRESP;
    }
}
