package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.server.routing.SubscriptionTrie;
import io.mqttd.mqtt.server.store.BrokerStore;
import io.mqttd.mqtt.server.store.CommitResult;
import io.mqttd.mqtt.server.store.SessionState;
import io.mqttd.mqtt.server.store.StoreBatch;
import io.mqttd.mqtt.server.store.StoredMessage;
import io.mqttd.mqtt.server.store.StoredSubscription;
import io.mqttd.mqtt.server.store.WillMessage;
import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transport-neutral MQTT 5.0 / 3.1.1 / 3.1 broker core: sessions, routing, QoS 0/1/2,
 * retained messages, wills and persistence through a {@link BrokerStore}. A listener hands each
 * accepted connection to {@link #connect} and feeds the returned handler on the transport's
 * executor; the core never touches a socket or a thread of its own, and reads time only from the
 * {@link TimeSource}.
 *
 * <pre>{@code
 * BrokerStore store = RocksDbBrokerStore.open(StoreConfig.defaults());
 * Broker broker = new Broker(BrokerSettings.defaults(), store, TimeSource.system(), timers);
 * // per accepted connection, on its event loop:
 * MqttConnectionHandler handler = broker.connect(transport);
 * handler.onBytes(bytes);            // whatever arrived
 * handler.onWritabilityChanged();    // the send buffer drained
 * handler.onTransportClosed();       // the peer went away
 * // on shutdown (wills, DISCONNECT 0x8B, store flushed and closed):
 * broker.close();
 * }</pre>
 *
 * <p>On construction the broker loads the stored sessions and their subscriptions, ends the
 * sessions that expired while it was down (publishing their wills), and treats sessions stored
 * as connected (a crash) as disconnected now, so their wills follow the normal rules.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Broker.class.getName());

    final BrokerSettings settings;
    final BrokerStore store;
    final TimeSource time;
    final ScheduledExecutorService timers;
    final SubscriptionTrie<Session, StoredSubscription> trie = new SubscriptionTrie<>();
    final Router router = new Router(this);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    /** At most one log line per 10 s about messages dropped from full offline queues. */
    final QueueOverflowReporter overflowReporter;
    private volatile boolean closed;

    public Broker(BrokerSettings settings, BrokerStore store, TimeSource time, ScheduledExecutorService timers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.time = Objects.requireNonNull(time, "time");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.overflowReporter = new QueueOverflowReporter(time, 10_000);
        recover();
    }

    /** A new network connection: the handler the listener feeds (MQTT-3.1.0-1 applies from the first byte). */
    public MqttConnectionHandler connect(MqttTransport transport) {
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        return new MqttConnection(this, Objects.requireNonNull(transport, "transport"));
    }

    public BrokerStats stats() {
        return new BrokerStats(connections.size(), sessions.size(), messagesIn.get(), messagesOut.get(), dropped.get(),
                router.retainedCount(), trie.size());
    }

    /**
     * Shuts down gracefully: every connected client gets DISCONNECT 0x8B Server shutting down
     * (5.0) and its connection is closed; wills follow the rules of §3.1.2.5 (published now
     * without delay, kept in the stored session when delayed, and published after a restart once
     * the delay passed); then the store is flushed and closed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<MqttConnection> open = new ArrayList<>(connections);
        CountDownLatch done = new CountDownLatch(open.size());
        for (MqttConnection c : open) {
            try {
                c.executor().execute(() -> {
                    try {
                        c.shutdown();
                    } finally {
                        done.countDown();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                done.countDown(); // its event loop is already gone, and the connection with it
            }
        }
        try {
            if (!done.await(10, TimeUnit.SECONDS)) {
                LOG.warning("connections did not close within 10 s; closing the store anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Session s : sessions.values()) {
            s.cancelTimers();
        }
        store.close();
    }

    // ---- connections and sessions

    void connectionOpened(MqttConnection c) {
        connections.add(c);
    }

    void connectionClosed(MqttConnection c) {
        connections.remove(c);
    }

    /** What {@link #attach} did. */
    record Attached(Session session, boolean sessionPresent, MqttConnection previous, boolean previousSessionEnded,
            CompletableFuture<CommitResult> committed) {
    }

    /**
     * Gives {@code conn} the session of {@code clientId} (MQTT 5.0 §3.1.2.4): a new one on Clean
     * Start or when none exists, else the existing one, whose connection (if any) is taken over
     * (MQTT-3.1.4-3) and whose delayed will is cancelled (§3.1.3.2.2). A session that a Clean
     * Start ends publishes its pending will (§3.1.3.2.2: the session ended first).
     */
    Attached attach(MqttConnection conn, String clientId, boolean cleanStart, long expirySeconds, int protocolLevel,
            WillMessage will) {
        Session[] ended = new Session[1];
        WillMessage[] endedWill = new WillMessage[1];
        MqttConnection[] previous = new MqttConnection[1];
        boolean[] present = new boolean[1];
        Session session = sessions.compute(clientId, (id, existing) -> {
            if (existing != null) {
                synchronized (existing) {
                    if (existing.ended) {
                        // Ended (expired, or closed with expiry 0) and not yet out of the map: its
                        // stored state goes in the same commit that stores the new session.
                        ended[0] = existing;
                        Session s = new Session(id, protocolLevel, expirySeconds);
                        s.setConnection(conn);
                        return s;
                    }
                    previous[0] = existing.connection();
                    existing.cancelTimers();
                    if (cleanStart) {
                        existing.ended = true;
                        existing.setConnection(null);
                        ended[0] = existing;
                        endedWill[0] = existing.pendingWill;
                        existing.pendingWill = null;
                    } else {
                        existing.pendingWill = null;
                        existing.setConnection(conn);
                        existing.disconnectedAtMillis = SessionState.CONNECTED;
                        existing.expiryIntervalSeconds = expirySeconds;
                        existing.protocolLevel = protocolLevel;
                        present[0] = true;
                        return existing;
                    }
                }
            }
            Session s = new Session(id, protocolLevel, expirySeconds);
            s.setConnection(conn);
            return s;
        });
        if (ended[0] != null) {
            for (StoredSubscription sub : ended[0].subscriptions()) {
                trie.unsubscribe(sub.topicFilter(), ended[0]);
            }
        }
        boolean removeOld = ended[0] != null;
        CompletableFuture<CommitResult> committed;
        synchronized (session) {
            committed = commit(b -> {
                if (removeOld) {
                    b.removeSession(clientId);
                }
                b.putSession(session.toState(will));
            });
        }
        if (endedWill[0] != null) {
            router.publishWill(clientId, endedWill[0]);
        }
        return new Attached(session, present[0], previous[0], ended[0] != null, committed);
    }

    /**
     * The connection of a session closed (§4.1): start the Session Expiry Interval, publish the
     * will now or after its delay (§3.1.3.2.2; {@code will} is null after DISCONNECT 0x00), or end
     * the session at once when its interval is 0. Does nothing if another connection took over.
     */
    void detach(MqttConnection conn, Session session, WillMessage will) {
        WillMessage publishNow = null;
        boolean end = false;
        synchronized (session) {
            if (session.connection() != conn || session.ended) {
                // Taken over: the new connection resumed the session, which cancels a delayed will
                // (§3.1.3.2.2), unless a Clean Start ended it.
                if (will != null && (will.delayIntervalSeconds() == 0 || session.ended)) {
                    publishNow = will;
                }
            } else {
                long now = time.nowMillis();
                session.setConnection(null);
                session.disconnectedAtMillis = now;
                if (session.expiryIntervalSeconds == 0) {
                    end = true;
                    session.ended = true;
                    publishNow = will;
                } else if (will != null) {
                    if (will.delayIntervalSeconds() == 0) {
                        publishNow = will;
                    } else {
                        session.pendingWill = will;
                        scheduleWill(session, conn.executor(),
                                Math.min(will.delayIntervalSeconds(), session.expiryIntervalSeconds) * 1000L);
                    }
                }
                if (!end) {
                    scheduleExpiry(session);
                    // Under the monitor, so that a reconnect's CONNECTED state is committed after this one.
                    commit(b -> b.putSession(session.toState(session.pendingWill)));
                }
            }
        }
        if (end) {
            endSession(session);
        }
        if (publishNow != null) {
            router.publishWill(session.clientId, publishNow);
        }
    }

    private void scheduleWill(Session session, Executor executor, long delayMillis) {
        session.willTimer = timers.schedule(() -> executor.execute(() -> fireWill(session)), delayMillis,
                TimeUnit.MILLISECONDS);
    }

    private void fireWill(Session session) {
        WillMessage w;
        synchronized (session) {
            w = session.pendingWill;
            if (w == null || session.connection() != null || session.ended) {
                return;
            }
            session.pendingWill = null;
            session.willTimer = null;
        }
        commit(b -> b.putSession(session.toState(null)));
        router.publishWill(session.clientId, w);
    }

    private void scheduleExpiry(Session session) {
        if (session.expiryIntervalSeconds == SessionState.NEVER_EXPIRES) {
            return;
        }
        long delay = Math.max(0, session.disconnectedAtMillis + session.expiryIntervalSeconds * 1000L - time.nowMillis());
        session.expiryTimer = timers.schedule(() -> expire(session), delay, TimeUnit.MILLISECONDS);
    }

    /** §4.1: the Session Expiry Interval passed with no connection: the session and its state end. */
    private void expire(Session session) {
        WillMessage will;
        synchronized (session) {
            if (session.connection() != null || session.ended) {
                return;
            }
            long expiresAt = session.disconnectedAtMillis + session.expiryIntervalSeconds * 1000L;
            if (time.nowMillis() < expiresAt) {
                scheduleExpiry(session);
                return;
            }
            session.ended = true;
            will = session.pendingWill;
            session.pendingWill = null;
            session.cancelTimers();
        }
        endSession(session);
        if (will != null) {
            // §3.1.3.2.2: the will is published when the session ends, if that comes before the delay.
            router.publishWill(session.clientId, will);
        }
    }

    /**
     * Removes an ended session from the map, the trie and the store. The store removal runs inside
     * the map's per-key update, so that it cannot land after a new session of the same client has
     * been stored; if a new session already replaced it, {@link #attach} removes its stored state.
     */
    private void endSession(Session session) {
        for (StoredSubscription sub : session.subscriptions()) {
            trie.unsubscribe(sub.topicFilter(), session);
        }
        sessions.compute(session.clientId, (id, current) -> {
            if (current != session) {
                return current;
            }
            commit(b -> b.removeSession(id));
            return null;
        });
    }

    /** Loads the stored state on start (see the class comment). */
    private void recover() {
        long now = time.nowMillis();
        for (StoredMessage m : store.retainedMessages()) {
            router.loadRetained(m);
        }
        for (SessionState state : store.sessions()) {
            if (state.isExpiredAt(now)) {
                commit(b -> b.removeSession(state.clientId())).join();
                state.will().ifPresent(w -> router.publishWill(state.clientId(), w));
                continue;
            }
            Session s = new Session(state.clientId(), state.protocolLevel(), state.sessionExpiryIntervalSeconds());
            for (StoredSubscription sub : state.subscriptions()) {
                s.putSubscription(sub);
                trie.subscribe(sub.topicFilter(), s, sub);
            }
            long disconnectedAt = state.isConnected() ? now : state.disconnectedAtMillis();
            WillMessage will = state.will().orElse(null);
            synchronized (s) {
                s.disconnectedAtMillis = disconnectedAt;
                if (s.expiryIntervalSeconds == 0) {
                    s.ended = true;
                }
            }
            if (s.ended) {
                for (StoredSubscription sub : state.subscriptions()) {
                    trie.unsubscribe(sub.topicFilter(), s);
                }
                commit(b -> b.removeSession(state.clientId())).join();
                if (will != null) {
                    router.publishWill(state.clientId(), will);
                }
                continue;
            }
            sessions.put(s.clientId, s);
            WillMessage dueNow = null;
            synchronized (s) {
                if (will != null) {
                    long due = disconnectedAt + Math.min(will.delayIntervalSeconds(), s.expiryIntervalSeconds) * 1000L;
                    if (due <= now) {
                        dueNow = will;
                    } else {
                        s.pendingWill = will;
                        Executor direct = Runnable::run;
                        scheduleWill(s, direct, due - now);
                    }
                }
                scheduleExpiry(s);
            }
            if (state.isConnected() || dueNow != null) {
                commit(b -> b.putSession(s.toState(s.pendingWill))).join();
            }
            if (dueNow != null) {
                router.publishWill(s.clientId, dueNow);
            }
        }
    }

    /**
     * Commits one change set; a store that is closed or failed gives a failed future rather than
     * an exception, so that a store failure never escapes into a connection's packet handling.
     */
    CompletableFuture<CommitResult> commit(Consumer<StoreBatch> changes) {
        try {
            StoreBatch b = store.batch();
            changes.accept(b);
            return b.commit();
        } catch (RuntimeException e) {
            // After close() the store is closed on purpose and late acknowledgements are expected.
            LOG.log(closed ? Level.FINE : Level.WARNING, "store refused a commit", e);
            return CompletableFuture.failedFuture(e);
        }
    }
}
