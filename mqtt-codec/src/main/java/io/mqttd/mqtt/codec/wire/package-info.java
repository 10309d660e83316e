/**
 * MQTT data representation (MQTT 5.0 §1.5: integers, Variable Byte Integer, UTF-8 strings, binary
 * data) and topic syntax (§4.7, §4.8.2), as bounds-checked reads that fail with
 * {@code MqttDecodeException} and writes that are independent of the buffer's byte order.
 */
package io.mqttd.mqtt.codec.wire;
