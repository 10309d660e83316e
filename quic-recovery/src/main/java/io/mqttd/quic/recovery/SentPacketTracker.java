package io.mqttd.quic.recovery;


/**
 * The sent packets of one packet number space (RFC 9002 Appendix A.1), as a ring of columns indexed
 * by packet number.
 *
 * <p>Packets are sent in increasing packet-number order (RFC 9000 §12.3), so slot {@code i} of the
 * ring holds packet number {@code basePn + i}; a packet number the sender skipped is an empty slot.
 * A packet leaves the tracker when it is acknowledged, declared lost or discarded: its slot is
 * marked done and the ring's head moves past done slots. To keep acknowledging ranges
 * O(newly acked + ranges) even when an ACK frame repeats old ranges, each done slot keeps a pointer
 * to a later slot that may still be live, and {@link #nextLive} follows these pointers with path
 * compression (a union-find over "next packet still outstanding").
 *
 * <p>Not thread-safe; one connection owns it.
 */
final class SentPacketTracker<F> {
    static final byte ACK_ELICITING = 1;
    static final byte IN_FLIGHT = 2;
    static final byte ECT = 4;
    /** Acknowledged, lost, discarded, or a skipped packet number. */
    static final byte DONE = 8;
    static final byte ACKED = 16;
    /** A PMTU probe (RFC 9000 §14.4): its loss is no congestion signal. */
    static final byte PMTU_PROBE = 32;

    /**
     * Small: a connection that sits idle (most of a broker's) holds three of these, and the ring
     * doubles on demand when a flight is larger.
     */
    private static final int INITIAL_CAPACITY = 8;

    private long[] timeSent;
    private int[] size;
    private byte[] flags;
    private Object[] frames;
    /** For a done slot: a packet number at or after which the next live packet lies. */
    private long[] nextHint;
    private int mask;
    private int head;
    private int count;
    private long basePn;

    private long largestSent = -1;
    /** largest_acked_packet of RFC 9002 Appendix A.3; -1 stands for "infinite" (none yet). */
    long largestAcked = -1;
    /** loss_time of RFC 9002 Appendix A.3; Long.MAX_VALUE when not set. */
    long lossTime = Long.MAX_VALUE;
    /** time_of_last_ack_eliciting_packet of RFC 9002 Appendix A.3. */
    long timeOfLastAckEliciting;
    private int ackElicitingInFlight;
    private long bytesInFlight;

    SentPacketTracker() {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        timeSent = new long[capacity];
        size = new int[capacity];
        flags = new byte[capacity];
        frames = new Object[capacity];
        nextHint = new long[capacity];
        mask = capacity - 1;
        head = 0;
    }

    private int slot(long pn) {
        return (head + (int) (pn - basePn)) & mask;
    }

    /** Records a sent packet; {@code pn} must exceed every packet number sent before in this space. */
    void add(long pn, long nowNanos, int bytes, byte packetFlags, F packetFrames) {
        if (pn <= largestSent) {
            throw new IllegalArgumentException("packet number " + pn + " not above largest sent " + largestSent);
        }
        if (count == 0) {
            basePn = pn;
        } else {
            long gap = pn - (basePn + count);
            if (gap > (1 << 20)) {
                throw new IllegalArgumentException("packet number gap too large: " + gap);
            }
            // RFC 9000 §12.3: the sender may skip packet numbers; those slots are born done.
            for (long skipped = basePn + count; skipped < pn; skipped++) {
                append(skipped, 0, 0, DONE, null);
            }
        }
        append(pn, nowNanos, bytes, (byte) (packetFlags & (ACK_ELICITING | IN_FLIGHT | ECT | PMTU_PROBE)), packetFrames);
        largestSent = pn;
        if ((packetFlags & IN_FLIGHT) != 0) {
            bytesInFlight += bytes;
            if ((packetFlags & ACK_ELICITING) != 0) {
                ackElicitingInFlight++;
            }
        }
    }

    private void append(long pn, long nowNanos, int bytes, byte packetFlags, Object packetFrames) {
        if (count == mask + 1) {
            grow();
        }
        int s = (head + count) & mask;
        timeSent[s] = nowNanos;
        size[s] = bytes;
        flags[s] = packetFlags;
        frames[s] = packetFrames;
        nextHint[s] = pn + 1;
        count++;
    }

