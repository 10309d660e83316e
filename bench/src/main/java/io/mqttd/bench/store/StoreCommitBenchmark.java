package io.mqttd.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import io.mqttd.mqtt.server.store.BrokerStore;
import io.mqttd.mqtt.server.store.Durability;
import io.mqttd.mqtt.server.store.InMemoryBrokerStore;
import io.mqttd.mqtt.server.store.OverflowPolicy;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.server.store.RocksDbBrokerStore;
import io.mqttd.mqtt.server.store.StoreConfig;
import io.mqttd.mqtt.server.store.StoredMessage;

/**
 * Commits per second of the broker store: each committer thread enqueues one QoS 1 message with a
 * 100-byte payload for its own offline client and waits for the commit to complete, as a broker
 * waits before sending PUBACK. Runs SYNC, GROUP_COMMIT with 1, 8 and 64 concurrent committers,
 * NONE, and the in-memory store as the ceiling. A main class rather than JMH because the figure of
 * interest is throughput across many blocking threads plus fsyncs per commit, not a per-call time.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.mqttd.bench.store.StoreCommitBenchmark
 * [seconds-per-run] [rounds] [data-directory]}.
 */
public final class StoreCommitBenchmark {
    private static final int PAYLOAD_BYTES = 100;

    private StoreCommitBenchmark() {
    }

    record Scenario(String store, Durability durability, int committers) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("store-bench");
        List<Scenario> scenarios = List.of(
                new Scenario("rocksdb", Durability.SYNC, 1),
                new Scenario("rocksdb", Durability.SYNC, 8),
                new Scenario("rocksdb", Durability.GROUP_COMMIT, 1),
                new Scenario("rocksdb", Durability.GROUP_COMMIT, 8),
                new Scenario("rocksdb", Durability.GROUP_COMMIT, 64),
                new Scenario("rocksdb", Durability.NONE, 1),
                new Scenario("rocksdb", Durability.NONE, 8),
                new Scenario("memory", Durability.NONE, 1));
        // Rounds interleave the scenarios, so that a slow spell of a shared disk hits all of them.
        Row[][] rows = new Row[scenarios.size()][rounds];
        System.out.printf(Locale.ROOT, "%-6s %-8s %-13s %10s %12s %14s %10s %10s %14s%n", "round", "store",
                "durability", "committers", "commits/s", "commits/fsync", "p50 us", "p99 us", "B alloc/commit");
        int run = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario s = scenarios.get(i);
                Row row = runOne(s, seconds, base.resolve("run" + run++));
                rows[i][round] = row;
                System.out.printf(Locale.ROOT, "%-6d %-8s %-13s %10d %12.0f %14s %10.0f %10.0f %14.0f%n", round + 1,
                        s.store(), s.durability(), s.committers(), row.commitsPerSecond,
                        Double.isNaN(row.commitsPerSync) ? "-" : String.format(Locale.ROOT, "%.1f", row.commitsPerSync),
                        row.p50Micros, row.p99Micros, row.bytesPerCommit);
            }
        }
        System.out.printf(Locale.ROOT, "%nmedian of %d rounds%n%-8s %-13s %10s %12s %14s %14s%n", rounds, "store",
                "durability", "committers", "commits/s", "commits/fsync", "B alloc/commit");
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            double perSync = median(rows[i], r -> r.commitsPerSync);
            System.out.printf(Locale.ROOT, "%-8s %-13s %10d %12.0f %14s %14.0f%n", s.store(), s.durability(),
                    s.committers(), median(rows[i], r -> r.commitsPerSecond),
                    Double.isNaN(perSync) ? "-" : String.format(Locale.ROOT, "%.1f", perSync),
                    median(rows[i], r -> r.bytesPerCommit));
        }
        deleteRecursively(base);
    }

    record Row(double commitsPerSecond, double commitsPerSync, double p50Micros, double p99Micros,
            double bytesPerCommit) {
    }

    private static double median(Row[] rows, java.util.function.ToDoubleFunction<Row> metric) {
        double[] values = Arrays.stream(rows).mapToDouble(metric).sorted().toArray();
        return values[values.length / 2];
    }

    private static Row runOne(Scenario s, int seconds, Path dir) throws Exception {
        StoreConfig config = StoreConfig.defaults().withDataDirectory(dir).withDurability(s.durability())
                .withQueueLimit(Integer.MAX_VALUE, OverflowPolicy.DROP_NEWEST);
        BrokerStore store = s.store().equals("memory") ? new InMemoryBrokerStore(config) : RocksDbBrokerStore.open(config);
        try {
            measure(store, s, 1, false);
            long syncsBefore = store instanceof RocksDbBrokerStore r ? r.groupCommitSyncs() : 0;
            Result result = measure(store, s, seconds, true);
            long syncs = (store instanceof RocksDbBrokerStore r ? r.groupCommitSyncs() : 0) - syncsBefore;
            // SYNC fsyncs in every commit by construction; NONE and memory never do.
            double perSync = s.durability() == Durability.GROUP_COMMIT && syncs > 0 ? (double) result.commits / syncs
                    : s.durability() == Durability.SYNC ? 1.0 : Double.NaN;
            return new Row(result.commits / result.seconds, perSync, result.p50Nanos / 1e3, result.p99Nanos / 1e3,
                    (double) result.allocatedBytes / result.commits);
        } finally {
            store.close();
            deleteRecursively(dir);
        }
    }

    /** {@code allocatedBytes}: heap allocated by the committer threads only (the group committer's share not counted). */
    record Result(long commits, double seconds, long p50Nanos, long p99Nanos, long allocatedBytes) {
    }

    private static Result measure(BrokerStore store, Scenario s, int seconds, boolean record) throws Exception {
        LongAdder commits = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        long[][] latencies = new long[s.committers()][];
        int[] counts = new int[s.committers()];
        Thread[] threads = new Thread[s.committers()];
        long[] end = new long[1];
        long[] allocated = new long[s.committers()];
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            latencies[t] = new long[1 << 16];
            threads[t] = new Thread(() -> {
                String client = "client-" + id;
                byte[] payload = new byte[PAYLOAD_BYTES];
                Arrays.fill(payload, (byte) id);
                StoredMessage m = StoredMessage.of("bench/topic", payload, Qos.AT_LEAST_ONCE, false, "publisher");
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long[] lat = latencies[id];
                int n = 0;
                long allocatedBefore = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end[0]) {
                        break;
                    }
                    store.batch().enqueue(client, m).commit().join();
                    long t1 = System.nanoTime();
                    // A reservoir of the first 65,536 latencies per thread is plenty for p50/p99.
                    if (n < lat.length) {
                        lat[n++] = t1 - t0;
                    }
                    commits.increment();
                }
                counts[id] = n;
                allocated[id] = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
            }, "committer-" + t);
            threads[t].start();
        }
        long t0 = System.nanoTime();
        end[0] = t0 + seconds * 1_000_000_000L;
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (!record) {
            return null;
        }
        List<Long> all = new ArrayList<>();
        for (int t = 0; t < threads.length; t++) {
            for (int i = 0; i < counts[t]; i++) {
                all.add(latencies[t][i]);
            }
        }
        all.sort(Comparator.naturalOrder());
        long p50 = all.isEmpty() ? 0 : all.get(all.size() / 2);
        long p99 = all.isEmpty() ? 0 : all.get((int) (all.size() * 0.99));
        return new Result(commits.sum(), elapsed, p50, p99, Arrays.stream(allocated).sum());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
