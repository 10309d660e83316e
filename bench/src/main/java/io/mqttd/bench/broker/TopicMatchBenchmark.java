package io.mqttd.bench.broker;

import io.mqttd.mqtt.server.routing.MatchVisitor;
import io.mqttd.mqtt.server.routing.SharedGroup;
import io.mqttd.mqtt.server.routing.SubscriptionTrie;
import io.mqttd.mqtt.server.routing.TopicFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Topic matching for the broker's routing: 10,000 subscriptions with mixed wildcards (70% exact,
 * 20% with '+', 10% ending in '#', over a 4-level topic space like {@code site/building/device/metric}),
 * matched against topic names drawn from the same space. {@code trie} is {@link SubscriptionTrie};
 * {@code linearScan} tests every filter with {@link TopicFilters#matches}, the peer a naive broker
 * would use, measured in the same run for a ratio. Reports ns per match; run with {@code -prof gc}
 * for bytes per match (the visitor here counts and allocates nothing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicMatchBenchmark {

    @Param({"10000"})
    int subscriptions;

    private final SubscriptionTrie<Integer, String> trie = new SubscriptionTrie<>();
    private final List<String> filters = new ArrayList<>();
    private String[] topics;
    private int next;

    /** Counts matches; the result is returned so the JIT cannot drop the work. */
    static final class Counter implements MatchVisitor<Integer, String> {
        int count;

        @Override
        public void subscription(Integer subscriber, String value) {
            count++;
        }

        @Override
        public void sharedGroup(SharedGroup<Integer, String> group) {
            count++;
        }
    }

    private final Counter counter = new Counter();

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < subscriptions; i++) {
            String site = "site" + r.nextInt(20);
            String building = "b" + r.nextInt(25);
            String device = "dev" + r.nextInt(50);
            String metric = "m" + r.nextInt(10);
            int kind = r.nextInt(10);
            String f;
            if (kind < 7) {
                f = site + "/" + building + "/" + device + "/" + metric;
            } else if (kind < 9) {
                f = r.nextBoolean() ? site + "/+/" + device + "/" + metric : site + "/" + building + "/+/" + metric;
            } else {
                f = r.nextBoolean() ? site + "/" + building + "/#" : site + "/#";
            }
            filters.add(f);
            trie.subscribe(f, i, f);
        }
        topics = new String[1024];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = "site" + r.nextInt(20) + "/b" + r.nextInt(25) + "/dev" + r.nextInt(50) + "/m" + r.nextInt(10);
        }
    }

    @Benchmark
    public int trie() {
        String topic = topics[next++ & (topics.length - 1)];
        counter.count = 0;
        trie.match(topic, counter);
        return counter.count;
    }

    @Benchmark
    public int linearScan() {
        String topic = topics[next++ & (topics.length - 1)];
        int count = 0;
        for (int i = 0, n = filters.size(); i < n; i++) {
            if (TopicFilters.matches(filters.get(i), topic)) {
                count++;
            }
        }
        return count;
    }
}
