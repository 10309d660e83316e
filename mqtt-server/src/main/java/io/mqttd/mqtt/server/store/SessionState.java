package io.mqttd.mqtt.server.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The persistent part of an MQTT session (MQTT 5.0 §4.1) apart from its message queues, which the
 * store keeps per client beside it: who the client is, how long the session outlives its network
 * connection, when that connection closed, its subscriptions and its will.
 *
 * <p>{@code sessionExpiryIntervalSeconds} is the Session Expiry Interval (§3.1.2.11.2), a Four Byte
 * Integer where {@link #NEVER_EXPIRES} (0xFFFFFFFF) means the session does not expire.
 * {@code disconnectedAtMillis} is the epoch-millisecond instant the network connection closed, or
 * {@link #CONNECTED} while it is open. Storing the instant rather than a deadline lets a broker that
 * restarts after downtime expire the sessions whose interval ran out while it was down.
 */
public record SessionState(
        String clientId,
        int protocolLevel,
        long sessionExpiryIntervalSeconds,
        long disconnectedAtMillis,
        List<StoredSubscription> subscriptions,
        Optional<WillMessage> will) {

    /** {@link #disconnectedAtMillis()} of a session whose client is connected. */
    public static final long CONNECTED = Long.MIN_VALUE;

    /** MQTT 5.0 §3.1.2.11.2: 0xFFFFFFFF means the session never expires. */
    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    public SessionState {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(will, "will");
        subscriptions = List.copyOf(subscriptions);
        if (!StoreKeys.fitsU16(clientId)) {
            throw new IllegalArgumentException("client id longer than 65535 bytes");
        }
        // MQTT 3.1.1 is level 4, MQTT 5.0 level 5 (§3.1.2.2); 3 is MQTT 3.1.
        if (protocolLevel < 0 || protocolLevel > 0xFF) {
            throw new IllegalArgumentException("protocol level out of range: " + protocolLevel);
        }
        if (sessionExpiryIntervalSeconds < 0 || sessionExpiryIntervalSeconds > NEVER_EXPIRES) {
            throw new IllegalArgumentException("session expiry interval out of range: " + sessionExpiryIntervalSeconds);
        }
    }

    /** Whether the client's network connection was open when this state was stored. */
    public boolean isConnected() {
        return disconnectedAtMillis == CONNECTED;
    }

    /**
     * The epoch-millisecond instant the session expires, {@link Long#MAX_VALUE} while connected or
     * when it never expires (§4.1: the interval starts when the network connection closes).
     */
    public long expiresAtMillis() {
        if (isConnected() || sessionExpiryIntervalSeconds == NEVER_EXPIRES) {
            return Long.MAX_VALUE;
        }
        long intervalMillis = sessionExpiryIntervalSeconds * 1000L;
        return disconnectedAtMillis > Long.MAX_VALUE - intervalMillis ? Long.MAX_VALUE : disconnectedAtMillis + intervalMillis;
    }

    /** Whether the session has expired at {@code nowMillis} and the broker must discard it. */
    public boolean isExpiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis();
    }

    /** This state with the connection closed at {@code atMillis}. */
    public SessionState disconnectedAt(long atMillis) {
        return new SessionState(clientId, protocolLevel, sessionExpiryIntervalSeconds, atMillis, subscriptions, will);
    }
}
