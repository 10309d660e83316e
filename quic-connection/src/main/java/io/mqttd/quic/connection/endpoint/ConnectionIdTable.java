package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.packet.ConnectionId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The routing table of an endpoint: connection ID bytes to a value (RFC 9000 §5.2: "packets are
 * associated with a connection by their Destination Connection ID").
 *
 * <p>Lookups read the connection ID straight from the received datagram ({@link #get(ByteBuffer, int, int)})
 * so routing a packet allocates nothing, unlike a {@code HashMap<ConnectionId, V>} that needs a key
 * object per datagram. Open addressing with linear probing and backward-shift deletion; the hash is
 * seeded per table because some keys (a client's first Destination Connection ID) are chosen by the
 * peer, who must not be able to aim collisions at one bucket.
 *
 * <p>Not thread-safe: the endpoint's event loop owns it.
 */
public final class ConnectionIdTable<V> {
    private static final int INITIAL_CAPACITY = 64;

    private final int seed = new SecureRandom().nextInt();
    private byte[][] keys = new byte[INITIAL_CAPACITY][];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    public int size() {
        return size;
    }

    /** The value routed under {@code cid}, or null. */
    public V get(ConnectionId cid) {
        byte[] bytes = cid.toByteArray();
        return get(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /** The value routed under the {@code length} bytes at absolute {@code index} of {@code buf}, or null. */
    @SuppressWarnings("unchecked")
    public V get(ByteBuffer buf, int index, int length) {
        int mask = keys.length - 1;
        for (int i = hash(buf, index, length) & mask; ; i = (i + 1) & mask) {
            byte[] key = keys[i];
            if (key == null) {
                return null;
            }
            if (equals(key, buf, index, length)) {
                return (V) values[i];
            }
        }
    }

    /**
     * Routes {@code cid} to {@code value}. Returns false, changing nothing, when the connection ID is
     * already routed (to this or another value): a route is never silently stolen.
     */
    public boolean putIfAbsent(ConnectionId cid, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null route");
        }
        byte[] key = cid.toByteArray();
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (Arrays.equals(keys[i], key)) {
                return false;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
        return true;
    }

    /** Removes the route of {@code cid} if it leads to {@code value}; returns whether it did. */
    public boolean remove(ConnectionId cid, V value) {
        byte[] key = cid.toByteArray();
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; keys[i] != null; i = (i + 1) & mask) {
            if (Arrays.equals(keys[i], key)) {
                if (values[i] != value) {
                    return false;
                }
                deleteAt(i);
                return true;
            }
        }
        return false;
    }

    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    private void deleteAt(int hole) {
        int mask = keys.length - 1;
        keys[hole] = null;
        values[hole] = null;
        size--;
        for (int i = (hole + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
            int home = hash(keys[i]) & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                keys[i] = null;
                values[i] = null;
                hole = i;
            }
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = hash(oldKeys[j]) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private int hash(byte[] key) {
        int h = seed ^ key.length;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return mix(h);
    }

    private int hash(ByteBuffer buf, int index, int length) {
        int h = seed ^ length;
        for (int i = 0; i < length; i++) {
            h = (h ^ (buf.get(index + i) & 0xff)) * 0x01000193;
        }
        return mix(h);
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    private static boolean equals(byte[] key, ByteBuffer buf, int index, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != buf.get(index + i)) {
                return false;
            }
        }
        return true;
    }
}
