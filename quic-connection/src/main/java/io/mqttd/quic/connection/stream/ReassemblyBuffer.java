package io.mqttd.quic.connection.stream;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ordered reassembly of a byte stream that arrives in pieces at arbitrary offsets, possibly
 * overlapping, duplicated or out of order: the receive side of STREAM data (RFC 9000 §2.2) and of
 * CRYPTO data per encryption level (§19.6).
 *
 * <p>Pieces arrive as slices of a datagram buffer that the I/O layer reuses, so the bytes not yet
 * read are copied once into segments; bytes already read or already buffered are not copied again
 * (§2.2: data at a given offset MUST NOT change, so the first copy is kept). Memory is bounded by
 * the caller, which checks flow control (or the CRYPTO buffer limit) before inserting.
 */
public final class ReassemblyBuffer {
    private final TreeMap<Long, byte[]> segments = new TreeMap<>();
    private long readOffset;
    private long highestReceived;
    private long bufferedBytes;
    /** Bytes of the first segment already read, when that segment starts before readOffset. */
    private int headConsumed;

    /** Offset of the next byte {@link #read} returns. */
    public long readOffset() {
        return readOffset;
    }

    /** One past the largest offset received so far (RFC 9000 §4.5 needs it for final size checks). */
    public long highestReceived() {
        return highestReceived;
    }

    /** Bytes held in memory, read or not yet contiguous. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Stores the bytes of {@code data} at stream offset {@code offset}; the buffer's position is not changed. */
    public void insert(long offset, ByteBuffer data) {
        int length = data.remaining();
        long end = offset + length;
        if (end > highestReceived) {
            highestReceived = end;
        }
        long from = Math.max(offset, readOffset);
        while (from < end) {
            Map.Entry<Long, byte[]> floor = segments.floorEntry(from);
            if (floor != null && floor.getKey() + floor.getValue().length > from) {
                from = floor.getKey() + floor.getValue().length;
                continue;
            }
            Long next = segments.higherKey(from);
            long gapEnd = next == null ? end : Math.min(end, next);
            byte[] copy = new byte[(int) (gapEnd - from)];
            data.get(data.position() + (int) (from - offset), copy);
            segments.put(from, copy);
            bufferedBytes += copy.length;
            from = gapEnd;
        }
    }

    /** Number of bytes readable now without a gap. */
    public long readableBytes() {
        long available = 0;
        long expected = readOffset;
        for (Map.Entry<Long, byte[]> e : segments.entrySet()) {
            long start = e.getKey();
            long segmentEnd = start + e.getValue().length;
            if (start > expected) {
                break;
            }
            available += segmentEnd - expected;
            expected = segmentEnd;
        }
        return available;
    }

    /** Copies contiguous bytes from the read offset into {@code dst}; returns how many. */
    public int read(ByteBuffer dst) {
        int total = 0;
        while (dst.hasRemaining() && !segments.isEmpty()) {
            Map.Entry<Long, byte[]> head = segments.firstEntry();
            long start = head.getKey();
            byte[] bytes = head.getValue();
            if (start + headConsumed != readOffset) {
                break; // a gap: the next byte has not arrived
            }
            int n = Math.min(dst.remaining(), bytes.length - headConsumed);
            dst.put(bytes, headConsumed, n);
            headConsumed += n;
            readOffset += n;
            total += n;
            if (headConsumed == bytes.length) {
                segments.pollFirstEntry();
                bufferedBytes -= bytes.length;
                headConsumed = 0;
            }
        }
        return total;
    }

    /** Drops everything buffered, as after RESET_STREAM (RFC 9000 §3.2) or when a level is discarded. */
    public void discardAll() {
        segments.clear();
        bufferedBytes = 0;
        headConsumed = 0;
        readOffset = Math.max(readOffset, highestReceived);
    }
}
