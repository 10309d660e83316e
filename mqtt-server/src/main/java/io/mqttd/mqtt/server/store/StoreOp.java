package io.mqttd.mqtt.server.store;

/** One change recorded in a {@link StoreBatch}; applied in order, all or none, at commit. */
sealed interface StoreOp {
    record PutSession(SessionState session) implements StoreOp {
    }

    record RemoveSession(String clientId) implements StoreOp {
    }

    /** {@code packetId} 0 enqueues as {@link DeliveryState#QUEUED}, otherwise as {@link DeliveryState#PUBLISH_SENT}. */
    record Enqueue(String clientId, StoredMessage message, int packetId) implements StoreOp {
    }

    record MarkPublishSent(String clientId, long sequence, int packetId) implements StoreOp {
    }

    record MarkPubrelSent(String clientId, long sequence) implements StoreOp {
    }

    record RemoveEntry(String clientId, long sequence) implements StoreOp {
    }

    record AddInboundQos2(String clientId, int packetId) implements StoreOp {
    }

    record RemoveInboundQos2(String clientId, int packetId) implements StoreOp {
    }

    record PutRetained(StoredMessage message) implements StoreOp {
    }

    record RemoveRetained(String topic) implements StoreOp {
    }
}
