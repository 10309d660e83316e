package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.server.routing.RetainedTree;
import io.mqttd.mqtt.server.routing.SubscriptionTrie;
import io.mqttd.mqtt.server.store.BrokerStore;
import io.mqttd.mqtt.server.store.CommitResult;
import io.mqttd.mqtt.server.store.DeliveryState;
import io.mqttd.mqtt.server.store.OutboundEntry;
import io.mqttd.mqtt.server.store.QueueOverflow;
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
    /** The store's retained messages, indexed for filter lookups; changed in commit order under {@link #retainedLock}. */
    private final RetainedTree<StoredMessage> retained = new RetainedTree<>();
    private final Object retainedLock = new Object();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public Broker(BrokerSettings settings, BrokerStore store, TimeSource time, ScheduledExecutorService timers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.time = Objects.requireNonNull(time, "time");
        this.timers = Objects.requireNonNull(timers, "timers");
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
                retained.size(), trie.size());
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
            c.executor().execute(() -> {
                try {
                    c.shutdown();
                } finally {
                    done.countDown();
                }
            });
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
        StoreBatch batch = store.batch();
        if (ended[0] != null) {
            for (StoredSubscription sub : ended[0].subscriptions()) {
                trie.unsubscribe(sub.topicFilter(), ended[0]);
            }
            batch.removeSession(clientId);
        }
        CompletableFuture<CommitResult> committed;
        synchronized (session) {
            batch.putSession(session.toState(will));
            committed = batch.commit();
        }
        if (endedWill[0] != null) {
            publishWill(clientId, endedWill[0]);
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
                    store.batch().putSession(session.toState(session.pendingWill)).commit();
                }
            }
        }
        if (end) {
            sessions.remove(session.clientId, session);
            for (StoredSubscription sub : session.subscriptions()) {
                trie.unsubscribe(sub.topicFilter(), session);
            }
            store.batch().removeSession(session.clientId).commit();
        }
        if (publishNow != null) {
            publishWill(session.clientId, publishNow);
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
        store.batch().putSession(session.toState(null)).commit();
        publishWill(session.clientId, w);
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
        sessions.remove(session.clientId, session);
        for (StoredSubscription sub : session.subscriptions()) {
            trie.unsubscribe(sub.topicFilter(), session);
        }
        store.batch().removeSession(session.clientId).commit();
        if (will != null) {
            // §3.1.3.2.2: the will is published when the session ends, if that comes before the delay.
            publishWill(session.clientId, will);
        }
    }

    /** Loads the stored state on start (see the class comment). */
    private void recover() {
        long now = time.nowMillis();
        for (StoredMessage m : store.retainedMessages()) {
            retained.put(m.topic(), m);
        }
        for (SessionState state : store.sessions()) {
            if (state.isExpiredAt(now)) {
                store.batch().removeSession(state.clientId()).commit().join();
                state.will().ifPresent(w -> publishWill(state.clientId(), w));
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
                store.batch().removeSession(state.clientId()).commit().join();
                if (will != null) {
                    publishWill(state.clientId(), will);
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
                store.batch().putSession(s.toState(s.pendingWill)).commit().join();
            }
            if (dueNow != null) {
                publishWill(s.clientId, dueNow);
            }
        }
    }

    // ---- publishing

    /**
     * Routes an application message (MQTT 5.0 §4.5): retained-message update (§3.3.1.3), one
     * delivery per matching session (highest QoS, every Subscription Identifier: MQTT-3.3.4-3..5),
     * downgraded to the subscription's QoS (MQTT-3.8.4-8), one member per shared group. QoS 1/2
     * deliveries go into the subscribers' stored queues in one atomic commit together with
     * {@code extra} (say the publisher's QoS 2 receive state); the future completes when that
     * commit is durable, with the number of sessions the message matched.
     */
    CompletableFuture<Integer> publish(String topic, byte[] payload, Qos qos, boolean retain, MqttProperties properties,
            String publisherClientId, long expiresAtMillis, Consumer<StoreBatch> extra) {
        messagesIn.incrementAndGet();
        FanOut fanOut = new FanOut(publisherClientId);
        trie.match(topic, fanOut);
        StoreBatch batch = store.batch();
        if (extra != null) {
            extra.accept(batch);
        }
        StoredMessage retainedMessage = null;
        boolean retainChange = retain && settings.retainAvailable();
        if (retainChange) {
            if (payload.length == 0) {
                batch.removeRetained(topic); // MQTT-3.3.1-6, -7: an empty retained message clears
            } else {
                retainedMessage = new StoredMessage(topic, payload, qos, true, StoredProperties.encode(properties, null, 0),
                        expiresAtMillis, publisherClientId);
                batch.putRetained(retainedMessage);
            }
        }
        List<FanOut.Target> targets = fanOut.targets();
        List<Session> queuedFor = new ArrayList<>();
        List<StoredMessage> queued = new ArrayList<>();
        for (FanOut.Target t : targets) {
            Qos delivery = Qos.of(Math.min(qos.value(), t.qos));
            // MQTT-3.3.1-12/13: the retain flag is kept only with Retain As Published.
            boolean retainFlag = retain && t.retainAsPublished;
            StoredMessage m = new StoredMessage(topic, payload, delivery, retainFlag,
                    StoredProperties.encode(properties, t.subscriptionIds, t.subscriptionIdCount), expiresAtMillis,
                    publisherClientId);
            if (delivery == Qos.AT_MOST_ONCE) {
                MqttConnection c = t.session.connection();
                if (c != null) {
                    c.post(() -> c.sendQos0(m));
                }
            } else {
                batch.enqueue(t.session.clientId, m);
                queuedFor.add(t.session);
                queued.add(m);
            }
        }
        int matched = targets.size();
        if (batch.size() == 0) {
            return CompletableFuture.completedFuture(matched);
        }
        CompletableFuture<CommitResult> committed;
        if (retainChange) {
            // The index follows the store in commit order, so concurrent retained publishes to one
            // topic leave both holding the same last message.
            synchronized (retainedLock) {
                if (retainedMessage == null) {
                    retained.remove(topic);
                } else {
                    retained.put(topic, retainedMessage);
                }
                committed = batch.commit();
            }
        } else {
            committed = batch.commit();
        }
        return committed.thenApply(result -> {
            offer(result, queuedFor, queued);
            return matched;
        });
    }

    /** Hands committed queue entries to the subscribers that are connected. */
    void offer(CommitResult result, List<Session> sessionsInOrder, List<StoredMessage> messages) {
        for (int i = 0; i < sessionsInOrder.size(); i++) {
            long seq = result.sequence(i);
            if (seq == QueueOverflow.NEW_MESSAGE) {
                continue;
            }
            MqttConnection c = sessionsInOrder.get(i).connection();
            if (c != null) {
                OutboundEntry e = new OutboundEntry(seq, DeliveryState.QUEUED, 0, messages.get(i));
                c.post(() -> c.offer(e));
            }
        }
        dropped.addAndGet(result.overflows().size());
    }

    /** Publishes a will (§3.1.2.5) as a message from its client; its Message Expiry starts now. */
    void publishWill(String clientId, WillMessage w) {
        MqttProperties props = StoredProperties.decode(w.properties(), -1);
        long expiry = props.numeric(MqttProperty.MESSAGE_EXPIRY_INTERVAL, -1);
        long expiresAt = expiry < 0 ? StoredMessage.NO_EXPIRY : time.nowMillis() + expiry * 1000L;
        publish(w.topic(), w.payload(), w.qos(), w.retain(), props, clientId, expiresAt, null)
                .exceptionally(e -> {
                    LOG.log(Level.WARNING, "could not publish the will of " + clientId, e);
                    return 0;
                });
    }

    /**
     * Sends the retained messages matching a new subscription (§3.3.1.3, Retain Handling is
     * checked by the caller), with the retain flag set (MQTT-3.3.1-9) and the subscription's QoS.
     */
    void sendRetained(MqttConnection conn, Session session, StoredSubscription sub) {
        long now = time.nowMillis();
        StoreBatch batch = store.batch();
        List<Session> queuedFor = new ArrayList<>();
        List<StoredMessage> queued = new ArrayList<>();
        int[] ids = {sub.subscriptionIdentifier()};
        int idCount = sub.subscriptionIdentifier() == StoredSubscription.NO_IDENTIFIER ? 0 : 1;
        List<StoredMessage> matching = new ArrayList<>();
        retained.forEachMatching(sub.topicFilter(), matching::add);
        for (StoredMessage r : matching) {
            if (r.isExpiredAt(now)) {
                continue; // §3.3.2.3.3: an expired retained message is no longer sent
            }
            Qos delivery = Qos.of(Math.min(r.qos().value(), sub.options().maxQos().value()));
            byte[] props = idCount == 0 ? r.properties()
                    : StoredProperties.encode(StoredProperties.decode(r.properties(), -1), ids, idCount);
            StoredMessage m = new StoredMessage(r.topic(), r.payload(), delivery, true, props, r.expiresAtMillis(),
                    r.publisherClientId());
            if (delivery == Qos.AT_MOST_ONCE) {
                conn.sendQos0(m);
            } else {
                batch.enqueue(session.clientId, m);
                queuedFor.add(session);
                queued.add(m);
            }
        }
        if (batch.size() > 0) {
            batch.commit().thenAccept(result -> offer(result, queuedFor, queued));
        }
    }

    /** Removes a subscription of a session from the routing trie. */
    Session sessionOf(String clientId) {
        return sessions.get(clientId);
    }
}
