package io.mqttd.quic.frame;

import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * ACK and ACK_ECN frames, RFC 9000 §19.3.
 *
 * <p>The acknowledged packet numbers are held compactly as ranges in descending order, two longs
 * per range: {@code ranges[2i]} is the largest and {@code ranges[2i+1]} the smallest packet number
 * of range {@code i}. Range 0 holds the Largest Acknowledged. Consecutive ranges are separated by at
 * least one unacknowledged packet number, as the wire form (Gap + 2) requires (§19.3.1).
 *
 * <p>{@code ackDelay} is the raw field: microseconds scaled down by 2^ack_delay_exponent (§19.3).
 */
public final class AckFrame implements Frame {
    public static final long TYPE_ACK = 0x02;
    public static final long TYPE_ACK_ECN = 0x03;

    private final long ackDelay;
    private final long[] ranges;
    private final EcnCounts ecn;

    private AckFrame(long ackDelay, long[] ranges, EcnCounts ecn) {
        this.ackDelay = ackDelay;
        this.ranges = ranges;
        this.ecn = ecn;
    }

    /**
     * An ACK frame from descending ranges {@code [largest0, smallest0, largest1, smallest1, ...]}.
     * The array is copied; its shape is checked (local input: IllegalArgumentException).
     *
     * @param ecn the ECN counts for ACK_ECN (type 0x03), or null for a plain ACK (type 0x02)
     */
    public static AckFrame of(long ackDelay, long[] descendingRanges, EcnCounts ecn) {
        long[] r = descendingRanges.clone();
        checkShape(ackDelay, r);
        return new AckFrame(ackDelay, r, ecn);
    }

    /** Takes ownership of an array already checked (by the decoder or by {@link #of}). */
    static AckFrame ofTrusted(long ackDelay, long[] descendingRanges, EcnCounts ecn) {
        return new AckFrame(ackDelay, descendingRanges, ecn);
    }

    /** An ACK of the single range [smallest, largest]. */
    public static AckFrame ofRange(long ackDelay, long smallest, long largest) {
        return of(ackDelay, new long[] {largest, smallest}, null);
    }

    private static void checkShape(long ackDelay, long[] r) {
        if (r.length == 0 || (r.length & 1) != 0) {
            throw new IllegalArgumentException("ranges must be non-empty pairs of [largest, smallest]");
        }
        if (ackDelay < 0 || ackDelay > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("ACK delay out of range: " + ackDelay);
        }
        if (r[0] > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("largest acknowledged exceeds 2^62-1");
        }
        for (int i = 0; i < r.length; i += 2) {
            if (r[i + 1] < 0 || r[i + 1] > r[i]) {
                throw new IllegalArgumentException("range " + (i / 2) + " is not [largest >= smallest >= 0]");
            }
            // §19.3.1: the next range's largest is at most smallest - 2 (Gap encodes the distance minus 2).
            if (i + 2 < r.length && r[i + 2] > r[i + 1] - 2) {
                throw new IllegalArgumentException("ranges " + (i / 2) + " and " + (i / 2 + 1)
                        + " overlap, touch or are not descending");
            }
        }
    }

    @Override
    public long type() {
        return ecn == null ? TYPE_ACK : TYPE_ACK_ECN;
    }

    @Override
    public void accept(FrameVisitor visitor) {
        visitor.ack(this);
    }

    /** RFC 9002 §2: ACK frames are not ack-eliciting. */
    @Override
    public boolean isAckEliciting() {
        return false;
    }

    public long largestAcknowledged() {
        return ranges[0];
    }

    /** The raw ACK Delay field (§19.3); see {@link #ackDelayMicros(int)}. */
    public long ackDelay() {
        return ackDelay;
    }

    /** ACK Delay in microseconds: the field times 2^ack_delay_exponent (§19.3, §18.2), saturating. */
    public long ackDelayMicros(int ackDelayExponent) {
        if (ackDelayExponent >= 63 || ackDelay > (Long.MAX_VALUE >>> ackDelayExponent)) {
            return Long.MAX_VALUE;
        }
        return ackDelay << ackDelayExponent;
    }

    public int rangeCount() {
        return ranges.length >>> 1;
    }

    public long rangeLargest(int i) {
        return ranges[2 * i];
    }

    public long rangeSmallest(int i) {
        return ranges[2 * i + 1];
    }

    /** The smallest packet number this frame acknowledges. */
    public long smallestAcknowledged() {
        return ranges[ranges.length - 1];
    }

    /** The ECN counts of an ACK_ECN frame, or null for a plain ACK. */
    public EcnCounts ecnCounts() {
        return ecn;
    }

    /** Whether {@code packetNumber} lies in one of the ranges (binary search over descending ranges). */
    public boolean acknowledges(long packetNumber) {
        int lo = 0;
        int hi = rangeCount() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (packetNumber > ranges[2 * mid]) {
                hi = mid - 1;
            } else if (packetNumber < ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    @Override
    public int encodedSize() {
        int size = VarInt.encodedLength(type())
                + VarInt.encodedLength(ranges[0])
                + VarInt.encodedLength(ackDelay)
                + VarInt.encodedLength(rangeCount() - 1)
                + VarInt.encodedLength(ranges[0] - ranges[1]);
        for (int i = 2; i < ranges.length; i += 2) {
            size += VarInt.encodedLength(ranges[i - 1] - ranges[i] - 2);
            size += VarInt.encodedLength(ranges[i] - ranges[i + 1]);
        }
        if (ecn != null) {
            size += VarInt.encodedLength(ecn.ect0()) + VarInt.encodedLength(ecn.ect1())
                    + VarInt.encodedLength(ecn.ecnCe());
        }
        return size;
    }

    /** RFC 9000 §19.3: Largest, Delay, Range Count, First Range, then (Gap, Range Length) pairs. */
    @Override
    public void encode(ByteBuffer buf) {
        VarInt.write(buf, type());
        VarInt.write(buf, ranges[0]);
        VarInt.write(buf, ackDelay);
        VarInt.write(buf, rangeCount() - 1);
        VarInt.write(buf, ranges[0] - ranges[1]);
        for (int i = 2; i < ranges.length; i += 2) {
            // §19.3.1: Gap = previous smallest - this largest - 2; ACK Range Length = largest - smallest.
            VarInt.write(buf, ranges[i - 1] - ranges[i] - 2);
            VarInt.write(buf, ranges[i] - ranges[i + 1]);
        }
        if (ecn != null) {
            VarInt.write(buf, ecn.ect0());
            VarInt.write(buf, ecn.ect1());
            VarInt.write(buf, ecn.ecnCe());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AckFrame other && ackDelay == other.ackDelay
                && Arrays.equals(ranges, other.ranges) && java.util.Objects.equals(ecn, other.ecn);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(ackDelay) + Arrays.hashCode(ranges)) + java.util.Objects.hashCode(ecn);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AckFrame[delay=").append(ackDelay).append(", ranges=");
        for (int i = 0; i < ranges.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append(ranges[i + 1]).append("..").append(ranges[i]);
        }
        if (ecn != null) {
            sb.append(", ").append(ecn);
        }
        return sb.append(']').toString();
    }
}
