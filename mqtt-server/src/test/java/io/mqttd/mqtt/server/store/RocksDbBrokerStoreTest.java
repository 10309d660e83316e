package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** The store contract on RocksDB, plus what only a disk store has: recovery, locking, corruption. */
class RocksDbBrokerStoreTest extends BrokerStoreContract {
    @TempDir
    Path dir;
    private int opened;

    @Override
    BrokerStore open(StoreConfig config) {
        // A fresh directory per open: some contract tests open a second store with other limits.
        return RocksDbBrokerStore.open(config.withDataDirectory(dir.resolve("db" + opened++)));
    }

    private StoreConfig config(Path directory) {
        return StoreConfig.defaults().withDataDirectory(directory);
    }

    @Test
    void reopenRecoversEverything() {
        Path db = dir.resolve("reopen");
        SessionState session = session("c1").disconnectedAt(5_000);
        StoredMessage retained = new StoredMessage("r/1", new byte[] {1}, Qos.AT_LEAST_ONCE, true, new byte[] {2, 3},
                99L, "c9");
        long s0;
        long s1;
        long s2;
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            CommitResult r = commit(s.batch().putSession(session).enqueue("c1", message("t", "m0"))
                    .enqueue("c1", message("t", "m1")).enqueue("c1", message("t", "m2"))
                    .addInboundQos2("c1", 17).putRetained(retained));
            s0 = r.sequence(0);
            s1 = r.sequence(1);
            s2 = r.sequence(2);
            commit(s.batch().markPublishSent("c1", s0, 11).markPublishSent("c1", s1, 12));
            commit(s.batch().markPubrelSent("c1", s0));
        }
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            assertThat(s.session("c1")).contains(session);
            assertThat(s.queue("c1")).extracting(OutboundEntry::sequence, OutboundEntry::state, OutboundEntry::packetId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(s0, DeliveryState.PUBREL_SENT, 11),
                            org.assertj.core.groups.Tuple.tuple(s1, DeliveryState.PUBLISH_SENT, 12),
                            org.assertj.core.groups.Tuple.tuple(s2, DeliveryState.QUEUED, 0));
            assertThat(s.queue("c1")).extracting(BrokerStoreContract::payload).containsExactly("m0", "m1", "m2");
            assertThat(s.queueDepth("c1")).isEqualTo(3);
            assertThat(s.inboundQos2PacketIds("c1")).containsExactly(17);
            assertThat(s.retainedMessages()).containsExactly(retained);

