package io.mqttd.mqtt.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model-based test: random sequences of batches applied to the RocksDB store and to the in-memory
 * store (the model) leave the same observable state after every commit, also across reopens of
 * the RocksDB store. Sequence numbers are not compared, because after a reopen RocksDB continues
 * after the highest stored sequence while the model continues its own counter; entries are
 * addressed by their position in the queue instead.
 */
class StoreModelProperties {
    private static final List<String> CLIENTS = List.of("a", "ab", "b", "\u20ac");
    private static final List<String> TOPICS = List.of("t", "t/1", "\uff5e", "\uD83D\uDE00");

    /** One change, with queue entries addressed by position (resolved separately in each store). */
    sealed interface Op {
    }

    record PutSession(SessionState session) implements Op {
    }

    record RemoveSession(String clientId) implements Op {
    }

    record Enqueue(String clientId, StoredMessage message) implements Op {
    }

    record EnqueueSent(String clientId, StoredMessage message, int packetId) implements Op {
    }

    record MarkPublishSent(String clientId, int position, int packetId) implements Op {
    }

    record MarkPubrelSent(String clientId, int position) implements Op {
    }

    record RemoveOutbound(String clientId, int position) implements Op {
    }

    record AddInbound(String clientId, int packetId) implements Op {
    }

    record RemoveInbound(String clientId, int packetId) implements Op {
    }

    record PutRetained(StoredMessage message) implements Op {
    }

    record RemoveRetained(String topic) implements Op {
    }

