package io.mqttd.mqtt.server.store;

/**
 * Where an outbound message stands in the QoS 1/2 flow towards a subscriber (MQTT 5.0 §4.3.2,
 * §4.3.3, §4.4). On reconnect the broker resends PUBLISH with DUP=1 for {@link #PUBLISH_SENT}
 * entries and PUBREL for {@link #PUBREL_SENT} entries, and sends {@link #QUEUED} entries as new
 * PUBLISH packets.
 */
public enum DeliveryState {
    /** Stored, not yet sent; carries no packet identifier. */
    QUEUED,
    /** PUBLISH sent with a packet identifier, PUBACK (QoS 1) or PUBREC (QoS 2) not yet received. */
    PUBLISH_SENT,
    /** QoS 2 only: PUBREC received and PUBREL sent, PUBCOMP not yet received. */
    PUBREL_SENT;

    private static final DeliveryState[] VALUES = values();

    static DeliveryState of(int ordinal) {
        return VALUES[ordinal];
    }

    static int count() {
        return VALUES.length;
    }
}
