package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.server.store.SessionState;
import io.mqttd.mqtt.server.store.StoredSubscription;
import io.mqttd.mqtt.server.store.WillMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * The broker's live view of one MQTT session (MQTT 5.0 §4.1): it outlives network connections and
 * is the subscriber the routing trie knows. Its attachment to a connection changes on connect,
 * takeover, disconnect and expiry, always under the session's monitor; its subscriptions change only
 * on the executor of the attached connection. Identity is the object: a Clean Start replaces the
 * session with a new one, so stale trie entries can never point at the new session.
 */
final class Session {
    final String clientId;
    /** Written under this; read without the lock by routing, which only needs a recent value. */
    private volatile MqttConnection connection;
    /** Guarded by this. */
    int protocolLevel;
    /** Guarded by this. */
    long expiryIntervalSeconds;
    /** Guarded by this: the instant the last connection closed, or {@link SessionState#CONNECTED}. */
    long disconnectedAtMillis = SessionState.CONNECTED;
    /** Guarded by this: the will of the last connection, still to be published after its delay. */
    WillMessage pendingWill;
    /** Guarded by this. */
    ScheduledFuture<?> willTimer;
    /** Guarded by this. */
    ScheduledFuture<?> expiryTimer;
    /** Guarded by this: set once the session ended (§4.1); it is then out of the broker's map. */
    boolean ended;
    /** Filter to subscription, in subscribe order. Guarded by this. */
    private final Map<String, StoredSubscription> subscriptions = new LinkedHashMap<>();

    Session(String clientId, int protocolLevel, long expiryIntervalSeconds) {
        this.clientId = clientId;
        this.protocolLevel = protocolLevel;
        this.expiryIntervalSeconds = expiryIntervalSeconds;
    }

    MqttConnection connection() {
        return connection;
    }

    synchronized void setConnection(MqttConnection c) {
        connection = c;
    }

    synchronized StoredSubscription putSubscription(StoredSubscription s) {
        return subscriptions.put(s.topicFilter(), s);
    }

    synchronized StoredSubscription removeSubscription(String filter) {
        return subscriptions.remove(filter);
    }

    synchronized List<StoredSubscription> subscriptions() {
        return new ArrayList<>(subscriptions.values());
    }

    synchronized void cancelTimers() {
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }

    /** The state to store, with the given will and connection instant. */
    synchronized SessionState toState(WillMessage will) {
        return new SessionState(clientId, protocolLevel, expiryIntervalSeconds, disconnectedAtMillis,
                new ArrayList<>(subscriptions.values()), Optional.ofNullable(will));
    }

    @Override
    public String toString() {
        return "Session[" + clientId + "]";
    }
}
