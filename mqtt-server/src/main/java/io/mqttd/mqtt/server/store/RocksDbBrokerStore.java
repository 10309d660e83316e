package io.mqttd.mqtt.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The crash-safe store, on RocksDB: one column family per kind of record (see {@link StoreKeys}
 * for the key layout, {@link RecordCodec} for the values), every commit one atomic {@link
 * WriteBatch} through the write-ahead log, durable per {@link Durability}.
 *
 * <p>{@link #open} recovers everything: after a crash RocksDB replays its WAL up to the last
 * complete record (point-in-time recovery), then the store reads every record once, rebuilds the
 * queue index and makes new sequence numbers continue after the highest stored one. A record that
 * does not decode fails the open with a {@link CorruptRecordException} naming its key; nothing is
 * skipped silently.
 */
public final class RocksDbBrokerStore extends AbstractBrokerStore {
    static final String CF_SESSIONS = "sessions";
    static final String CF_QUEUE = "queue";
    static final String CF_INFLIGHT = "inflight";
    static final String CF_INBOUND = "inbound_qos2";
    static final String CF_RETAINED = "retained";
    private static final byte[] FORMAT_KEY = StoreKeys.utf8("mqttd.store.format");
    private static final byte[] FORMAT_VALUE = {0, 0, 0, RecordCodec.FORMAT_VERSION};

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle sessions;
    private final ColumnFamilyHandle queue;
    private final ColumnFamilyHandle inflight;
    private final ColumnFamilyHandle inbound;
    private final ColumnFamilyHandle retained;
    private final WriteOptions writeOptions;
    /** Reused for every commit under the write lock: no native allocation per commit. */
    private final WriteBatch writeBatch = new WriteBatch();
    private final GroupCommitter committer;
    /** Reads hold it shared and close holds it exclusive: RocksJava crashes the JVM on a closed handle. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private RocksDbBrokerStore(StoreConfig config, Path directory, DBOptions dbOptions, ColumnFamilyOptions cfOptions,
            RocksDB db, List<ColumnFamilyHandle> handles) {
        super(config);
        this.directory = directory;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.db = db;
        this.handles = handles;
        this.sessions = handles.get(1);
        this.queue = handles.get(2);
        this.inflight = handles.get(3);
        this.inbound = handles.get(4);
        this.retained = handles.get(5);
        // SYNC fsyncs inside the write; the other policies write the WAL into the page cache.
        this.writeOptions = new WriteOptions().setSync(config.durability() == Durability.SYNC);
        Consumer<StoreException> onFailure = this::fail;
        this.committer = config.durability() == Durability.GROUP_COMMIT
                ? new GroupCommitter(this::syncWal, onFailure, config.groupCommitDelay().toNanos(),
                        "mqttd-store-group-commit")
                : null;
    }

    /**
     * Opens (creating if needed) the store in {@code config.dataDirectory()} and recovers its
     * content. Fails with {@link StoreException} if the directory cannot be created or written,
     * if another process (or another store in this one) holds it, or if a record is corrupt.
     */
    public static RocksDbBrokerStore open(StoreConfig config) {
        Path directory = config.dataDirectory().toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw new StoreException("data directory " + directory + " cannot be created: " + e, e);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new StoreException("data directory " + directory + " is not a writable directory");
        }
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                // Replays the WAL up to the last intact record: a torn tail after a crash is
                // dropped, corruption before the tail still fails the open.
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(4);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(StoreKeys.utf8(CF_SESSIONS), cfOptions),
                new ColumnFamilyDescriptor(StoreKeys.utf8(CF_QUEUE), cfOptions),
                new ColumnFamilyDescriptor(StoreKeys.utf8(CF_INFLIGHT), cfOptions),
                new ColumnFamilyDescriptor(StoreKeys.utf8(CF_INBOUND), cfOptions),
                new ColumnFamilyDescriptor(StoreKeys.utf8(CF_RETAINED), cfOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            cfOptions.close();
            dbOptions.close();
            String message = String.valueOf(e.getMessage());
            // RocksDB reports its LOCK file held ("While lock file: .../LOCK: Resource temporarily
            // unavailable", or "lock hold by current process" within one JVM).
            if (message.toLowerCase(Locale.ROOT).contains("lock")) {
                throw new StoreException("data directory " + directory
                        + " is locked: another running broker (or another store in this process) has it open ("
                        + message + ")", e);
            }
            throw new StoreException("cannot open the store in " + directory + ": " + message, e);
        }
        RocksDbBrokerStore store = new RocksDbBrokerStore(config, directory, dbOptions, cfOptions, db, handles);
        try {
            store.checkFormat();
            store.recover();
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return store;
    }

    /** The absolute data directory. */
    public Path directory() {
        return directory;
    }

    private void checkFormat() {
        try {
            byte[] format = db.get(handles.get(0), FORMAT_KEY);
            if (format == null) {
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    db.put(handles.get(0), sync, FORMAT_KEY, FORMAT_VALUE);
                }
            } else if (!Arrays.equals(format, FORMAT_VALUE)) {
                throw new StoreException("data directory " + directory + " holds store format "
                        + HexFormat.of().formatHex(format) + ", this broker reads format "
                        + RecordCodec.FORMAT_VERSION);
            }
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the store format: " + e.getMessage(), e);
        }
    }

    /** Reads every record once: validates it and rebuilds the queue index. Runs before the store is shared. */
    private void recover() {
        try (RocksIterator it = db.newIterator(queue)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                try {
                    String clientId = StoreKeys.clientIdOf(key, StoreKeys.SEQUENCE_BYTES);
                    RecordCodec.decodeMessage(it.value());
                    long sequence = StoreKeys.sequenceOf(key);
                    index.getOrCreate(clientId).put(sequence, QueueIndex.pack(DeliveryState.QUEUED, 0));
                    index.observeSequence(sequence);
                } catch (CorruptRecordException e) {
                    throw CorruptRecordException.at(CF_QUEUE, key, e);
                }
            }
            status(it);
        }
        try (RocksIterator it = db.newIterator(inflight)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                QueueIndex.ClientQueue clientQueue;
                long sequence;
                int packed;
                try {
                    String clientId = StoreKeys.clientIdOf(key, StoreKeys.SEQUENCE_BYTES);
                    packed = RecordCodec.decodeState(it.value());
                    sequence = StoreKeys.sequenceOf(key);
                    clientQueue = index.get(clientId);
                } catch (CorruptRecordException e) {
                    throw CorruptRecordException.at(CF_INFLIGHT, key, e);
                }
                // Entry and state are written and deleted in the same batch: a state alone is damage.
                if (clientQueue == null || !clientQueue.contains(sequence)) {
                    throw CorruptRecordException.at(CF_INFLIGHT, key, "in-flight state without its queue entry");
                }
                clientQueue.put(sequence, packed);
            }
            status(it);
        }
        forEach(sessions, CF_SESSIONS, (key, value) ->
                RecordCodec.decodeSession(RecordReader.utf8(key, 0, key.length, "client id"), value));
        forEach(inbound, CF_INBOUND, (key, value) -> {
            StoreKeys.clientIdOf(key, StoreKeys.PACKET_ID_BYTES);
            if (StoreKeys.packetIdOf(key) == 0 || value.length != 0) {
                throw new CorruptRecordException("invalid QoS 2 inbound record");
            }
        });
        forEach(retained, CF_RETAINED, (key, value) -> {
            StoredMessage m = RecordCodec.decodeMessage(value);
            if (!Arrays.equals(key, StoreKeys.utf8(m.topic()))) {
                throw new CorruptRecordException("retained message topic does not match its key");
            }
        });
    }

    @FunctionalInterface
    private interface RecordCheck {
        void check(byte[] key, byte[] value);
    }

    private void forEach(ColumnFamilyHandle family, String name, RecordCheck check) {
        try (RocksIterator it = db.newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                try {
                    check.check(key, it.value());
                } catch (CorruptRecordException e) {
                    throw CorruptRecordException.at(name, key, e);
                }
            }
            status(it);
        }
    }

    private static void status(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    private void syncWal() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            throw new StoreException("WAL fsync failed: " + e.getMessage(), e);
        }
    }

    /** Commits completed by the group committer and the fsyncs they took; for tests. */
    long[] groupCommitCounts() {
        return committer == null ? new long[] {0, 0} : new long[] {committer.completedCount(), committer.syncCount()};
    }

    /**
     * For metrics: the WAL fsyncs the group committer has made since open, 0 under other policies.
     * Divided into the commits completed, it says how many commits one fsync covered.
     */
    public long groupCommitSyncs() {
        return committer == null ? 0 : committer.syncCount();
    }

    // ---- commits

    @Override
    protected WriteSink newSink() {
        // Left over only if a previous commit failed while planning; that store is failed anyway.
        writeBatch.clear();
        return new Sink();
    }

    @Override
    protected CompletableFuture<CommitResult> afterWrite(CommitResult result) {
        return committer == null ? CompletableFuture.completedFuture(result) : committer.submit(result);
    }

    private final class Sink implements WriteSink {
        private final WriteBatch batch = writeBatch;
        // A fan-out enqueues the same message for many clients: encode it once per commit.
        private StoredMessage lastMessage;
        private byte[] lastEncoded;

        private byte[] encode(StoredMessage message) {
            if (message != lastMessage) {
                lastMessage = message;
                lastEncoded = RecordCodec.encodeMessage(message);
            }
            return lastEncoded;
        }

        @Override
        public void putSession(SessionState session) {
            put(sessions, StoreKeys.utf8(session.clientId()), RecordCodec.encodeSession(session));
        }

        @Override
        public void removeClient(String clientId) {
            byte[] prefix = StoreKeys.clientPrefix(clientId);
            byte[] end = StoreKeys.prefixEnd(prefix);
            try {
                batch.delete(sessions, StoreKeys.utf8(clientId));
                // Range tombstones: one record however long the queue, no read of the queue.
                batch.deleteRange(queue, prefix, end);
                batch.deleteRange(inflight, prefix, end);
                batch.deleteRange(inbound, prefix, end);
            } catch (RocksDBException e) {
                throw new StoreException("cannot build write batch: " + e.getMessage(), e);
            }
        }

        @Override
        public void putEntry(String clientId, long sequence, StoredMessage message) {
            put(queue, StoreKeys.entryKey(clientId, sequence), encode(message));
        }

        @Override
        public void putState(String clientId, long sequence, DeliveryState state, int packetId) {
            put(inflight, StoreKeys.entryKey(clientId, sequence), RecordCodec.encodeState(state, packetId));
        }

        @Override
        public void removeEntry(String clientId, long sequence, boolean inFlight) {
            byte[] key = StoreKeys.entryKey(clientId, sequence);
            delete(queue, key);
            if (inFlight) {
                delete(inflight, key);
            }
        }

        @Override
        public void putInbound(String clientId, int packetId) {
            put(inbound, StoreKeys.inboundKey(clientId, packetId), new byte[0]);
        }

        @Override
        public void removeInbound(String clientId, int packetId) {
            delete(inbound, StoreKeys.inboundKey(clientId, packetId));
        }

        @Override
        public void putRetained(StoredMessage message) {
            put(retained, StoreKeys.utf8(message.topic()), encode(message));
        }

        @Override
        public void removeRetained(String topic) {
            delete(retained, StoreKeys.utf8(topic));
        }

        private void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
            try {
                batch.put(family, key, value);
            } catch (RocksDBException e) {
                throw new StoreException("cannot build write batch: " + e.getMessage(), e);
            }
        }

        private void delete(ColumnFamilyHandle family, byte[] key) {
            try {
                batch.delete(family, key);
            } catch (RocksDBException e) {
                throw new StoreException("cannot build write batch: " + e.getMessage(), e);
            }
        }

        @Override
        public void write() {
            try {
                if (batch.count() > 0) {
                    db.write(writeOptions, batch);
                }
            } catch (RocksDBException e) {
                throw new StoreException("write failed: " + e.getMessage(), e);
            } finally {
                batch.clear();
            }
        }
    }

    // ---- reads

    private void beginRead() {
        lifecycle.readLock().lock();
        if (db.isOwningHandle()) {
            return;
        }
        lifecycle.readLock().unlock();
        throw new IllegalStateException("store is closed");
    }

    private void endRead() {
        lifecycle.readLock().unlock();
    }

    @Override
    public Optional<SessionState> session(String clientId) {
        byte[] key = StoreKeys.utf8(clientId);
        beginRead();
        try {
            byte[] value = db.get(sessions, key);
            return value == null ? Optional.empty() : Optional.of(decodeSession(key, value));
        } catch (RocksDBException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            endRead();
        }
    }

    private static SessionState decodeSession(byte[] key, byte[] value) {
        try {
            return RecordCodec.decodeSession(RecordReader.utf8(key, 0, key.length, "client id"), value);
        } catch (CorruptRecordException e) {
            throw CorruptRecordException.at(CF_SESSIONS, key, e);
        }
    }

    @Override
    public List<SessionState> sessions() {
        List<SessionState> out = new ArrayList<>();
        beginRead();
        try (RocksIterator it = db.newIterator(sessions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.add(decodeSession(it.key(), it.value()));
            }
            status(it);
        } finally {
            endRead();
        }
        return out;
    }

    @Override
    public List<OutboundEntry> queue(String clientId, long afterSequence, int maxEntries) {
        List<OutboundEntry> out = new ArrayList<>();
        if (maxEntries <= 0 || afterSequence == Long.MAX_VALUE) {
            return out;
        }
        byte[] prefix = StoreKeys.clientPrefix(clientId);
        byte[] start = StoreKeys.entryKey(prefix, Math.max(afterSequence + 1, 0));
        beginRead();
        // One snapshot for both column families, so that entry and state belong to the same commit.
        Snapshot snapshot = db.getSnapshot();
        try (Slice upper = new Slice(StoreKeys.prefixEnd(prefix));
             ReadOptions options = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upper);
             RocksIterator entries = db.newIterator(queue, options);
             RocksIterator states = db.newIterator(inflight, options)) {
            states.seek(start);
            for (entries.seek(start); entries.isValid() && out.size() < maxEntries; entries.next()) {
                byte[] key = entries.key();
                long sequence = StoreKeys.sequenceOf(key);
                while (states.isValid() && StoreKeys.sequenceOf(states.key()) < sequence) {
                    states.next();
                }
                int packed = QueueIndex.pack(DeliveryState.QUEUED, 0);
                if (states.isValid() && StoreKeys.sequenceOf(states.key()) == sequence) {
                    try {
                        packed = RecordCodec.decodeState(states.value());
                    } catch (CorruptRecordException e) {
                        throw CorruptRecordException.at(CF_INFLIGHT, states.key(), e);
                    }
                }
                StoredMessage message;
                try {
                    message = RecordCodec.decodeMessage(entries.value());
                } catch (CorruptRecordException e) {
                    throw CorruptRecordException.at(CF_QUEUE, key, e);
                }
                out.add(new OutboundEntry(sequence, QueueIndex.stateOf(packed), QueueIndex.packetIdOf(packed), message));
            }
            status(entries);
            status(states);
        } finally {
            db.releaseSnapshot(snapshot);
            endRead();
        }
        return out;
    }

    @Override
    public List<Integer> inboundQos2PacketIds(String clientId) {
        byte[] prefix = StoreKeys.clientPrefix(clientId);
        List<Integer> out = new ArrayList<>();
        beginRead();
        try (Slice upper = new Slice(StoreKeys.prefixEnd(prefix));
             ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(inbound, options)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                out.add(StoreKeys.packetIdOf(it.key()));
            }
            status(it);
        } finally {
            endRead();
        }
        return out;
    }

    @Override
    public Optional<StoredMessage> retained(String topic) {
        byte[] key = StoreKeys.utf8(topic);
        beginRead();
        try {
            byte[] value = db.get(retained, key);
            return value == null ? Optional.empty() : Optional.of(decodeRetained(key, value));
        } catch (RocksDBException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            endRead();
        }
    }

    private static StoredMessage decodeRetained(byte[] key, byte[] value) {
        try {
            return RecordCodec.decodeMessage(value);
        } catch (CorruptRecordException e) {
            throw CorruptRecordException.at(CF_RETAINED, key, e);
        }
    }

    @Override
    public List<StoredMessage> retainedMessages() {
        List<StoredMessage> out = new ArrayList<>();
        beginRead();
        try (RocksIterator it = db.newIterator(retained)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.add(decodeRetained(it.key(), it.value()));
            }
            status(it);
        } finally {
            endRead();
        }
        return out;
    }

    // ---- close

    /**
     * Completes the commits waiting for group commit, fsyncs the WAL, flushes the memtables (so
     * that the next open has little WAL to replay) and releases every native handle and the
     * directory lock. Idempotent.
     */
    @Override
    public void close() {
        if (committer != null && committer.isCommitterThread()) {
            throw new IllegalStateException("the store cannot be closed from a commit completion: it would wait for itself");
        }
        if (!markClosed()) {
            return;
        }
        if (committer != null) {
            committer.close();
        }
        lifecycle.writeLock().lock();
        StoreException error = null;
        try {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.syncWal();
                db.flush(flush, handles);
            } catch (RocksDBException e) {
                error = new StoreException("flush on close failed: " + e.getMessage(), e);
            }
            for (ColumnFamilyHandle handle : handles) {
                handle.close();
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                if (error == null) {
                    error = new StoreException("close failed: " + e.getMessage(), e);
                }
            }
            writeBatch.close();
            writeOptions.close();
            cfOptions.close();
            dbOptions.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
        if (error != null) {
            throw error;
        }
    }
}
