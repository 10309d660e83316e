package io.mqttd.mqtt.server.store;

/**
 * When a commit counts as done. The broker sends PUBACK/PUBREC only once the commit that stored
 * the message has completed, so this policy decides what a publisher's acknowledgement promises.
 */
public enum Durability {
    /**
     * Every commit writes the RocksDB write-ahead log and fsyncs it before it completes. Survives a
     * process crash and a power loss (as far as the disk honours fsync). One fsync per commit.
     */
    SYNC,
    /**
     * Commits write the WAL without fsync; a single committer thread then fsyncs the WAL once for
     * every commit written since its previous fsync, and completes those commits only after that
     * fsync returned. Same guarantee as {@link #SYNC}, many commits per fsync: the high-throughput
     * mode.
     */
    GROUP_COMMIT,
    /**
     * Commits write the WAL (into the operating system's page cache) without fsync and complete at
     * once. Survives a crash of the broker process (kill -9), because the kernel still writes the
     * page cache out; does NOT survive a power loss or kernel crash, which can lose the last
     * seconds of acknowledged messages.
     */
    NONE
}
