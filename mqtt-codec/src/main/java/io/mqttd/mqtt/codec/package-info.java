/**
 * MQTT 5.0, 3.1.1 and 3.1 packet codec, independent of any transport (TCP, TLS, WebSocket, QUIC).
 *
 * <p>Bytes in: {@link io.mqttd.mqtt.codec.MqttDecoder}, an incremental decoder fed with arbitrary
 * chunks, which returns {@link io.mqttd.mqtt.codec.packet.MqttPacket} values or throws
 * {@link io.mqttd.mqtt.codec.MqttDecodeException} carrying the reason code to send and the normative
 * statement violated. Bytes out: {@link io.mqttd.mqtt.codec.MqttEncoder}, which gives the exact size
 * first and writes into the caller's buffer.
 *
 * <p>Sub-packages: {@code packet} (the 15 control packets as records), {@code property} (the MQTT
 * 5.0 property table and a compact property list), {@code wire} (data representation, §1.5, and
 * topic syntax, §4.7). The section map is in {@code spec-notes/mqtt-5.0.codec.md}.
 */
package io.mqttd.mqtt.codec;
