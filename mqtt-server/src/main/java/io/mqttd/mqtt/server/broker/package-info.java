/**
 * The transport-neutral MQTT broker core (MQTT 5.0, 3.1.1 and 3.1 on one broker).
 *
 * <p>Entry point: {@link io.mqttd.mqtt.server.broker.Broker}. A listener wraps each accepted
 * connection in an {@code MqttTransport}, calls {@code Broker.connect} and feeds the returned
 * handler on the transport's executor. Per connection, {@code MqttConnection} is the protocol state
 * machine (CONNECT rules, QoS flows, keep alive, reason codes); per client,
 * {@code Session} is the session state that outlives connections (§4.1) and the subscriber the
 * routing trie knows; {@code Router} takes application messages (from publishers, wills and the
 * retained store) to the matching sessions, with {@code FanOut} turning the trie's matches into
 * one delivery per session; {@code Broker} keeps the sessions' lifecycle (attach, takeover,
 * detach, will delay, expiry, recovery on start).
 *
 * <p>Threading: a connection's state is only touched on its executor; work for it from elsewhere
 * (a routed message, a timer) is posted there. Sessions change owner under their monitor. Time is
 * a {@link io.mqttd.mqtt.server.broker.TimeSource}; timers go through the given scheduler but run
 * on the connection's executor.
 *
 * <p>Durability: every QoS 1/2 delivery goes into the subscriber's stored queue in the same
 * atomic commit as the publisher's QoS 2 state and the retained update; PUBACK/PUBREC go out only
 * after that commit completes. The decisions and deviations are in {@code spec-notes/mqtt-5.0.broker.md}.
 */
package io.mqttd.mqtt.server.broker;
