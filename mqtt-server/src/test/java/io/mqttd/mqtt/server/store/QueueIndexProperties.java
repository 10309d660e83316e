package io.mqttd.mqtt.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The compact per-client queue index (parallel arrays with tombstones) answers every query like a
 * {@code TreeMap} of the same entries, through appends, state changes, removals from the head and
 * from the middle, compactions and growth.
 */
class QueueIndexProperties {

    /** kind 0: append (sequence gap {@code a}); 1: change state at position {@code a}; 2: remove at position {@code a}; 3: remove from head. */
    record Op(int kind, int a, int packed) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> packed = Combinators.combine(Arbitraries.of(DeliveryState.class),
                Arbitraries.integers().between(0, 65535)).as(QueueIndex::pack);
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 40), packed)
                .as(Op::new).list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void compactIndexAgreesWithATreeMap(@ForAll("ops") List<Op> ops) {
        QueueIndex.ClientQueue queue = new QueueIndex.ClientQueue();
        TreeMap<Long, Integer> model = new TreeMap<>();
        long next = 1;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    next += op.a() % 3;
                    queue.put(next, op.packed());
                    model.put(next, op.packed());
                    next++;
                }
                case 1 -> {
                    long seq = at(model, op.a(), next);
                    if (model.containsKey(seq)) {
                        queue.put(seq, op.packed());
                        model.put(seq, op.packed());
                    }
                }
                case 2 -> {
                    long seq = at(model, op.a(), next);
                    assertThat(queue.remove(seq)).isEqualTo(model.remove(seq) != null);
                }
                default -> {
                    if (!model.isEmpty()) {
                        long seq = model.firstKey();
                        assertThat(queue.remove(seq)).isTrue();
                        model.remove(seq);
                    }
                }
            }
            assertAgrees(queue, model, next);
        }
    }

    /** The sequence at a position of the model, or one that was never used when past the end. */
    private static long at(TreeMap<Long, Integer> model, int position, long next) {
        int i = 0;
        for (long seq : model.keySet()) {
            if (i++ == position) {
                return seq;
            }
        }
        return next + position;
    }

    private static void assertAgrees(QueueIndex.ClientQueue queue, TreeMap<Long, Integer> model, long next) {
        assertThat(queue.depth()).isEqualTo(model.size());
        long oldestQueued = -1;
        for (Map.Entry<Long, Integer> e : model.entrySet()) {
            if (QueueIndex.stateOf(e.getValue()) == DeliveryState.QUEUED) {
                oldestQueued = e.getKey();
                break;
            }
        }
        assertThat(queue.oldestQueued()).isEqualTo(oldestQueued);
        for (long seq = 0; seq <= next; seq++) {
            Integer expected = model.get(seq);
            assertThat(queue.packed(seq)).isEqualTo(expected == null ? -1 : expected);
            assertThat(queue.contains(seq)).isEqualTo(expected != null);
        }
    }

    @Property(tries = 100)
    void outOfOrderPutsStillKeepTheIndexSorted(@ForAll("sequences") List<Long> sequences) {
        QueueIndex.ClientQueue queue = new QueueIndex.ClientQueue();
        TreeMap<Long, Integer> model = new TreeMap<>();
        for (long seq : sequences) {
            queue.put(seq, QueueIndex.pack(DeliveryState.QUEUED, 0));
            model.put(seq, QueueIndex.pack(DeliveryState.QUEUED, 0));
        }
        assertThat(queue.depth()).isEqualTo(model.size());
        for (long seq : model.keySet()) {
            assertThat(queue.contains(seq)).isTrue();
        }
        assertThat(queue.oldestQueued()).isEqualTo(model.isEmpty() ? -1 : model.firstKey());
    }

    @Provide
    Arbitrary<List<Long>> sequences() {
        return Arbitraries.longs().between(1, 100).list().ofMaxSize(60);
    }
}
