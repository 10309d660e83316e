package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.server.routing.MatchVisitor;
import io.mqttd.mqtt.server.routing.SharedGroup;
import io.mqttd.mqtt.server.store.StoredSubscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscribers one PUBLISH goes to, gathered from the trie: one {@link Target} per session, so
 * that a client with overlapping subscriptions gets the message once, with the highest QoS of
 * them and all their Subscription Identifiers (MQTT-3.3.4-3/4/5), and one member per Shared
 * Subscription group (§4.8.2).
 */
final class FanOut implements MatchVisitor<Session, StoredSubscription> {

    /** What one session receives. */
    static final class Target {
        final Session session;
        int qos = -1;
        boolean retainAsPublished;
        /** Null until the first identifier: most subscriptions carry none. */
        int[] subscriptionIds;
        int subscriptionIdCount;

        Target(Session session) {
            this.session = session;
        }

        void add(StoredSubscription s) {
            qos = Math.max(qos, s.options().maxQos().value());
            retainAsPublished |= s.options().retainAsPublished();
            int id = s.subscriptionIdentifier();
            if (id != StoredSubscription.NO_IDENTIFIER) {
                for (int i = 0; i < subscriptionIdCount; i++) {
                    if (subscriptionIds[i] == id) {
                        return;
                    }
                }
                if (subscriptionIds == null) {
                    subscriptionIds = new int[2];
                } else if (subscriptionIdCount == subscriptionIds.length) {
                    subscriptionIds = java.util.Arrays.copyOf(subscriptionIds, subscriptionIdCount * 2);
                }
                subscriptionIds[subscriptionIdCount++] = id;
            }
        }
    }

    private final String publisherClientId;
    private final Map<Session, Target> targets = new HashMap<>();
    private final List<Target> order = new ArrayList<>();

    FanOut(String publisherClientId) {
        this.publisherClientId = publisherClientId;
    }

    @Override
    public void subscription(Session subscriber, StoredSubscription s) {
        // MQTT-3.8.3-3: No Local, not to the connection with the publisher's Client Identifier.
        if (s.options().noLocal() && subscriber.clientId.equals(publisherClientId)) {
            return;
        }
        target(subscriber).add(s);
    }

    /**
     * Round-robin, skipping members whose session has no connection while another member is
     * connected (as EMQX and HiveMQ do): a message then waits in an offline member's queue only
     * when no member is online.
     */
    @Override
    public void sharedGroup(SharedGroup<Session, StoredSubscription> group) {
        int first = group.next();
        if (first < 0) {
            return;
        }
        int n = group.size();
        int chosen = first;
        for (int k = 0; k < n; k++) {
            int i = (first + k) % n;
            if (group.subscriber(i).connection() != null) {
                chosen = i;
                break;
            }
        }
        target(group.subscriber(chosen)).add(group.value(chosen));
    }

    private Target target(Session s) {
        Target t = targets.get(s);
        if (t == null) {
            t = new Target(s);
            targets.put(s, t);
            order.add(t);
        }
        return t;
    }

    List<Target> targets() {
        return order;
    }
}
