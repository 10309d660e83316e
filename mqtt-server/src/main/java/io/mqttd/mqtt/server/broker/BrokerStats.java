package io.mqttd.mqtt.server.broker;

/**
 * A snapshot of the broker's counters.
 *
 * @param connections     network connections with an accepted CONNECT
 * @param sessions        sessions held (connected or not)
 * @param messagesIn      PUBLISH packets received from clients (and wills published)
 * @param messagesOut     PUBLISH packets sent to clients, resends included
 * @param dropped         messages a subscriber did not get: queue overflow, expiry, a packet over
 *                        the client's Maximum Packet Size, QoS 0 to a congested connection
 * @param retained        retained messages stored
 * @param subscriptions   subscriptions in the routing trie
 */
public record BrokerStats(long connections, long sessions, long messagesIn, long messagesOut, long dropped,
        long retained, long subscriptions) {
}
