package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.RetainHandling;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BrokerStore} must have; run against each implementation by a
 * subclass that says how to open one.
 */
abstract class BrokerStoreContract {
    private BrokerStore store;

    /** Opens a fresh, empty store with this configuration (the data directory is the subclass's). */
    abstract BrokerStore open(StoreConfig config);

    StoreConfig baseConfig() {
        return StoreConfig.defaults();
    }

    BrokerStore store() {
        if (store == null) {
            store = open(baseConfig());
        }
        return store;
    }

    BrokerStore store(int maxQueued, OverflowPolicy policy) {
        store = open(baseConfig().withQueueLimit(maxQueued, policy));
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static StoredMessage message(String topic, String payload) {
        return StoredMessage.of(topic, payload.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false, "pub");
    }

    static String payload(OutboundEntry e) {
        return new String(e.message().payload(), StandardCharsets.UTF_8);
    }

    static SessionState session(String clientId) {
        return new SessionState(clientId, 5, 3600, SessionState.CONNECTED,
                List.of(new StoredSubscription("a/+", new SubscriptionOptions(Qos.EXACTLY_ONCE, true, true, RetainHandling.DO_NOT_SEND), 42),
                        StoredSubscription.of("b/#", Qos.AT_MOST_ONCE)),
                Optional.of(new WillMessage("will/" + clientId, new byte[] {1, 2}, Qos.AT_LEAST_ONCE, true,
                        new byte[] {0x18, 0, 0, 0, 10}, 10)));
    }

    static CommitResult commit(StoreBatch batch) {
        return batch.commit().join();
    }

    @Test
    void storesAndReplacesSessionWithSubscriptionsAndWill() {
        BrokerStore s = store();
        SessionState first = session("c1");
        commit(s.batch().putSession(first));
        assertThat(s.session("c1")).contains(first);

        SessionState second = first.disconnectedAt(1_000);
        commit(s.batch().putSession(second));
        assertThat(s.session("c1")).contains(second);
        assertThat(s.sessions()).containsExactly(second);
        assertThat(s.session("other")).isEmpty();
    }

    @Test
    void storesMessageWithPropertiesExpiryAndPublisher() {
        BrokerStore s = store();
        StoredMessage m = new StoredMessage("t/1", new byte[] {9, 8, 7}, Qos.EXACTLY_ONCE, true,
                new byte[] {0x01, 0x01}, 123_456L, "publisher-7");
        CommitResult r = commit(s.batch().enqueue("c1", m));
        assertThat(s.queue("c1")).containsExactly(new OutboundEntry(r.sequence(0), DeliveryState.QUEUED, 0, m));
    }

    @Test
    void enqueueAssignsIncreasingSequencesAndKeepsOrder() {
        BrokerStore s = store();
        CommitResult r1 = commit(s.batch().enqueue("c1", message("t", "m0")).enqueue("c1", message("t", "m1")));
        CommitResult r2 = commit(s.batch().enqueue("c1", message("t", "m2")));
        assertThat(r1.enqueueCount()).isEqualTo(2);
        assertThat(r1.sequence(0)).isPositive();
        assertThat(r1.sequence(1)).isGreaterThan(r1.sequence(0));
        assertThat(r2.sequence(0)).isGreaterThan(r1.sequence(1));
        assertThat(s.queue("c1")).extracting(BrokerStoreContract::payload).containsExactly("m0", "m1", "m2");
        assertThat(s.queue("c1")).extracting(OutboundEntry::sequence)
                .containsExactly(r1.sequence(0), r1.sequence(1), r2.sequence(0));
        assertThat(s.queueDepth("c1")).isEqualTo(3);
        assertThat(s.queueDepth("nobody")).isZero();
    }

    @Test
    void clientsWhoseIdsShareAPrefixHaveSeparateQueues() {
        BrokerStore s = store();
        commit(s.batch().enqueue("a", message("t", "for-a")).enqueue("ab", message("t", "for-ab"))
                .addInboundQos2("a", 1).addInboundQos2("ab", 2));
        assertThat(s.queue("a")).extracting(BrokerStoreContract::payload).containsExactly("for-a");
        assertThat(s.queue("ab")).extracting(BrokerStoreContract::payload).containsExactly("for-ab");
        assertThat(s.inboundQos2PacketIds("a")).containsExactly(1);
        assertThat(s.inboundQos2PacketIds("ab")).containsExactly(2);
        commit(s.batch().removeSession("a"));
        assertThat(s.queue("ab")).hasSize(1);
        assertThat(s.inboundQos2PacketIds("ab")).containsExactly(2);
    }

    @Test
    void recordsInFlightStatesOfQos2Flow_mqtt5_4_3_3() {
        BrokerStore s = store();
        long seq = commit(s.batch().enqueue("c1", message("t", "m"))).sequence(0);

        commit(s.batch().markPublishSent("c1", seq, 7));
        assertThat(s.queue("c1").get(0)).extracting(OutboundEntry::state, OutboundEntry::packetId)
                .containsExactly(DeliveryState.PUBLISH_SENT, 7);

        commit(s.batch().markPubrelSent("c1", seq));
        assertThat(s.queue("c1").get(0)).extracting(OutboundEntry::state, OutboundEntry::packetId)
                .containsExactly(DeliveryState.PUBREL_SENT, 7);

        commit(s.batch().removeOutbound("c1", seq));
        assertThat(s.queue("c1")).isEmpty();
        assertThat(s.queueDepth("c1")).isZero();
    }

    @Test
    void ignoresChangesToEntriesThatDoNotExist() {
        BrokerStore s = store();
        long seq = commit(s.batch().enqueue("c1", message("t", "m"))).sequence(0);
        commit(s.batch().removeOutbound("c1", seq + 100).markPublishSent("c1", seq + 100, 3)
                .markPubrelSent("c9", seq).removeOutbound("c9", seq));
        // PUBREL needs a packet id: an entry never sent stays queued.
        commit(s.batch().markPubrelSent("c1", seq));
        assertThat(s.queue("c1")).singleElement().extracting(OutboundEntry::state).isEqualTo(DeliveryState.QUEUED);
        commit(s.batch().removeOutbound("c1", seq).removeOutbound("c1", seq));
        assertThat(s.queue("c1")).isEmpty();
    }

    @Test
    void dropNewestRejectsEnqueueIntoFullQueueAndReportsIt() {
        BrokerStore s = store(2, OverflowPolicy.DROP_NEWEST);
        commit(s.batch().enqueue("c1", message("t", "m0")).enqueue("c1", message("t", "m1")));
        CommitResult r = commit(s.batch().enqueue("c1", message("t", "m2")).enqueue("c2", message("t", "x")));
        assertThat(r.sequence(0)).isEqualTo(QueueOverflow.NEW_MESSAGE);
        assertThat(r.sequence(1)).isPositive();
        assertThat(r.overflows()).containsExactly(
                new QueueOverflow("c1", OverflowPolicy.DROP_NEWEST, QueueOverflow.NEW_MESSAGE));
        assertThat(r.overflows().get(0).droppedNewMessage()).isTrue();
        assertThat(s.queue("c1")).extracting(BrokerStoreContract::payload).containsExactly("m0", "m1");
        assertThat(s.queueDepth("c1")).isEqualTo(2);
    }

    @Test
    void dropOldestRemovesOldestQueuedEntryButNeverOneInFlight() {
        BrokerStore s = store(3, OverflowPolicy.DROP_OLDEST);
        CommitResult r = commit(s.batch().enqueue("c1", message("t", "m0")).enqueue("c1", message("t", "m1"))
                .enqueue("c1", message("t", "m2")));
        commit(s.batch().markPublishSent("c1", r.sequence(0), 1));

        CommitResult r2 = commit(s.batch().enqueue("c1", message("t", "m3")));
        assertThat(r2.overflows()).containsExactly(new QueueOverflow("c1", OverflowPolicy.DROP_OLDEST, r.sequence(1)));
        assertThat(s.queue("c1")).extracting(BrokerStoreContract::payload).containsExactly("m0", "m2", "m3");
        assertThat(s.queueDepth("c1")).isEqualTo(3);
    }

    @Test
    void dropOldestDropsTheNewMessageWhenEveryEntryIsInFlight() {
        BrokerStore s = store(2, OverflowPolicy.DROP_OLDEST);
        CommitResult r = commit(s.batch().enqueue("c1", message("t", "m0")).enqueue("c1", message("t", "m1")));
        commit(s.batch().markPublishSent("c1", r.sequence(0), 1).markPublishSent("c1", r.sequence(1), 2));
        CommitResult r2 = commit(s.batch().enqueue("c1", message("t", "m2")));
        assertThat(r2.sequence(0)).isEqualTo(QueueOverflow.NEW_MESSAGE);
        assertThat(r2.overflows()).containsExactly(
                new QueueOverflow("c1", OverflowPolicy.DROP_OLDEST, QueueOverflow.NEW_MESSAGE));
        assertThat(s.queue("c1")).extracting(BrokerStoreContract::payload).containsExactly("m0", "m1");
    }

    @Test
    void pagesThroughQueueAfterASequence() {
        BrokerStore s = store();
        StoreBatch b = s.batch();
        for (int i = 0; i < 10; i++) {
            b.enqueue("c1", message("t", "m" + i));
        }
        CommitResult r = commit(b);
        List<OutboundEntry> page1 = s.queue("c1", 0, 4);
        List<OutboundEntry> page2 = s.queue("c1", page1.get(3).sequence(), 4);
        List<OutboundEntry> page3 = s.queue("c1", page2.get(3).sequence(), 4);
        assertThat(page1).extracting(BrokerStoreContract::payload).containsExactly("m0", "m1", "m2", "m3");
        assertThat(page2).extracting(BrokerStoreContract::payload).containsExactly("m4", "m5", "m6", "m7");
        assertThat(page3).extracting(BrokerStoreContract::payload).containsExactly("m8", "m9");
        assertThat(s.queue("c1", r.sequence(9), 4)).isEmpty();
        assertThat(s.queue("c1", 0, 0)).isEmpty();
    }

    @Test
    void keepsQos2InboundPacketIdsUntilPubrel_mqtt5_4_3_3() {
        BrokerStore s = store();
        commit(s.batch().addInboundQos2("c1", 300).addInboundQos2("c1", 2).addInboundQos2("c1", 65535));
        assertThat(s.inboundQos2PacketIds("c1")).containsExactly(2, 300, 65535);
        commit(s.batch().removeInboundQos2("c1", 300).removeInboundQos2("c1", 301));
        assertThat(s.inboundQos2PacketIds("c1")).containsExactly(2, 65535);
        assertThat(s.inboundQos2PacketIds("c2")).isEmpty();
    }

    @Test
    void rejectsPacketIdZero_mqtt5_2_2_1() {
        BrokerStore s = store();
        assertThatThrownBy(() -> s.batch().addInboundQos2("c1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.batch().markPublishSent("c1", 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.batch().markPublishSent("c1", 1, 65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replacesAndRemovesRetainedMessages_mqtt5_3_3_1_3() {
        BrokerStore s = store();
        StoredMessage a1 = message("a", "1");
        StoredMessage a2 = message("a", "2");
        StoredMessage b = message("b/c", "3");
        commit(s.batch().putRetained(a1).putRetained(b));
        commit(s.batch().putRetained(a2));
        assertThat(s.retained("a")).contains(a2);
        assertThat(s.retainedMessages()).containsExactly(a2, b);
        commit(s.batch().removeRetained("a").removeRetained("never"));
        assertThat(s.retained("a")).isEmpty();
        assertThat(s.retainedMessages()).containsExactly(b);
    }

    @Test
    void ordersRetainedMessagesByUtf8BytesOfTopic() {
        BrokerStore s = store();
        // U+FF5E sorts before U+1F600 in UTF-8 but after it in UTF-16.
        StoredMessage high = message("\uD83D\uDE00", "emoji");
        StoredMessage low = message("\uFF5E", "tilde");
        commit(s.batch().putRetained(high).putRetained(low));
        assertThat(s.retainedMessages()).containsExactly(low, high);
    }

    @Test
    void fanOutToManySessionsAndRetainedUpdateIsOneCommit() {
        BrokerStore s = store();
        StoredMessage m = message("news", "hello");
        StoreBatch b = s.batch().putRetained(m);
        for (int i = 0; i < 50; i++) {
            b.enqueue("sub-" + i, m);
        }
        b.addInboundQos2("publisher", 9);
        CommitResult r = commit(b);
        assertThat(r.enqueueCount()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            assertThat(s.queue("sub-" + i)).singleElement().extracting(OutboundEntry::sequence)
                    .isEqualTo(r.sequence(i));
        }
        assertThat(s.retained("news")).contains(m);
        assertThat(s.inboundQos2PacketIds("publisher")).containsExactly(9);
    }

    @Test
    void removeSessionDiscardsQueueAndInboundStateButNotOtherClients_mqtt5_4_1() {
        BrokerStore s = store();
        long seq = commit(s.batch().putSession(session("c1")).enqueue("c1", message("t", "m"))
                .enqueue("c2", message("t", "n")).addInboundQos2("c1", 5)).sequence(0);
        commit(s.batch().markPublishSent("c1", seq, 1));
        commit(s.batch().removeSession("c1"));
        assertThat(s.session("c1")).isEmpty();
        assertThat(s.queue("c1")).isEmpty();
        assertThat(s.queueDepth("c1")).isZero();
        assertThat(s.inboundQos2PacketIds("c1")).isEmpty();
        assertThat(s.queue("c2")).hasSize(1);
    }

    @Test
    void cleanStartInOneBatchReplacesOldSession_mqtt5_3_1_2_4() {
        BrokerStore s = store();
        commit(s.batch().putSession(session("c1")).enqueue("c1", message("t", "old")));
        SessionState fresh = new SessionState("c1", 5, 0, SessionState.CONNECTED, List.of(), Optional.empty());
        commit(s.batch().removeSession("c1").putSession(fresh).enqueue("c1", message("t", "new")));
        assertThat(s.session("c1")).contains(fresh);
        assertThat(s.queue("c1")).extracting(BrokerStoreContract::payload).containsExactly("new");
    }

    @Test
    void reportsSessionsWhoseExpiryPassed_mqtt5_3_1_2_11_2() {
        BrokerStore s = store();
        SessionState expiresAt11s = new SessionState("short", 5, 10, 1_000, List.of(), Optional.empty());
        SessionState never = new SessionState("never", 5, SessionState.NEVER_EXPIRES, 1_000, List.of(),
                Optional.empty());
        SessionState connected = new SessionState("online", 5, 0, SessionState.CONNECTED, List.of(),
                Optional.empty());
        commit(s.batch().putSession(expiresAt11s).putSession(never).putSession(connected));
        assertThat(s.expiredSessions(10_999)).isEmpty();
        assertThat(s.expiredSessions(11_000)).containsExactly(expiresAt11s);
        assertThat(s.expiredSessions(Long.MAX_VALUE - 1)).containsExactly(expiresAt11s);
    }

    @Test
    void batchCommitsOnlyOnce() {
        StoreBatch b = store().batch().enqueue("c1", message("t", "m"));
        b.commit().join();
        assertThatThrownBy(b::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.enqueue("c1", message("t", "m"))).isInstanceOf(IllegalStateException.class);
        assertThat(store().queueDepth("c1")).isEqualTo(1);
    }

    @Test
    void commitAfterCloseFails() {
        BrokerStore s = store();
        StoreBatch b = s.batch().enqueue("c1", message("t", "m"));
        s.close();
        assertThatThrownBy(() -> b.commit().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::batch).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void emptyBatchCommits() {
        CommitResult r = commit(store().batch());
        assertThat(r.enqueueCount()).isZero();
        assertThat(r.overflows()).isEmpty();
    }

    @Test
    void enqueueSentStartsInFlightInTheSameCommit() {
        BrokerStore s = store(2, OverflowPolicy.DROP_OLDEST);
        CommitResult r = commit(s.batch().enqueue("offline", message("t", "m")).enqueueSent("online", message("t", "m"), 9)
                .enqueueSent("online", message("t", "n"), 10));
        assertThat(s.queue("online")).extracting(OutboundEntry::sequence, OutboundEntry::state, OutboundEntry::packetId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(r.sequence(1), DeliveryState.PUBLISH_SENT, 9),
                        org.assertj.core.groups.Tuple.tuple(r.sequence(2), DeliveryState.PUBLISH_SENT, 10));
        assertThat(s.queue("offline")).singleElement().extracting(OutboundEntry::state).isEqualTo(DeliveryState.QUEUED);
        // Both entries are in flight, so DROP_OLDEST has nothing it may drop.
        CommitResult full = commit(s.batch().enqueueSent("online", message("t", "o"), 11));
        assertThat(full.sequence(0)).isEqualTo(QueueOverflow.NEW_MESSAGE);
        commit(s.batch().markPubrelSent("online", r.sequence(1)));
        assertThat(s.queue("online").get(0)).extracting(OutboundEntry::state, OutboundEntry::packetId)
                .containsExactly(DeliveryState.PUBREL_SENT, 9);
    }
}
