package io.mqttd.mqtt.server.broker;

/**
 * The broker's clock in epoch milliseconds: keep alive (§3.1.2.10), Session Expiry (§3.1.2.11.2),
 * Will Delay (§3.1.3.2.2) and Message Expiry (§3.3.2.3.3) are all read from it, so that tests can
 * drive time by hand.
 */
@FunctionalInterface
public interface TimeSource {
    long nowMillis();

    /** The system clock. */
    static TimeSource system() {
        return System::currentTimeMillis;
    }
}
