package io.mqttd.quic.connection.endpoint;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A bounded ring of packets the endpoint sends without a connection (Version Negotiation, Retry,
 * Stateless Reset). Buffers are allocated once; when the ring is full the response is dropped,
 * which caps what unauthenticated senders can make the endpoint transmit.
 */
final class StatelessResponses {
    /** Every stateless response is smaller than the 1200-byte datagram that can trigger it. */
    static final int MAX_RESPONSE = 1200;

    private final ByteBuffer[] buffers;
    private final InetSocketAddress[] destinations;
    private int head;
    private int count;

    StatelessResponses(int capacity) {
        buffers = new ByteBuffer[capacity];
        destinations = new InetSocketAddress[capacity];
        for (int i = 0; i < capacity; i++) {
            buffers[i] = ByteBuffer.allocate(MAX_RESPONSE);
        }
    }

    /** A cleared buffer to write the next response into, or null when the ring is full. */
    ByteBuffer claim() {
        if (count == buffers.length) {
            return null;
        }
        return buffers[(head + count) % buffers.length].clear();
    }

    /** Queues the buffer returned by the last {@link #claim}, written up to its position. */
    void commit(InetSocketAddress destination) {
        int i = (head + count) % buffers.length;
        buffers[i].flip();
        destinations[i] = destination;
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Copies the oldest response into {@code out} and returns its destination, or null if none fits. */
    InetSocketAddress poll(ByteBuffer out) {
        while (count > 0) {
            ByteBuffer b = buffers[head];
            InetSocketAddress to = destinations[head];
            destinations[head] = null;
            head = (head + 1) % buffers.length;
            count--;
            if (b.remaining() <= out.remaining()) {
                out.put(b);
                return to;
            }
        }
        return null;
    }
}
