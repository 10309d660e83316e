package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.server.routing.RetainedTree;
import io.mqttd.mqtt.server.store.CommitResult;
import io.mqttd.mqtt.server.store.DeliveryState;
import io.mqttd.mqtt.server.store.OutboundEntry;
import io.mqttd.mqtt.server.store.QueueOverflow;
import io.mqttd.mqtt.server.store.StoreBatch;
import io.mqttd.mqtt.server.store.StoredMessage;
import io.mqttd.mqtt.server.store.StoredSubscription;
import io.mqttd.mqtt.server.store.WillMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where application messages go (MQTT 5.0 §4.5): from a publisher, a will or the retained store
 * to the sessions whose subscriptions match, through the subscribers' stored queues for QoS 1/2
 * and straight to their connections for QoS 0. Thread-safe: called from any connection's executor
 * and from timers; it touches connections only through {@link MqttConnection#post}.
 */
final class Router {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final Broker broker;
    /** The store's retained messages, indexed for filter lookups; changed in commit order under {@link #retainedLock}. */
    private final RetainedTree<StoredMessage> retained = new RetainedTree<>();
    private final Object retainedLock = new Object();

    Router(Broker broker) {
        this.broker = broker;
    }

    /** Indexes a retained message loaded from the store on start. */
    void loadRetained(StoredMessage m) {
        retained.put(m.topic(), m);
    }

    int retainedCount() {
        return retained.size();
    }

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
        broker.messagesIn.incrementAndGet();
        FanOut fanOut = new FanOut(publisherClientId);
        broker.trie.match(topic, fanOut);
        StoreBatch batch;
        try {
            batch = broker.store.batch();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // a closed or failed store: the publisher gets no success
        }
        if (extra != null) {
            extra.accept(batch);
        }
        StoredMessage retainedMessage = null;
        boolean retainChange = retain && broker.settings.retainAvailable();
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
        byte[] forwarded = null;
        // QoS 0 deliveries that are the same bytes for every subscriber, by the RETAIN flag delivered.
        SharedQos0Delivery[] shared = null;
        for (FanOut.Target t : targets) {
            Qos delivery = Qos.of(Math.min(qos.value(), t.qos));
            // MQTT-3.3.1-12/13: the retain flag is kept only with Retain As Published.
            boolean retainFlag = retain && t.retainAsPublished;
            if (delivery == Qos.AT_MOST_ONCE) {
                MqttConnection c = t.session.connection();
                if (c == null) {
                    continue; // QoS 0 is not queued for a session without a connection
                }
                if (t.subscriptionIdCount == 0 && expiresAtMillis == StoredMessage.NO_EXPIRY) {
                    if (shared == null) {
                        shared = new SharedQos0Delivery[2];
                        forwarded = StoredProperties.encode(properties, null, 0);
                    }
                    int k = retainFlag ? 1 : 0;
                    if (shared[k] == null) {
                        shared[k] = new SharedQos0Delivery(new StoredMessage(topic, payload, delivery, retainFlag,
                                forwarded, expiresAtMillis, publisherClientId));
                    }
                    SharedQos0Delivery d = shared[k];
                    c.post(() -> c.sendQos0(d));
                } else {
                    StoredMessage m = new StoredMessage(topic, payload, delivery, retainFlag,
                            StoredProperties.encode(properties, t.subscriptionIds, t.subscriptionIdCount), expiresAtMillis,
                            publisherClientId);
                    c.post(() -> c.sendQos0(m));
                }
            } else {
                StoredMessage m = new StoredMessage(topic, payload, delivery, retainFlag,
                        StoredProperties.encode(properties, t.subscriptionIds, t.subscriptionIdCount), expiresAtMillis,
                        publisherClientId);
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
        broker.dropped.addAndGet(result.overflows().size());
        broker.overflowReporter.report(result.overflows());
    }

    /** Publishes a will (§3.1.2.5) as a message from its client; its Message Expiry starts now. */
    void publishWill(String clientId, WillMessage w) {
        MqttProperties props = StoredProperties.decode(w.properties(), -1);
        long expiry = props.numeric(MqttProperty.MESSAGE_EXPIRY_INTERVAL, -1);
        long expiresAt = expiry < 0 ? StoredMessage.NO_EXPIRY : broker.time.nowMillis() + expiry * 1000L;
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
        long now = broker.time.nowMillis();
        StoreBatch batch;
        try {
            batch = broker.store.batch();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "store refused the retained messages of a subscription", e);
            return;
        }
        List<Session> queuedFor = new ArrayList<>();
        List<StoredMessage> queued = new ArrayList<>();
        int[] ids = {sub.subscriptionIdentifier()};
        int idCount = sub.subscriptionIdentifier() == StoredSubscription.NO_IDENTIFIER ? 0 : 1;
        List<StoredMessage> matching = new ArrayList<>();
        retained.forEachMatching(sub.topicFilter(), matching::add);
        for (StoredMessage r : matching) {
            if (r.isExpiredAt(now)) {
                discardExpiredRetained(r); // §3.3.2.3.3: an expired retained message is no longer sent
                continue;
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

    /** Drops an expired retained message from index and store, unless a newer one replaced it meanwhile. */
    private void discardExpiredRetained(StoredMessage expired) {
        synchronized (retainedLock) {
            if (retained.get(expired.topic()) == expired) {
                retained.remove(expired.topic());
                broker.commit(b -> b.removeRetained(expired.topic()));
            }
        }
    }
}
