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
 * read are copied once. Two places hold them:
 * <ul>
 *   <li>a ring buffer with the contiguous bytes from the read offset on: in-order data, the common
 *       case, is appended there and read from there, so a stream that is read as fast as it arrives
 *       allocates nothing once the ring has grown to its working size;</li>
 *   <li>a sorted map of the pieces that arrived beyond a gap, each copied into its own array; when
 *       the gap fills they move into the ring.</li>
 * </ul>
 * Bytes already read or already held are not copied again (§2.2: data at a given offset MUST NOT
 * change, so the first copy is kept). Memory is bounded by the caller, which checks flow control (or
 * the CRYPTO buffer limit) before inserting; a ring that grew for a burst shrinks again once the
 * stream's traffic stays well below its size.
 */
public final class ReassemblyBuffer {
    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_RING = 1024;
    /**
     * A ring is shrunk only after this many drains during which its peak use stayed under a quarter
     * of its size: a busy stream keeps its ring (no regrowth churn), one whose traffic dropped gives
     * the memory back.
     */
    private static final int SHRINK_AFTER_DRAINS = 16;

    private byte[] ring = EMPTY;
    private int ringHead;
    private int ringLength;
    private int drainsSinceResize;
    private int peakSinceResize;
    /** Pieces beyond the end of the ring's bytes: non-overlapping, keyed by stream offset. */
    private final TreeMap<Long, byte[]> beyondGap = new TreeMap<>();
    private long beyondGapBytes;
    private long readOffset;
    private long highestReceived;

    /** Offset of the next byte {@link #read} returns. */
    public long readOffset() {
        return readOffset;
    }

    /** One past the largest offset received so far (RFC 9000 §4.5 needs it for final size checks). */
    public long highestReceived() {
        return highestReceived;
    }

    /** Bytes held in memory, contiguous or beyond a gap. */
    public long bufferedBytes() {
        return ringLength + beyondGapBytes;
    }

    /** Number of bytes readable now without a gap. */
    public long readableBytes() {
        return ringLength;
    }

    /** Stores the bytes of {@code data} at stream offset {@code offset}; the buffer's position is not changed. */
    public void insert(long offset, ByteBuffer data) {
        int length = data.remaining();
        long end = offset + length;
        if (end > highestReceived) {
            highestReceived = end;
        }
        long contiguousEnd = readOffset + ringLength;
        if (end <= contiguousEnd) {
            return; // everything here was read or is held already
        }
        if (offset > contiguousEnd) {
            keepBeyondGap(offset, data);
            return;
        }
        // Append up to each piece already held beyond the gap, then take that piece (its copy came
        // first), until the new data is used up.
        long pos = contiguousEnd;
        while (pos < end) {
            Long nextPiece = beyondGap.isEmpty() ? null : beyondGap.firstKey();
            long stop = nextPiece == null ? end : Math.min(end, nextPiece);
            if (stop > pos) {
                appendToRing(data, data.position() + (int) (pos - offset), (int) (stop - pos));
            }
            absorbPiecesBeyondGap();
            pos = readOffset + ringLength;
        }
    }

    /** Copies contiguous bytes from the read offset into {@code dst}; returns how many. */
    public int read(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), ringLength);
        int first = Math.min(n, ring.length - ringHead);
        dst.put(ring, ringHead, first);
        if (n > first) {
            dst.put(ring, 0, n - first);
        }
        ringHead = ring.length == 0 ? 0 : (ringHead + n) % ring.length;
        ringLength -= n;
        readOffset += n;
        if (ringLength == 0) {
            ringHead = 0;
            shrinkIfOversized();
        }
        return n;
    }

    /** Size of the ring's array, for tests of its growth and shrinking. */
    int ringCapacity() {
        return ring.length;
    }

    /** Drops everything buffered, as after RESET_STREAM (RFC 9000 §3.2) or when a level is discarded. */
    public void discardAll() {
        ring = EMPTY;
        ringHead = 0;
        ringLength = 0;
        beyondGap.clear();
        beyondGapBytes = 0;
        readOffset = Math.max(readOffset, highestReceived);
    }

    private void appendToRing(ByteBuffer src, int index, int count) {
        ensureRingCapacity(ringLength + count);
        int tail = (ringHead + ringLength) % ring.length;
        int first = Math.min(count, ring.length - tail);
        src.get(index, ring, tail, first);
        if (count > first) {
            src.get(index + first, ring, 0, count - first);
        }
        ringLength += count;
        peakSinceResize = Math.max(peakSinceResize, ringLength);
    }

    private void appendToRing(byte[] src, int index, int count) {
        ensureRingCapacity(ringLength + count);
        int tail = (ringHead + ringLength) % ring.length;
        int first = Math.min(count, ring.length - tail);
        System.arraycopy(src, index, ring, tail, first);
        if (count > first) {
            System.arraycopy(src, index + first, ring, 0, count - first);
        }
        ringLength += count;
        peakSinceResize = Math.max(peakSinceResize, ringLength);
    }

    /** Moves pieces that the ring now reaches into it, trimming what the ring already holds. */
    private void absorbPiecesBeyondGap() {
        while (!beyondGap.isEmpty()) {
            Map.Entry<Long, byte[]> first = beyondGap.firstEntry();
            long contiguousEnd = readOffset + ringLength;
            long start = first.getKey();
            if (start > contiguousEnd) {
                return;
            }
            byte[] bytes = first.getValue();
            beyondGap.pollFirstEntry();
            beyondGapBytes -= bytes.length;
            long pieceEnd = start + bytes.length;
            if (pieceEnd > contiguousEnd) {
                int skip = (int) (contiguousEnd - start);
                appendToRing(bytes, skip, bytes.length - skip);
            }
        }
    }

    /** Copies the parts of a piece beyond a gap that no held piece covers yet. */
    private void keepBeyondGap(long offset, ByteBuffer data) {
        long end = offset + data.remaining();
        long from = offset;
        while (from < end) {
            Map.Entry<Long, byte[]> floor = beyondGap.floorEntry(from);
            if (floor != null && floor.getKey() + floor.getValue().length > from) {
                from = floor.getKey() + floor.getValue().length;
                continue;
            }
            Long next = beyondGap.higherKey(from);
            long gapEnd = next == null ? end : Math.min(end, next);
            byte[] copy = new byte[(int) (gapEnd - from)];
            data.get(data.position() + (int) (from - offset), copy);
            beyondGap.put(from, copy);
            beyondGapBytes += copy.length;
            from = gapEnd;
        }
    }

    private void shrinkIfOversized() {
        if (ring.length <= MIN_RING || ++drainsSinceResize < SHRINK_AFTER_DRAINS) {
            return;
        }
        if (peakSinceResize < ring.length / 4) {
            ring = new byte[Math.max(MIN_RING, peakSinceResize * 2)];
        }
        drainsSinceResize = 0;
        peakSinceResize = 0;
    }

    private void ensureRingCapacity(int needed) {
        if (needed <= ring.length) {
            return;
        }
        int capacity = Math.max(needed, Math.max(MIN_RING, ring.length * 2));
        byte[] grown = new byte[capacity];
        int first = Math.min(ringLength, ring.length - ringHead);
        System.arraycopy(ring, ringHead, grown, 0, first);
        if (ringLength > first) {
            System.arraycopy(ring, 0, grown, first, ringLength - first);
        }
        ring = grown;
        ringHead = 0;
        drainsSinceResize = 0;
    }
}
