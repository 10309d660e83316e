package io.mqttd.mqtt.server.store;

import java.nio.charset.StandardCharsets;

/**
 * The key layout of the RocksDB store. RocksDB orders keys bytewise, so the per-client column
 * families use {@code u16 length ‖ client id (UTF-8) ‖ suffix} with a big-endian suffix: all keys
 * of one client form one contiguous range (a prefix scan with exact bounds), and within it entries
 * sort by sequence number or packet identifier. The length prefix keeps client "a" from sharing a
 * prefix with client "ab".
 *
 * <pre>
 *   sessions      client id                               -> session record
 *   queue         u16 len ‖ client id ‖ u64 sequence      -> message record
 *   inflight      u16 len ‖ client id ‖ u64 sequence      -> u8 state ‖ u16 packet id
 *   inbound_qos2  u16 len ‖ client id ‖ u16 packet id     -> (empty)
 *   retained      topic name                              -> message record
 * </pre>
 */
final class StoreKeys {
    static final int SEQUENCE_BYTES = 8;
    static final int PACKET_ID_BYTES = 2;

    private StoreKeys() {
    }

    /**
     * Whether a string's UTF-8 form fits a u16 length (MQTT 5.0 §1.5.4). A char takes at most 3
     * bytes, so short strings pass without being encoded: no allocation on the publish path.
     */
    static boolean fitsU16(String value) {
        return value.length() <= 0xFFFF / 3 || utf8(value).length <= 0xFFFF;
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] clientPrefix(String clientId) {
        byte[] id = utf8(clientId);
        byte[] key = new byte[2 + id.length];
        key[0] = (byte) (id.length >>> 8);
        key[1] = (byte) id.length;
        System.arraycopy(id, 0, key, 2, id.length);
        return key;
    }

    static byte[] entryKey(String clientId, long sequence) {
        byte[] id = utf8(clientId);
        byte[] key = new byte[2 + id.length + SEQUENCE_BYTES];
        key[0] = (byte) (id.length >>> 8);
        key[1] = (byte) id.length;
        System.arraycopy(id, 0, key, 2, id.length);
        putSequence(key, 2 + id.length, sequence);
        return key;
    }

    static byte[] entryKey(byte[] prefix, long sequence) {
        byte[] key = new byte[prefix.length + SEQUENCE_BYTES];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        putSequence(key, prefix.length, sequence);
        return key;
    }

    private static void putSequence(byte[] key, int at, long sequence) {
        for (int i = 0; i < SEQUENCE_BYTES; i++) {
            key[at + i] = (byte) (sequence >>> (56 - 8 * i));
        }
    }

    static byte[] inboundKey(String clientId, int packetId) {
        byte[] prefix = clientPrefix(clientId);
        byte[] key = new byte[prefix.length + PACKET_ID_BYTES];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        key[prefix.length] = (byte) (packetId >>> 8);
        key[prefix.length + 1] = (byte) packetId;
        return key;
    }

    /** The smallest key greater than every key that starts with {@code prefix}: the exclusive upper bound of a scan. */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = new byte[i + 1];
                System.arraycopy(prefix, 0, end, 0, i + 1);
                end[i]++;
                return end;
            }
        }
        // Only a prefix of 0xFF bytes has no upper bound; a u16 length of 0xFFFF followed by
        // UTF-8 (which never contains 0xFF) cannot be one.
        throw new IllegalArgumentException("prefix has no upper bound");
    }

    /** The client id of a per-client key whose suffix is {@code suffixBytes} long. */
    static String clientIdOf(byte[] key, int suffixBytes) {
        if (key.length < 2) {
            throw new CorruptRecordException("key shorter than its length prefix");
        }
        int length = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
        if (key.length != 2 + length + suffixBytes) {
            throw new CorruptRecordException("key length " + key.length + " does not match client id length " + length);
        }
        return RecordReader.utf8(key, 2, length, "client id in key");
    }

    static long sequenceOf(byte[] key) {
        long value = 0;
        for (int i = key.length - SEQUENCE_BYTES; i < key.length; i++) {
            value = (value << 8) | (key[i] & 0xFF);
        }
        return value;
    }

    static int packetIdOf(byte[] key) {
        return ((key[key.length - 2] & 0xFF) << 8) | (key[key.length - 1] & 0xFF);
    }
}