    /** A batch of ops, or (when empty) a close and reopen of the RocksDB store. */
    record Step(List<Op> ops) {
        boolean isReopen() {
            return ops.isEmpty();
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> client = Arbitraries.of(CLIENTS);
        // Queue operations concentrate on two clients so that queues fill, overflow and go in flight.
        Arbitrary<String> queued = Arbitraries.of("a", "ab");
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> packetId = Arbitraries.integers().between(1, 4);
        Arbitrary<StoredMessage> message = Combinators.combine(StoreArbitraries.messages(), Arbitraries.of(TOPICS))
                .as((m, topic) -> new StoredMessage(topic, m.payload(), m.qos(), m.retain(), m.properties(),
                        m.expiresAtMillis(), m.publisherClientId()));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, StoreArbitraries.sessions(client).map(PutSession::new)),
                net.jqwik.api.Tuple.of(1, client.map(RemoveSession::new)),
                net.jqwik.api.Tuple.of(6, Combinators.combine(queued, message).as(Enqueue::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(queued, message, packetId).as(EnqueueSent::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(queued, position, packetId).as(MarkPublishSent::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(queued, position).as(MarkPubrelSent::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(queued, position).as(RemoveOutbound::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(client, packetId).as(AddInbound::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(client, packetId).as(RemoveInbound::new)),
                net.jqwik.api.Tuple.of(2, message.map(PutRetained::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(TOPICS).map(RemoveRetained::new)));
        Arbitrary<Step> batch = op.list().ofMinSize(1).ofMaxSize(4).map(Step::new);
        Arbitrary<Step> reopen = Arbitraries.just(new Step(List.of()));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, batch), net.jqwik.api.Tuple.of(1, reopen))
                .list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 25)
    void rocksDbStoreBehavesLikeTheModel(@ForAll("steps") List<Step> steps,
            @ForAll OverflowPolicy policy) throws IOException {
        Path dir = Files.createTempDirectory("store-model");
        StoreConfig config = StoreConfig.defaults().withDataDirectory(dir).withDurability(Durability.NONE)
                .withQueueLimit(3, policy);
        BrokerStore model = new InMemoryBrokerStore(config);
        BrokerStore rocks = RocksDbBrokerStore.open(config);
        try {
            for (Step step : steps) {
                if (step.isReopen()) {
                    rocks.close();
                    rocks = RocksDbBrokerStore.open(config);
                } else {
                    CommitResult expected = build(model, step).commit().join();
                    CommitResult actual = build(rocks, step).commit().join();
                    assertThat(overflowShape(actual)).isEqualTo(overflowShape(expected));
                    assertThat(actual.enqueueCount()).isEqualTo(expected.enqueueCount());
                }
                assertSameState(model, rocks);
            }
        } finally {
            rocks.close();
            model.close();
            deleteRecursively(dir);
        }
    }

    private static StoreBatch build(BrokerStore store, Step step) {
        StoreBatch batch = store.batch();
        for (Op op : step.ops()) {
            if (op instanceof PutSession p) {
                batch.putSession(p.session());
            } else if (op instanceof RemoveSession r) {
                batch.removeSession(r.clientId());
            } else if (op instanceof Enqueue e) {
                batch.enqueue(e.clientId(), e.message());
            } else if (op instanceof EnqueueSent e) {
                batch.enqueueSent(e.clientId(), e.message(), e.packetId());
            } else if (op instanceof MarkPublishSent m) {
                batch.markPublishSent(m.clientId(), sequenceAt(store, m.clientId(), m.position()), m.packetId());
            } else if (op instanceof MarkPubrelSent m) {
                batch.markPubrelSent(m.clientId(), sequenceAt(store, m.clientId(), m.position()));
            } else if (op instanceof RemoveOutbound r) {
                batch.removeOutbound(r.clientId(), sequenceAt(store, r.clientId(), r.position()));
            } else if (op instanceof AddInbound a) {
                batch.addInboundQos2(a.clientId(), a.packetId());
            } else if (op instanceof RemoveInbound r) {
                batch.removeInboundQos2(r.clientId(), r.packetId());
            } else if (op instanceof PutRetained p) {
                batch.putRetained(p.message());
            } else if (op instanceof RemoveRetained r) {
                batch.removeRetained(r.topic());
            }
        }
        return batch;
    }

    /** The sequence at a position of the committed queue; past the end, one that does not exist. */
    private static long sequenceAt(BrokerStore store, String clientId, int position) {
        List<OutboundEntry> queue = store.queue(clientId);
        return position < queue.size() ? queue.get(position).sequence() : Long.MAX_VALUE - position;
    }

    /** Overflows without sequences: which clients lost which kind of message. */
    private static List<String> overflowShape(CommitResult result) {
        List<String> shape = new ArrayList<>();
        for (QueueOverflow o : result.overflows()) {
            shape.add(o.clientId() + "/" + o.policy() + "/" + o.droppedNewMessage());
        }
        for (int i = 0; i < result.enqueueCount(); i++) {
            shape.add(result.sequence(i) == QueueOverflow.NEW_MESSAGE ? "dropped" : "stored");
        }
        return shape;
    }

    private static void assertSameState(BrokerStore model, BrokerStore rocks) {
        Comparator<SessionState> byId = Comparator.comparing(SessionState::clientId);
        assertThat(sorted(rocks.sessions(), byId)).isEqualTo(sorted(model.sessions(), byId));
        for (String c : CLIENTS) {
            assertThat(rocks.session(c)).isEqualTo(model.session(c));
            assertThat(withoutSequences(rocks.queue(c))).as("queue of %s", c).isEqualTo(withoutSequences(model.queue(c)));
            assertThat(rocks.queueDepth(c)).isEqualTo(model.queueDepth(c));
            assertThat(rocks.queue(c)).extracting(OutboundEntry::sequence).isSorted();
            assertThat(rocks.inboundQos2PacketIds(c)).isEqualTo(model.inboundQos2PacketIds(c));
        }
        assertThat(rocks.retainedMessages()).isEqualTo(model.retainedMessages());
        for (String t : TOPICS) {
            assertThat(rocks.retained(t)).isEqualTo(model.retained(t));
        }
    }

    private static List<OutboundEntry> withoutSequences(List<OutboundEntry> queue) {
        List<OutboundEntry> out = new ArrayList<>();
        for (OutboundEntry e : queue) {
            out.add(new OutboundEntry(0, e.state(), e.packetId(), e.message()));
        }
        return out;
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        List<T> copy = new ArrayList<>(list);
        copy.sort(order);
        return copy;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