    private void grow() {
        int capacity = (mask + 1) * 2;
        long[] t = new long[capacity];
        int[] z = new int[capacity];
        byte[] f = new byte[capacity];
        Object[] o = new Object[capacity];
        long[] n = new long[capacity];
        for (int i = 0; i < count; i++) {
            int s = (head + i) & mask;
            t[i] = timeSent[s];
            z[i] = size[s];
            f[i] = flags[s];
            o[i] = frames[s];
            n[i] = nextHint[s];
        }
        timeSent = t;
        size = z;
        flags = f;
        frames = o;
        nextHint = n;
        mask = capacity - 1;
        head = 0;
    }

    /** One past the highest tracked packet number. */
    long end() {
        return basePn + count;
    }

    long largestSent() {
        return largestSent;
    }

    /** The smallest outstanding packet number at or after {@code pn}, or {@link #end()} if none. */
    long nextLive(long pn) {
        long end = basePn + count;
        long start = Math.max(pn, basePn);
        long p = start;
        while (p < end && (flags[slot(p)] & DONE) != 0) {
            p = nextHint[slot(p)];
        }
        p = Math.min(p, end);
        // Path compression: every done slot visited now points straight at the answer.
        long q = start;
        while (q < p) {
            int s = slot(q);
            long n = nextHint[s];
            nextHint[s] = p;
            q = n;
        }
        return p;
    }

    long timeSent(long pn) {
        return timeSent[slot(pn)];
    }

    int size(long pn) {
        return size[slot(pn)];
    }

    boolean isAckEliciting(long pn) {
        return (flags[slot(pn)] & ACK_ELICITING) != 0;
    }

    boolean isInFlight(long pn) {
        return (flags[slot(pn)] & IN_FLIGHT) != 0;
    }

    boolean isPmtuProbe(long pn) {
        return (flags[slot(pn)] & PMTU_PROBE) != 0;
    }

    boolean isEct(long pn) {
        return (flags[slot(pn)] & ECT) != 0;
    }

    @SuppressWarnings("unchecked")
    F frames(long pn) {
        return (F) frames[slot(pn)];
    }

    /**
     * Marks an outstanding packet acknowledged. Its columns stay readable until {@link #compact()},
     * so congestion control can see them after loss detection ran (RFC 9002 Appendix A.7 order).
     */
    void markAcked(long pn) {
        finish(pn, ACKED);
    }

    /** Marks an outstanding packet lost or discarded; it no longer counts in flight. */
    void markLost(long pn) {
        finish(pn, (byte) 0);
    }

    private void finish(long pn, byte extra) {
        int s = slot(pn);
        byte f = flags[s];
        if ((f & IN_FLIGHT) != 0) {
            bytesInFlight -= size[s];
            if ((f & ACK_ELICITING) != 0) {
                ackElicitingInFlight--;
            }
        }
        flags[s] = (byte) (f | DONE | extra);
        nextHint[s] = pn + 1;
    }

    boolean isAcked(long pn) {
        return pn >= basePn && pn < basePn + count && (flags[slot(pn)] & ACKED) != 0;
    }

    /** Releases done slots at the head of the ring; call once the caller no longer reads them. */
    void compact() {
        while (count > 0 && (flags[head] & DONE) != 0) {
            frames[head] = null;
            flags[head] = 0;
            head = (head + 1) & mask;
            basePn++;
            count--;
        }
        if (count == 0) {
            head = 0;
            basePn = largestSent + 1;
        }
    }

    /** RFC 9002 §6.4: forgets every packet (the caller first collects what it needs). */
    void clear() {
        allocate(INITIAL_CAPACITY); // a discarded space (or a drained burst) gives its ring back
        head = 0;
        count = 0;
        basePn = largestSent + 1;
        bytesInFlight = 0;
        ackElicitingInFlight = 0;
        lossTime = Long.MAX_VALUE;
        timeOfLastAckEliciting = 0;
    }

    boolean hasAckElicitingInFlight() {
        return ackElicitingInFlight > 0;
    }

    /** Bytes of this space's packets still counted in flight. */
    long bytesInFlight() {
        return bytesInFlight;
    }

    /** Number of tracked slots (outstanding, or done but not yet compacted); for tests. */
    int trackedSlots() {
        return count;
    }
}
