package io.mqttd.quic.recovery;

/**
 * The most recently declared-lost packets of one packet number space, kept so that a later ACK of
 * one of them reveals the loss as spurious (RFC 9002 §6.1, Appendix A.1: "the endpoint can still
 * maintain state for it for an amount of time to allow for packet reordering").
 *
 * <p>Losses are declared in increasing packet-number order within a space (a packet is only lost
 * if every older outstanding one is too), so the log is a sorted ring; the oldest entries are
 * overwritten once it is full.
 */
final class LostPacketLog {
    private static final int CAPACITY = 64;

    private static final long[] NO_LONGS = new long[0];
    private static final boolean[] NO_BOOLEANS = new boolean[0];

    // Allocated on the first loss: most connections of a broker never lose a packet in a space.
    private long[] pn = NO_LONGS;
    /** Largest acknowledged packet number when the packet was declared lost. */
    private long[] largestAckedAtLoss = NO_LONGS;
    /** Whether the time threshold (rather than the packet threshold) declared it lost. */
    private boolean[] byTime = NO_BOOLEANS;
    private int head;
    private int count;

    void add(long packetNumber, long largestAcked, boolean lostByTime) {
        if (count > 0 && packetNumber <= pn[(head + count - 1) % CAPACITY]) {
            return; // out of order: cannot happen by the argument above; never break the sort
        }
        if (pn.length == 0) {
            pn = new long[CAPACITY];
            largestAckedAtLoss = new long[CAPACITY];
            byTime = new boolean[CAPACITY];
        }
        int slot = (head + count) % CAPACITY;
        if (count == CAPACITY) {
            head = (head + 1) % CAPACITY;
        } else {
            count++;
        }
        pn[slot] = packetNumber;
        largestAckedAtLoss[slot] = largestAcked;
        byTime[slot] = lostByTime;
    }

    /** Index (0 = oldest) of the first logged packet number at or above {@code smallest}. */
    int firstAtOrAbove(long smallest) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pn[(head + mid) % CAPACITY] < smallest) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long packetNumber(int index) {
        return pn[(head + index) % CAPACITY];
    }

    /** How far below the largest acknowledged packet it was when declared lost. */
    long reorderingDistance(int index) {
        int s = (head + index) % CAPACITY;
        return largestAckedAtLoss[s] - pn[s];
    }

    boolean lostByTime(int index) {
        return byTime[(head + index) % CAPACITY];
    }

    /** Removes entries [from, to), keeping the rest in order. */
    void remove(int from, int to) {
        int removed = to - from;
        if (removed <= 0) {
            return;
        }
        for (int j = to; j < count; j++) {
            int src = (head + j) % CAPACITY;
            int dst = (head + j - removed) % CAPACITY;
            pn[dst] = pn[src];
            largestAckedAtLoss[dst] = largestAckedAtLoss[src];
            byTime[dst] = byTime[src];
        }
        count -= removed;
    }

    void clear() {
        head = 0;
        count = 0;
        pn = NO_LONGS;
        largestAckedAtLoss = NO_LONGS;
        byTime = NO_BOOLEANS;
    }

    int size() {
        return count;
    }
}
