package io.mqttd.quic.recovery;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.frame.EcnCounts;
import io.mqttd.quic.packet.PacketNumberSpace;
import java.util.Arrays;

/**
 * The receiver side of one packet number space (RFC 9000 §13.2): which packet numbers arrived
 * (duplicate detection, RFC 9000 §12.3), the ACK ranges to report, when an ACK is due, the ECN
 * counts (§13.4.1), and the ACK frame itself.
 *
 * <p>Ranges are kept in descending order, at most {@code maxRanges} of them (§13.2.3): when one
 * more would be needed, the oldest is dropped and a floor rises above it; packets below the floor
 * count as duplicates, since the receiver "MUST retain an ACK Range unless it can ensure that it
 * will not subsequently accept packets with numbers in that range". The floor also rises when the
 * peer acknowledges a packet that carried one of our ACK frames (§13.2.4).
 *
 * <p>ACK timing (§13.2.1, §13.2.2): Initial and Handshake packets are acknowledged immediately; in
 * the Application Data space an ACK is sent after {@value #ACK_ELICITING_THRESHOLD} ack-eliciting
 * packets, immediately when an ack-eliciting packet arrives out of order or after a gap, or carries
 * ECN-CE, and otherwise within max_ack_delay. Non-ack-eliciting packets never set a deadline.
 */
public final class ReceivedPacketTracker {
    /** RFC 9000 §13.2.3 leaves the bound to us; 32 ranges keep an ACK frame well under 300 bytes. */
    public static final int DEFAULT_MAX_RANGES = 32;
    private static final int INITIAL_RANGES = 4;
    /** RFC 9000 §13.2.2: "SHOULD send an ACK frame after receiving at least two ack-eliciting packets". */
    public static final int ACK_ELICITING_THRESHOLD = 2;
    /** No ACK is due. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final PacketNumberSpace space;
    private final int maxRanges;
    private final long maxAckDelayNanos;
    /** Pairs [largest, smallest], descending; one spare pair for the insert-then-trim step. */
    private long[] ranges;
    private int rangeCount;
    /** Packet numbers below this are not accepted any more (duplicates or too old). */
    private long floor;

    private long largestReceived = -1;
    private long largestReceivedTimeNanos;
    private long largestAckEliciting = -1;
    private int ackElicitingSinceAck;
    private boolean ackPending;
    private long ackDeadline = NO_DEADLINE;

    private long ect0;
    private long ect1;
    private long ce;

    /**
     * @param maxAckDelayNanos our max_ack_delay transport parameter (RFC 9000 §18.2)
     * @param maxRanges the most ACK ranges remembered and reported, at least 1
     */
    public ReceivedPacketTracker(PacketNumberSpace space, long maxAckDelayNanos, int maxRanges) {
        if (maxRanges < 1) {
            throw new IllegalArgumentException("need at least one ACK range");
        }
        if (maxAckDelayNanos < 0) {
            throw new IllegalArgumentException("negative max_ack_delay");
        }
        this.space = space;
        this.maxRanges = maxRanges;
        this.maxAckDelayNanos = maxAckDelayNanos;
        // Room for a few ranges, grown on demand up to maxRanges + 1: an idle connection holds three.
        this.ranges = new long[2 * (Math.min(maxRanges, INITIAL_RANGES) + 1)];
    }

    public ReceivedPacketTracker(PacketNumberSpace space, long maxAckDelayNanos) {
        this(space, maxAckDelayNanos, DEFAULT_MAX_RANGES);
    }

