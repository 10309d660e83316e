package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.Qos;
import java.util.Objects;

/**
 * Subscription Options (MQTT 5.0 §3.8.3.1). MQTT 3.1.1 carries only the QoS; the other options must
 * then keep their defaults.
 */
public record SubscriptionOptions(Qos maxQos, boolean noLocal, boolean retainAsPublished,
        RetainHandling retainHandling) {

    public SubscriptionOptions {
        Objects.requireNonNull(maxQos, "maxQos");
        Objects.requireNonNull(retainHandling, "retainHandling");
    }

    /** Only a maximum QoS; the rest default (the only form MQTT 3.1.1 has). */
    public static SubscriptionOptions of(Qos maxQos) {
        return new SubscriptionOptions(maxQos, false, false, RetainHandling.SEND_ON_SUBSCRIBE);
    }

    /** Whether only the QoS differs from the defaults, so that MQTT 3.1.1 can carry these options. */
    public boolean isQosOnly() {
        return !noLocal && !retainAsPublished && retainHandling == RetainHandling.SEND_ON_SUBSCRIBE;
    }

    /** The options byte: bits 0-1 QoS, 2 No Local, 3 Retain As Published, 4-5 Retain Handling. */
    public int toByte() {
        return maxQos.value() | (noLocal ? 0x04 : 0) | (retainAsPublished ? 0x08 : 0) | retainHandling.value() << 4;
    }
}
