package io.mqttd.mqtt.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link RetainedTree} against a map of topics filtered with the naive matcher. */
class RetainedTreeProperties {
    private final SubscriptionTrieProperties shapes = new SubscriptionTrieProperties();

    record Op(boolean put, String topic) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.of(true, true, false), shapes.topics()).as(Op::new).list().ofMaxSize(50);
    }

    @Provide
    Arbitrary<String> filters() {
        return shapes.filters();
    }

    @Property(tries = 500)
    void findsExactlyTheRetainedTopicsTheFilterMatches(@ForAll("operations") List<Op> ops, @ForAll("filters") String filter) {
        RetainedTree<String> tree = new RetainedTree<>();
        Map<String, String> model = new HashMap<>();
        for (Op op : ops) {
            if (op.put) {
                assertThat(tree.put(op.topic, op.topic)).isEqualTo(model.put(op.topic, op.topic));
            } else {
                assertThat(tree.remove(op.topic)).isEqualTo(model.remove(op.topic));
            }
        }
        assertThat(tree.size()).isEqualTo(model.size());
        Set<String> expected = new HashSet<>();
        for (String t : model.keySet()) {
            if (SubscriptionTrieProperties.naiveMatches(filter, t)) {
                expected.add(t);
            }
        }
        List<String> got = new ArrayList<>();
        tree.forEachMatching(filter, got::add);
        assertThat(got).doesNotHaveDuplicates();
        assertThat(new HashSet<>(got)).isEqualTo(expected);
    }
}
