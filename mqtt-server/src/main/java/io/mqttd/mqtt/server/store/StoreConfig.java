package io.mqttd.mqtt.server.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the broker store is set up.
 *
 * @param dataDirectory where the RocksDB store lives (ignored by the in-memory store); relative
 *     paths resolve against the working directory, the default is {@code ./data}
 * @param durability when a commit completes, see {@link Durability}
 * @param maxQueuedPerClient the most entries (queued and in flight) one client's outbound queue
 *     holds; at least 1
 * @param overflowPolicy what an enqueue into a full queue does
 * @param groupCommitDelay under {@link Durability#GROUP_COMMIT}, how long the committer waits after
 *     the first pending commit before it fsyncs, to gather more commits into the fsync. Zero (the
 *     default) fsyncs at once: commits that arrive during an fsync are covered by the next one, so
 *     the window adapts itself to the disk's fsync latency without delaying a lone committer.
 */
public record StoreConfig(
        Path dataDirectory,
        Durability durability,
        int maxQueuedPerClient,
        OverflowPolicy overflowPolicy,
        Duration groupCommitDelay) {

    /** The data directory used when none is configured: {@code data} under the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");

    /** The default bound of a client's queue. */
    public static final int DEFAULT_MAX_QUEUED_PER_CLIENT = 1000;

    public StoreConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(groupCommitDelay, "groupCommitDelay");
        if (maxQueuedPerClient < 1) {
            throw new IllegalArgumentException("maxQueuedPerClient must be at least 1: " + maxQueuedPerClient);
        }
        if (groupCommitDelay.isNegative()) {
            throw new IllegalArgumentException("groupCommitDelay must not be negative");
        }
    }

    /** {@code ./data}, group commit, 1000 messages per client, drop oldest. */
    public static StoreConfig defaults() {
        return new StoreConfig(DEFAULT_DATA_DIRECTORY, Durability.GROUP_COMMIT, DEFAULT_MAX_QUEUED_PER_CLIENT,
                OverflowPolicy.DROP_OLDEST, Duration.ZERO);
    }

    public StoreConfig withDataDirectory(Path directory) {
        return new StoreConfig(directory, durability, maxQueuedPerClient, overflowPolicy, groupCommitDelay);
    }

    public StoreConfig withDurability(Durability policy) {
        return new StoreConfig(dataDirectory, policy, maxQueuedPerClient, overflowPolicy, groupCommitDelay);
    }

    public StoreConfig withQueueLimit(int maxQueued, OverflowPolicy policy) {
        return new StoreConfig(dataDirectory, durability, maxQueued, policy, groupCommitDelay);
    }

    public StoreConfig withGroupCommitDelay(Duration delay) {
        return new StoreConfig(dataDirectory, durability, maxQueuedPerClient, overflowPolicy, delay);
    }
}
