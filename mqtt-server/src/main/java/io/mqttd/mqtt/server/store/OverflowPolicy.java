package io.mqttd.mqtt.server.store;

/** What an enqueue does when the client's queue already holds its configured maximum. */
public enum OverflowPolicy {
    /** The new message is not stored. */
    DROP_NEWEST,
    /**
     * The oldest message not yet sent ({@link DeliveryState#QUEUED}) is removed to make room.
     * Messages in flight are never dropped, because the client may already hold them; when every
     * entry is in flight the new message is dropped instead, as with {@link #DROP_NEWEST}.
     */
    DROP_OLDEST
}
