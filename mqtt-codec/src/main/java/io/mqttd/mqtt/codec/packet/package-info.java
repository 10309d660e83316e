/**
 * The MQTT control packets (MQTT 5.0 §3) as immutable records of one sealed hierarchy. One model
 * serves every protocol version: what 3.1.1 lacks (properties, most reason codes) is empty or
 * {@code SUCCESS} there, and the encoder refuses what the connection's version cannot carry.
 */
package io.mqttd.mqtt.codec.packet;
