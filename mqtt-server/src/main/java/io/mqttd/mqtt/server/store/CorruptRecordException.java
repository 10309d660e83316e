package io.mqttd.mqtt.server.store;

import java.util.HexFormat;

/**
 * A stored record that does not decode. The store never skips such a record silently, because a
 * skipped queue entry is a lost acknowledged message: opening the store fails with this exception,
 * which names the column family and the key, so that an operator can inspect or delete the record.
 */
public final class CorruptRecordException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String columnFamily;
    private final byte[] key;

    /** A decoding failure without location yet; the store rethrows it with {@link #at}. */
    CorruptRecordException(String reason) {
        super(reason);
        this.columnFamily = "";
        this.key = new byte[0];
    }

    private CorruptRecordException(String columnFamily, byte[] key, String reason, Throwable cause) {
        super("corrupt record in column family '" + columnFamily + "' at key " + HexFormat.of().formatHex(key)
                + ": " + reason, cause);
        this.columnFamily = columnFamily;
        this.key = key.clone();
    }

    static CorruptRecordException at(String columnFamily, byte[] key, CorruptRecordException cause) {
        return new CorruptRecordException(columnFamily, key, cause.getMessage(), cause);
    }

    static CorruptRecordException at(String columnFamily, byte[] key, String reason) {
        return new CorruptRecordException(columnFamily, key, reason, null);
    }

    /** The column family that holds the record; empty when not known. */
    public String columnFamily() {
        return columnFamily;
    }

    /** The key of the record; empty when not known. */
    public byte[] key() {
        return key.clone();
    }
}
