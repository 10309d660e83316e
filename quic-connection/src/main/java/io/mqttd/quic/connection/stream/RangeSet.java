package io.mqttd.quic.connection.stream;

import java.util.Arrays;

/**
 * A set of non-negative longs held as sorted, disjoint, non-adjacent half-open ranges
 * {@code [start, end)}. Stream buffers use it for byte ranges acknowledged, lost or received out
 * of order; the sets stay small (a few ranges), so parallel arrays with binary search beat a tree
 * and allocate nothing once grown.
 */
public final class RangeSet {
    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private int size;

    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of disjoint ranges. */
    public int rangeCount() {
        return size;
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    public void clear() {
        size = 0;
    }

    /** Total number of values in the set. */
    public long totalLength() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += ends[i] - starts[i];
        }
        return total;
    }

    /** Adds {@code [start, end)}, merging with ranges it overlaps or touches. */
    public void add(long start, long end) {
        if (start >= end) {
            return;
        }
        // First range whose end >= start (could merge), and first range whose start > end (cannot).
        int lo = firstEndingAtOrAfter(start);
        int hi = lo;
        while (hi < size && starts[hi] <= end) {
            hi++;
        }
        if (lo == hi) {
            insertAt(lo, start, end);
            return;
        }
        long newStart = Math.min(start, starts[lo]);
        long newEnd = Math.max(end, ends[hi - 1]);
        starts[lo] = newStart;
        ends[lo] = newEnd;
        int removed = hi - lo - 1;
        if (removed > 0) {
            System.arraycopy(starts, hi, starts, lo + 1, size - hi);
            System.arraycopy(ends, hi, ends, lo + 1, size - hi);
            size -= removed;
        }
    }

    /** Removes {@code [start, end)}, splitting a range if needed. */
    public void remove(long start, long end) {
        if (start >= end) {
            return;
        }
        int i = firstEndingAfter(start);
        while (i < size && starts[i] < end) {
            long s = starts[i];
            long e = ends[i];
            if (s < start && e > end) {
                ends[i] = start;
                insertAt(i + 1, end, e);
                return;
            }
            if (s < start) {
                ends[i] = start;
                i++;
            } else if (e > end) {
                starts[i] = end;
                return;
            } else {
                System.arraycopy(starts, i + 1, starts, i, size - i - 1);
                System.arraycopy(ends, i + 1, ends, i, size - i - 1);
                size--;
            }
        }
    }

    /** Removes every value below {@code bound}. */
    public void removeBelow(long bound) {
        if (size > 0 && starts[0] < bound) {
            remove(starts[0], bound);
        }
    }

    public boolean contains(long value) {
        int i = firstEndingAfter(value);
        return i < size && starts[i] <= value;
    }

    /** Whether every value of {@code [start, end)} is in the set. */
    public boolean containsAll(long start, long end) {
        if (start >= end) {
            return true;
        }
        int i = firstEndingAfter(start);
        return i < size && starts[i] <= start && ends[i] >= end;
    }

    /** Lowest range start, or -1 when empty. */
    public long first() {
        return size == 0 ? -1 : starts[0];
    }

    /** End of the lowest range, or -1 when empty. */
    public long firstEnd() {
        return size == 0 ? -1 : ends[0];
    }

    private int firstEndingAtOrAfter(long value) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int firstEndingAfter(long value) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insertAt(int i, long start, long end) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        System.arraycopy(starts, i, starts, i + 1, size - i);
        System.arraycopy(ends, i, ends, i + 1, size - i);
        starts[i] = start;
        ends[i] = end;
        size++;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append('[').append(starts[i]).append(", ").append(ends[i]).append(')');
        }
        return sb.append('}').toString();
    }
}
