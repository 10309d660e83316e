/**
 * The broker's persistent state and how it survives a crash.
 *
 * <p>What is stored (MQTT 5.0 §4.1 lists the session state a server keeps): {@link
 * io.mqttd.mqtt.server.store.SessionState} (subscriptions, will, Session Expiry Interval and when
 * the connection closed), each client's bounded outbound queue of {@link
 * io.mqttd.mqtt.server.store.OutboundEntry} with its {@link io.mqttd.mqtt.server.store.DeliveryState},
 * each client's QoS 2 inbound packet ids, and the retained {@link
 * io.mqttd.mqtt.server.store.StoredMessage} of each topic.
 *
 * <p>How it is changed: a {@link io.mqttd.mqtt.server.store.StoreBatch} gathers the changes one
 * broker event causes (a publish fanned out to N offline sessions plus its retained update) and
 * commits them atomically; the commit's future completes when they are durable per {@link
 * io.mqttd.mqtt.server.store.Durability}, and only then does the broker send PUBACK or PUBREC.
 *
 * <p>Where it lives: {@link io.mqttd.mqtt.server.store.RocksDbBrokerStore} (a RocksDB directory,
 * {@code ./data} by default) or {@link io.mqttd.mqtt.server.store.InMemoryBrokerStore}, behind
 * {@link io.mqttd.mqtt.server.store.BrokerStore}. The decisions are in
 * {@code spec-notes/mqtt-5.0.store.md}.
 */
package io.mqttd.mqtt.server.store;
