package io.mqttd.quic.tls;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Single-use tickets for 0-RTT anti-replay (RFC 8446 §8.1): remembers the ids of tickets already
 * used for early data until they expire. The set is bounded; when it is full of live entries, new
 * 0-RTT attempts are refused (the handshake still completes with 1-RTT), which fails safe.
 * Synchronised because one server config may serve several event loops.
 */
public final class TicketReplayGuard {
    private final int capacity;
    private final LinkedHashMap<ByteBuffer, Long> used = new LinkedHashMap<>();

    public TicketReplayGuard(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** True the first time a ticket id is presented before it expires; false for a replay or when full. */
    public synchronized boolean firstUse(byte[] ticketId, long expiresAtMillis, long nowMillis) {
        if (used.size() >= capacity) {
            sweep(nowMillis);
        }
        ByteBuffer key = ByteBuffer.wrap(ticketId.clone());
        Long expiry = used.get(key);
        if ((expiry != null && expiry > nowMillis) || used.size() >= capacity) {
            return false;
        }
        used.put(key, expiresAtMillis);
        return true;
    }

    private void sweep(long nowMillis) {
        for (Iterator<Map.Entry<ByteBuffer, Long>> it = used.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() <= nowMillis) {
                it.remove();
            }
        }
    }
}
