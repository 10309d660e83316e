package io.mqttd.mqtt.codec.packet;

import io.mqttd.mqtt.codec.Qos;
import java.util.Objects;

/**
 * Subscription Options (MQTT 5.0 §3.8.3.1). MQTT 3.1.1 carries only the QoS; the other options must
 * then keep their defaults.
 */
public record SubscriptionOptions(Qos maxQos, boolean noLocal, boolean retainAsPublished,
        RetainHandling retainHandling) {

    /** Every valid options byte (bits 0-5) decodes to one shared value: no allocation per filter. */
    private static final SubscriptionOptions[] BY_BYTE = new SubscriptionOptions[64];

    static {
        for (Qos q : Qos.values()) {
            for (RetainHandling rh : RetainHandling.values()) {
                for (int bits = 0; bits < 4; bits++) {
                    SubscriptionOptions o = new SubscriptionOptions(q, (bits & 1) != 0, (bits & 2) != 0, rh);
                    BY_BYTE[o.toByte()] = o;
                }
            }
        }
    }

    public SubscriptionOptions {
        Objects.requireNonNull(maxQos, "maxQos");
        Objects.requireNonNull(retainHandling, "retainHandling");
    }

    /**
     * The options of a valid options byte; IllegalArgumentException for reserved bits (MQTT-3.8.3-5),
     * QoS 3 or Retain Handling 3 (§3.8.3.1), which a decoder reports before calling this.
     */
    public static SubscriptionOptions fromByte(int optionsByte) {
        SubscriptionOptions o = optionsByte >= 0 && optionsByte < 64 ? BY_BYTE[optionsByte] : null;
        if (o == null) {
            throw new IllegalArgumentException("invalid Subscription Options byte 0x" + Integer.toHexString(optionsByte));
        }
        return o;
    }

    /** Only a maximum QoS; the rest default (the only form MQTT 3.1.1 has). */
    public static SubscriptionOptions of(Qos maxQos) {
        return BY_BYTE[maxQos.value()];
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