    /** Whether {@code pn} was already received, or is too old to be accepted (RFC 9000 §12.3). */
    public boolean isDuplicate(long pn) {
        if (pn < floor) {
            return true;
        }
        for (int i = 0; i < rangeCount; i++) {
            if (pn > ranges[2 * i]) {
                return false;
            }
            if (pn >= ranges[2 * i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a successfully processed packet.
     *
     * @param ecn the ECN field of the IP header the packet came in
     * @return false if it was a duplicate (nothing recorded; the caller drops it, RFC 9000 §12.3)
     */
    public boolean onPacketReceived(long nowNanos, long pn, boolean ackEliciting, EcnCodepoint ecn) {
        if (pn < 0 || isDuplicate(pn)) {
            return false;
        }
        insert(pn);
        // RFC 9000 §13.4.1: duplicates were filtered above, so they do not count.
        switch (ecn) {
            case ECT_0 -> ect0++;
            case ECT_1 -> ect1++;
            case CE -> ce++;
            default -> { }
        }
        if (pn > largestReceived) {
            largestReceived = pn;
            largestReceivedTimeNanos = nowNanos;
        }
        ackPending = true;
        if (!ackEliciting) {
            // §13.2.1: never answer a non-ack-eliciting packet with an ACK of its own.
            return true;
        }
        ackElicitingSinceAck++;
        boolean immediate = space != PacketNumberSpace.APPLICATION_DATA // §13.2.1 Initial, Handshake
                || ecn == EcnCodepoint.CE
                || (largestAckEliciting >= 0 && pn < largestAckEliciting) // reordered
                || (largestAckEliciting >= 0 && pn > largestAckEliciting && !sameRange(pn, largestAckEliciting))
                || ackElicitingSinceAck >= ACK_ELICITING_THRESHOLD;
        if (pn > largestAckEliciting) {
            largestAckEliciting = pn;
        }
        long due = immediate ? nowNanos : nowNanos + maxAckDelayNanos;
        ackDeadline = Math.min(ackDeadline, due);
        return true;
    }

    /**
     * Whether no packet between {@code a} and {@code b} is missing, as far as it matters for
     * §13.2.1's immediate ACK. Below the floor the ranges are forgotten (§13.2.4) because an ACK
     * reporting them was acknowledged: any gap there is already known to the peer, so only packets
     * from the floor up can make a new gap. Without this, the first in-order packet after the peer
     * acknowledged our ACK looked like one after a gap and drew an ACK-only datagram of its own: two
     * extra datagrams in every request/response round.
     */
    private boolean sameRange(long a, long b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        for (int i = 0; i < rangeCount; i++) {
            if (hi <= ranges[2 * i] && hi >= ranges[2 * i + 1]) {
                return lo >= ranges[2 * i + 1] || ranges[2 * i + 1] <= floor;
            }
        }
        return false;
    }

    private void insert(long pn) {
        int i = 0;
        for (; i < rangeCount; i++) {
            long hi = ranges[2 * i];
            long lo = ranges[2 * i + 1];
            if (pn > hi + 1) {
                break;
            }
            if (pn == hi + 1) {
                // The previous (higher) range starts at least two above pn, or we would have stopped there.
                ranges[2 * i] = pn;
                return;
            }
            if (pn == lo - 1) {
                ranges[2 * i + 1] = pn;
                if (i + 1 < rangeCount && ranges[2 * (i + 1)] == pn - 1) {
                    ranges[2 * i + 1] = ranges[2 * (i + 1) + 1];
                    System.arraycopy(ranges, 2 * (i + 2), ranges, 2 * (i + 1), 2 * (rangeCount - i - 2));
                    rangeCount--;
                }
                return;
            }
        }
        if (2 * (rangeCount + 1) > ranges.length) {
            ranges = Arrays.copyOf(ranges, Math.min(2 * ranges.length, 2 * (maxRanges + 1)));
        }
        System.arraycopy(ranges, 2 * i, ranges, 2 * (i + 1), 2 * (rangeCount - i));
        ranges[2 * i] = pn;
        ranges[2 * i + 1] = pn;
        rangeCount++;
        if (rangeCount > maxRanges) {
            // §13.2.3: drop the oldest range and never accept packets at or below it again.
            rangeCount--;
            floor = Math.max(floor, ranges[2 * rangeCount] + 1);
        }
    }

    /**
     * When an ACK frame must be sent at the latest (RFC 9000 §13.2.1); {@link #NO_DEADLINE} when no
     * ack-eliciting packet awaits acknowledgment. A deadline at or before now means "send now".
     */
    public long ackDeadlineNanos() {
        return ackDeadline;
    }

    /**
     * Whether there is anything new to acknowledge, ack-eliciting or not: an ACK frame is worth
     * adding to a packet that is sent anyway (RFC 9000 §13.2).
     */
    public boolean hasNewPackets() {
        return ackPending && rangeCount > 0;
    }

    /**
     * The ACK frame to send now, or null if nothing is left to acknowledge. The ACK Delay is the
     * time since the largest packet arrived (§13.2.5), in microseconds scaled down by our
     * ack_delay_exponent (§19.3). ECN counts are included once any ECN-marked packet arrived.
     */
    public AckFrame buildAckFrame(long nowNanos, int ackDelayExponent) {
        if (rangeCount == 0) {
            return null;
        }
        long delayMicros = Math.max(0, nowNanos - largestReceivedTimeNanos) / 1000;
        long[] r = new long[2 * rangeCount];
        System.arraycopy(ranges, 0, r, 0, r.length);
        EcnCounts counts = (ect0 | ect1 | ce) != 0 ? new EcnCounts(ect0, ect1, ce) : null;
        return AckFrame.of(delayMicros >>> ackDelayExponent, r, counts);
    }

    /** An ACK frame built by {@link #buildAckFrame} was put in a packet: the ACK obligation is met. */
    public void onAckFrameSent() {
        ackPending = false;
        ackElicitingSinceAck = 0;
        ackDeadline = NO_DEADLINE;
    }

    /**
     * RFC 9000 §13.2.4: the peer acknowledged a packet carrying our ACK frame whose Largest
     * Acknowledged was {@code largestAcknowledged}: stop reporting packets at or below it.
     */
    public void onAckFrameAcknowledged(long largestAcknowledged) {
        if (largestAcknowledged < floor) {
            return;
        }
        floor = largestAcknowledged + 1;
        int keep = 0;
        while (keep < rangeCount && ranges[2 * keep + 1] > largestAcknowledged) {
            keep++;
        }
        if (keep < rangeCount && ranges[2 * keep] > largestAcknowledged) {
            ranges[2 * keep + 1] = largestAcknowledged + 1;
            keep++;
        }
        rangeCount = keep;
    }

    /** The largest packet number received, kept even when ranges are dropped (RFC 9000 §13.2.3, §17.1). */
    public long largestReceived() {
        return largestReceived;
    }

    public int rangeCount() {
        return rangeCount;
    }

    /** Packet numbers below this are treated as duplicates. */
    public long floor() {
        return floor;
    }

    public PacketNumberSpace space() {
        return space;
    }
}
