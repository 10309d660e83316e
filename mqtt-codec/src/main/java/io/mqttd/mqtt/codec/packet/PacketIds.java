package io.mqttd.mqtt.codec.packet;

/** The Packet Identifier rule shared by the packets that carry one (MQTT 5.0 §2.2.1). */
final class PacketIds {
    private PacketIds() {
    }

    /** MQTT-2.2.1-3: a Packet Identifier is a non-zero Two Byte Integer. */
    static int require(int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("Packet Identifier must be 1..65535 (MQTT-2.2.1-3): " + packetId);
        }
        return packetId;
    }
}
