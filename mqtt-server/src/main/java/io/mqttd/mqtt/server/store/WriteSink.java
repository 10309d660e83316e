package io.mqttd.mqtt.server.store;

/**
 * Where a commit's planned changes go: a RocksDB write batch, or the in-memory maps. The planner
 * in {@link AbstractBrokerStore} has already checked the queue bound and entry existence, so a sink
 * applies what it is given without further decisions.
 */
interface WriteSink {
    void putSession(SessionState session);

    /** Removes the session and everything stored per client: queue, in-flight states, QoS 2 inbound ids. */
    void removeClient(String clientId);

    void putEntry(String clientId, long sequence, StoredMessage message);

    void putState(String clientId, long sequence, DeliveryState state, int packetId);

    /** Removes an entry; {@code inFlight} says whether it also has an in-flight state record. */
    void removeEntry(String clientId, long sequence, boolean inFlight);

    void putInbound(String clientId, int packetId);

    void removeInbound(String clientId, int packetId);

    void putRetained(StoredMessage message);

    void removeRetained(String topic);

    /** Writes everything atomically; throws {@link StoreException} if nothing could be written. */
    void write();
}
