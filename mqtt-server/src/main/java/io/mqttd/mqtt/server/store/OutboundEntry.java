package io.mqttd.mqtt.server.store;

import java.util.Objects;

/**
 * One entry of a client's outbound queue: the message to deliver, its place in the queue
 * ({@code sequence}, increasing in enqueue order) and how far its delivery got. {@code packetId}
 * is the Packet Identifier the PUBLISH was sent with (MQTT 5.0 §2.2.1), 0 while {@link
 * DeliveryState#QUEUED}. The message's Qos is the Qos it is delivered with.
 */
public record OutboundEntry(long sequence, DeliveryState state, int packetId, StoredMessage message) {

    public OutboundEntry {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }
}