            // Sequences continue after the highest stored one, and the recovered index enforces the bound.
            long next = commit(s.batch().enqueue("c1", message("t", "m3"))).sequence(0);
            assertThat(next).isGreaterThan(s2);
            commit(s.batch().markPubrelSent("c1", s1).removeOutbound("c1", s0));
            assertThat(s.queue("c1")).extracting(OutboundEntry::sequence).containsExactly(s1, s2, next);
        }
    }

    @Test
    void reopenedQueueKeepsItsBoundAndDropsOldestQueued() {
        Path db = dir.resolve("bound");
        StoreConfig cfg = config(db).withQueueLimit(2, OverflowPolicy.DROP_OLDEST);
        long first;
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(cfg)) {
            first = commit(s.batch().enqueue("c", message("t", "a")).enqueue("c", message("t", "b"))).sequence(0);
        }
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(cfg)) {
            CommitResult r = commit(s.batch().enqueue("c", message("t", "c")));
            assertThat(r.overflows()).containsExactly(new QueueOverflow("c", OverflowPolicy.DROP_OLDEST, first));
            assertThat(s.queue("c")).extracting(BrokerStoreContract::payload).containsExactly("b", "c");
        }
    }

    @Test
    void secondOpenOfALockedDirectoryFailsClearly() {
        Path db = dir.resolve("locked");
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            assertThat(s.directory()).isEqualTo(db.toAbsolutePath());
            assertThatThrownBy(() -> RocksDbBrokerStore.open(config(db)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is locked");
        }
        // Released on close.
        RocksDbBrokerStore.open(config(db)).close();
    }

    @Test
    void unusableDataDirectoryFailsClearly() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> RocksDbBrokerStore.open(config(file)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> RocksDbBrokerStore.open(config(file.resolve("below"))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot be created");
    }

    @Test
    void defaultDataDirectoryIsDataUnderTheWorkingDirectory() {
        assertThat(StoreConfig.defaults().dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(StoreConfig.defaults().durability()).isEqualTo(Durability.GROUP_COMMIT);
    }

    @Test
    void corruptRecordFailsTheOpenNamingItsKey() throws Exception {
        Path db = dir.resolve("corrupt");
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            commit(s.batch().enqueue("c1", message("t", "m")));
        }
        byte[] key = StoreKeys.entryKey("c1", 1);
        writeRaw(db, RocksDbBrokerStore.CF_QUEUE, key, new byte[] {1, 3});
        assertThatThrownBy(() -> RocksDbBrokerStore.open(config(db)))
                .isInstanceOfSatisfying(CorruptRecordException.class, e -> {
                    assertThat(e.columnFamily()).isEqualTo(RocksDbBrokerStore.CF_QUEUE);
                    assertThat(e.key()).isEqualTo(key);
                })
                .hasMessageContaining(java.util.HexFormat.of().formatHex(key));
        // The failed open released the directory.
        writeRaw(db, RocksDbBrokerStore.CF_QUEUE, key, RecordCodec.encodeMessage(message("t", "fixed")));
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            assertThat(s.queue("c1")).extracting(BrokerStoreContract::payload).containsExactly("fixed");
        }
    }

    @Test
    void inFlightStateWithoutItsEntryIsReportedAsCorrupt() throws Exception {
        Path db = dir.resolve("orphan");
        RocksDbBrokerStore.open(config(db)).close();
        byte[] key = StoreKeys.entryKey("c1", 5);
        writeRaw(db, RocksDbBrokerStore.CF_INFLIGHT, key, RecordCodec.encodeState(DeliveryState.PUBLISH_SENT, 1));
        assertThatThrownBy(() -> RocksDbBrokerStore.open(config(db)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("without its queue entry");
    }

    /** Writes one record behind the store's back, as a damaged disk or an old broker might have. */
    private static void writeRaw(Path db, String family, byte[] key, byte[] value) throws Exception {
        List<String> families = List.of(RocksDbBrokerStore.CF_SESSIONS, RocksDbBrokerStore.CF_QUEUE,
                RocksDbBrokerStore.CF_INFLIGHT, RocksDbBrokerStore.CF_INBOUND, RocksDbBrokerStore.CF_RETAINED);
        List<ColumnFamilyDescriptor> descriptors = new java.util.ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (String f : families) {
            descriptors.add(new ColumnFamilyDescriptor(f.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(false);
             RocksDB raw = RocksDB.open(options, db.toString(), descriptors, handles)) {
            raw.put(handles.get(1 + families.indexOf(family)), key, value);
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyDurabilityCommitsAndRecovers(Durability durability) {
        Path db = dir.resolve(durability.name());
        StoreConfig cfg = config(db).withDurability(durability);
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(cfg)) {
            for (int i = 0; i < 20; i++) {
                commit(s.batch().enqueue("c", message("t", "m" + i)));
            }
        }
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(cfg)) {
            assertThat(s.queue("c")).hasSize(20);
        }
    }

    @Test
    void groupCommitCoversConcurrentCommitsWithFewerFsyncs() throws Exception {
        Path db = dir.resolve("group");
        int threads = 8;
        int perThread = 50;
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db).withDurability(Durability.GROUP_COMMIT))) {
            AtomicInteger done = new AtomicInteger();
            CompletableFuture<?>[] workers = new CompletableFuture<?>[threads];
            for (int t = 0; t < threads; t++) {
                String client = "c" + t;
                workers[t] = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        commit(s.batch().enqueue(client, message("t", "m" + i)));
                        done.incrementAndGet();
                    }
                }, r -> new Thread(r).start());
            }
            CompletableFuture.allOf(workers).join();
            long[] counts = s.groupCommitCounts();
            assertThat(done.get()).isEqualTo(threads * perThread);
            assertThat(counts[0]).isEqualTo(threads * perThread);
            // Every commit was covered by some fsync; how many shared one depends on timing.
            assertThat(counts[1]).isBetween(1L, (long) threads * perThread);
            for (int t = 0; t < threads; t++) {
                assertThat(s.queue("c" + t)).extracting(BrokerStoreContract::payload).startsWith("m0", "m1")
                        .hasSize(perThread);
            }
        }
    }

    @Test
    void readsAfterCloseFailInsteadOfCrashing() {
        RocksDbBrokerStore s = RocksDbBrokerStore.open(config(dir.resolve("closed")));
        s.close();
        s.close();
        assertThatThrownBy(() -> s.session("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.queue("x")).isInstanceOf(IllegalStateException.class);
        assertThat(s.queueDepth("x")).isZero();
    }

    @Test
    void sessionWithoutWillOrSubscriptionsRoundTrips() {
        Path db = dir.resolve("plain");
        SessionState plain = new SessionState("p", 4, 0, 7, List.of(), Optional.empty());
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            commit(s.batch().putSession(plain));
        }
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            assertThat(s.sessions()).containsExactly(plain);
        }
    }

    @Test
    void concurrentCommitsToOneBoundedQueueKeepIndexAndDiskConsistent() throws Exception {
        Path db = dir.resolve("concurrent");
        StoreConfig cfg = config(db).withQueueLimit(25, OverflowPolicy.DROP_OLDEST);
        int threads = 6;
        int perThread = 40;
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(cfg)) {
            CompletableFuture<?>[] workers = new CompletableFuture<?>[threads];
            for (int t = 0; t < threads; t++) {
                String tag = "t" + t;
                workers[t] = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long seq = commit(s.batch().enqueue("shared", message("x", tag + "-" + i))).sequence(0);
                        if (i % 3 == 0) {
                            commit(s.batch().markPublishSent("shared", seq, 1 + i));
                        }
                        if (i % 5 == 0) {
                            commit(s.batch().removeOutbound("shared", seq));
                        }
                    }
                }, r -> new Thread(r).start());
            }
            CompletableFuture.allOf(workers).join();
            List<OutboundEntry> queue = s.queue("shared");
            assertThat(s.queueDepth("shared")).isEqualTo(queue.size()).isLessThanOrEqualTo(25);
            assertThat(queue).extracting(OutboundEntry::sequence).isSorted().doesNotHaveDuplicates();
            s.close();
            try (RocksDbBrokerStore reopened = RocksDbBrokerStore.open(cfg)) {
                assertThat(reopened.queue("shared")).isEqualTo(queue);
                assertThat(reopened.queueDepth("shared")).isEqualTo(queue.size());
            }
        }
    }

    @Test
    void groupCommitWithGatheringDelayCompletesEveryCommit() {
        StoreConfig cfg = config(dir.resolve("delay")).withDurability(Durability.GROUP_COMMIT)
                .withGroupCommitDelay(java.time.Duration.ofMillis(2));
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(cfg)) {
            List<CompletableFuture<CommitResult>> pending = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pending.add(s.batch().enqueue("c", message("t", "m" + i)).commit());
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            long[] counts = s.groupCommitCounts();
            assertThat(counts[0]).isEqualTo(30);
            assertThat(counts[1]).isEqualTo(s.groupCommitSyncs()).isBetween(1L, 30L);
            assertThat(s.queue("c")).hasSize(30);
        }
    }

    @Test
    void sessionWhoseExpiryPassedWhileTheBrokerWasDownIsReportedAfterReopen_mqtt5_3_1_2_11_2() {
        Path db = dir.resolve("expiry");
        long disconnectedAt = 1_700_000_000_000L;
        SessionState hour = new SessionState("hour", 5, 3600, disconnectedAt, List.of(), Optional.empty());
        SessionState day = new SessionState("day", 5, 86_400, disconnectedAt, List.of(), Optional.empty());
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            commit(s.batch().putSession(hour).putSession(day).enqueue("hour", message("t", "m")));
        }
        long restartedAt = disconnectedAt + 2 * 3_600_000L;
        try (RocksDbBrokerStore s = RocksDbBrokerStore.open(config(db))) {
            List<SessionState> expired = s.expiredSessions(restartedAt);
            assertThat(expired).containsExactly(hour);
            StoreBatch cleanup = s.batch();
            expired.forEach(e -> cleanup.removeSession(e.clientId()));
            commit(cleanup);
            assertThat(s.sessions()).containsExactly(day);
            assertThat(s.queueDepth("hour")).isZero();
        }
    }
}
