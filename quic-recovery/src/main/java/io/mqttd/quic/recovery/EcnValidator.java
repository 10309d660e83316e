package io.mqttd.quic.recovery;

import io.mqttd.quic.frame.EcnCounts;
import io.mqttd.quic.packet.PacketNumberSpace;

/**
 * ECN validation of one path, RFC 9000 §13.4.2 and the example algorithm of its Appendix A.4:
 * mark the first {@value #TESTING_PACKETS} packets ECT(0), stop marking until an ACK frame proves
 * the path and the peer carry the marks, and give ECN up for good when the counts are absent or
 * inconsistent, or when every marked packet was lost.
 */
public final class EcnValidator {
    /** RFC 9000 §13.4.2: "an endpoint could set an ECT codepoint for only the first ten outgoing packets". */
    public static final int TESTING_PACKETS = 10;

    /** The validation states of RFC 9000 Appendix A.4, plus DISABLED for an endpoint without ECN. */
    public enum State {
        DISABLED,
        TESTING,
        UNKNOWN,
        CAPABLE,
        FAILED
    }

    private State state;
    private int testingSent;
    private long markedSent;
    private long markedLost;
    private final long[] sentEct0 = new long[3];
    private final long[] ect0 = new long[3];
    private final long[] ect1 = new long[3];
    private final long[] ce = new long[3];

    public EcnValidator(boolean enabled) {
        state = enabled ? State.TESTING : State.DISABLED;
    }

    public State state() {
        return state;
    }

    /** The codepoint for the next packet: ECT(0) while testing and once capable (RFC 9000 §13.4.2). */
    public EcnCodepoint codepointForNextPacket() {
        return state == State.TESTING || state == State.CAPABLE ? EcnCodepoint.ECT_0 : EcnCodepoint.NOT_ECT;
    }

    void onPacketSent(PacketNumberSpace space, boolean marked) {
        if (!marked) {
            return;
        }
        markedSent++;
        sentEct0[space.ordinal()]++;
        if (state == State.TESTING && ++testingSent >= TESTING_PACKETS) {
            state = State.UNKNOWN;
        }
    }

    void onMarkedPacketLost() {
        markedLost++;
        // RFC 9000 §13.4.2: if all packets marked with non-zero ECN codepoints are lost, the marks
        // themselves are the likely cause.
        if ((state == State.TESTING || state == State.UNKNOWN) && markedLost >= markedSent) {
            state = State.FAILED;
        }
    }

    /**
     * Validates the counts of an ACK frame (RFC 9000 §13.4.2.1).
     *
     * @param largestIncreased whether the frame raised the largest acknowledged packet number; a
     *     frame that does not is never used for validation nor for congestion signals
     * @param newlyAckedMarked newly acknowledged packets that were sent ECT(0)
     * @param counts the frame's ECN counts, or null for a plain ACK
     * @return whether the peer's ECN-CE count increased in a valid frame: a congestion signal
     *     (RFC 9002 §7.1, Appendix B.7)
     */
    boolean onAck(PacketNumberSpace space, boolean largestIncreased, int newlyAckedMarked, EcnCounts counts) {
        if (state == State.DISABLED || state == State.FAILED || !largestIncreased) {
            return false;
        }
        int i = space.ordinal();
        if (counts == null) {
            if (newlyAckedMarked > 0) {
                state = State.FAILED;
            }
            return false;
        }
        long dEct0 = counts.ect0() - ect0[i];
        long dEct1 = counts.ect1() - ect1[i];
        long dCe = counts.ecnCe() - ce[i];
        // Counts never decrease at an honest peer; more ECT(0) than we marked, or any ECT(1) (which
        // we never set), means the network or the peer rewrites marks.
        if (dEct0 < 0 || dEct1 < 0 || dCe < 0 || counts.ect0() > sentEct0[i] || counts.ect1() > 0
                || dEct0 + dCe < newlyAckedMarked) {
            state = State.FAILED;
            return false;
        }
        ect0[i] = counts.ect0();
        ect1[i] = counts.ect1();
        ce[i] = counts.ecnCe();
        if (newlyAckedMarked > 0 && (state == State.TESTING || state == State.UNKNOWN)) {
            state = State.CAPABLE;
        }
        return dCe > 0;
    }
}
