/**
 * The contract between the transport-neutral broker core and the listeners that carry MQTT:
 * a listener wraps each accepted connection in an {@link io.mqttd.mqtt.server.transport.MqttTransport}
 * and asks the broker for an {@link io.mqttd.mqtt.server.transport.MqttConnectionHandler}.
 */
package io.mqttd.mqtt.server.transport;
