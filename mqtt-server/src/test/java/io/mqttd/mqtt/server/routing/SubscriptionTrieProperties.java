package io.mqttd.mqtt.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/**
 * The trie and {@link TopicFilters} against a naive matcher written independently from the spec
 * text (§4.7): a regular expression per filter.
 */
class SubscriptionTrieProperties {

    /** §4.7.1: '+' is one level (possibly empty), '#' the parent and any levels below; MQTT-4.7.2-1 for '$'. */
    static boolean naiveMatches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        StringBuilder re = new StringBuilder();
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.equals("#")) {
                // "a/#" matches "a" too: the separator before '#' is optional.
                if (i > 0) {
                    re.setLength(re.length() - 1);
                    re.append("(/.*)?");
                } else {
                    re.append(".*");
                }
                break;
            }
            re.append(l.equals("+") ? "[^/]*" : Pattern.quote(l));
            if (i < levels.length - 1) {
                re.append('/');
            }
        }
        return Pattern.matches(re.toString(), topic);
    }

    private static final List<String> LEVELS = List.of("a", "b", "c", "", "$s", "long-level-name");

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(LEVELS).list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l))
                .filter(t -> !t.isEmpty());
    }

    @Provide
    Arbitrary<String> filters() {
        Arbitrary<String> level = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(LEVELS)), net.jqwik.api.Tuple.of(3, Arbitraries.just("+")));
        return Combinators.combine(level.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false, false))
                .as((ls, hash) -> {
                    List<String> all = new ArrayList<>(ls);
                    if (hash) {
                        all.add("#");
                    }
                    return String.join("/", all);
                }).filter(f -> !f.isEmpty());
    }

    @Property(tries = 2000)
    void topicFiltersMatchesAgreesWithNaiveMatcher(@ForAll("filters") String filter, @ForAll("topics") String topic) {
        assertThat(TopicFilters.matches(filter, topic)).as("%s vs %s", filter, topic).isEqualTo(naiveMatches(filter, topic));
    }

    @Property(tries = 300)
    void trieMatchesExactlyTheFiltersTheNaiveMatcherMatches(@ForAll("subscriptionSets") List<String> filters,
            @ForAll("topics") String topic) {
        SubscriptionTrie<Integer, String> trie = new SubscriptionTrie<>();
        for (int i = 0; i < filters.size(); i++) {
            trie.subscribe(filters.get(i), i, filters.get(i));
        }
        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < filters.size(); i++) {
            if (naiveMatches(filters.get(i), topic)) {
                expected.add(i);
            }
        }
        assertThat(match(trie, topic)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<String>> subscriptionSets() {
        return filters().list().ofMaxSize(30);
    }

    @Property(tries = 200)
    void subscribeUnsubscribeSequencesKeepTrieEqualToModel(@ForAll("operations") List<Op> ops, @ForAll("topics") String topic) {
        SubscriptionTrie<Integer, String> trie = new SubscriptionTrie<>();
        Map<Integer, Set<String>> model = new HashMap<>();
        for (Op op : ops) {
            Set<String> subs = model.computeIfAbsent(op.subscriber, k -> new HashSet<>());
            if (op.subscribe) {
                assertThat(trie.subscribe(op.filter, op.subscriber, op.filter)).isEqualTo(subs.add(op.filter));
            } else {
                assertThat(trie.unsubscribe(op.filter, op.subscriber)).isEqualTo(subs.remove(op.filter));
            }
        }
        Set<Integer> expected = new HashSet<>();
        int size = 0;
        for (Map.Entry<Integer, Set<String>> e : model.entrySet()) {
            size += e.getValue().size();
            for (String f : e.getValue()) {
                if (naiveMatches(f, topic)) {
                    expected.add(e.getKey());
                }
            }
        }
        assertThat(trie.size()).isEqualTo(size);
        assertThat(match(trie, topic)).isEqualTo(expected);
    }

    record Op(boolean subscribe, int subscriber, String filter) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.integers().between(0, 4), filters())
                .as(Op::new).list().ofMaxSize(60);
    }

    @Example
    void sharedGroupDeliversEachMessageToExactlyOneMemberInTurn_4_8_2() {
        SubscriptionTrie<Integer, String> trie = new SubscriptionTrie<>();
        for (int m = 0; m < 3; m++) {
            trie.subscribe("$share/g/a/+", m, "v" + m);
        }
        trie.subscribe("$share/h/a/#", 9, "other group");
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<Integer> got = new ArrayList<>();
            trie.match("a/x", new MatchVisitor<>() {
                @Override
                public void subscription(Integer s, String v) {
                    got.add(s);
                }

                @Override
                public void sharedGroup(SharedGroup<Integer, String> g) {
                    got.add(g.subscriber(g.next()));
                }
            });
            assertThat(got).hasSize(2).contains(9);
            got.remove(Integer.valueOf(9));
            picked.add(got.get(0));
        }
        assertThat(picked).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(trie.unsubscribe("$share/g/a/+", 1)).isTrue();
        assertThat(trie.subscribers("$share/g/a/+")).containsOnlyKeys(0, 2);
    }

    @Example
    void emptyBranchesArePrunedOnUnsubscribe() {
        SubscriptionTrie<Integer, String> trie = new SubscriptionTrie<>();
        trie.subscribe("a/b/c", 1, "x");
        trie.unsubscribe("a/b/c", 1);
        assertThat(trie.size()).isZero();
        assertThat(match(trie, "a/b/c")).isEmpty();
        trie.subscribe("a/b/c", 2, "y");
        assertThat(match(trie, "a/b/c")).containsExactly(2);
    }

    private static Set<Integer> match(SubscriptionTrie<Integer, String> trie, String topic) {
        Set<Integer> got = new HashSet<>();
        trie.match(topic, new MatchVisitor<>() {
            @Override
            public void subscription(Integer subscriber, String value) {
                got.add(subscriber);
            }

            @Override
            public void sharedGroup(SharedGroup<Integer, String> group) {
                throw new AssertionError("no shared subscriptions here");
            }
        });
        return got;
    }
}
