package io.mqttd.mqtt.server.store;

/** The store contract on the in-memory store. */
class InMemoryBrokerStoreTest extends BrokerStoreContract {
    @Override
    BrokerStore open(StoreConfig config) {
        return new InMemoryBrokerStore(config);
    }
}
