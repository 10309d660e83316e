package io.mqttd.quic.recovery;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.recovery.cc.CongestionController;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sender side of RFC 9002 for one connection: sent-packet tracking per packet number space,
 * RTT estimation (§5), acknowledgment- and time-based loss detection (§6.1), the probe timeout
 * (§6.2), discarding a space's state (§6.4), and the gate in front of sending: congestion window
 * (§7), pacing (§7.7) and the anti-amplification allowance given by the caller (RFC 9000 §8.1).
 *
 * <p>Sans-IO: every method takes the current time in nanoseconds (any monotonic origin); there is
 * one timer, read with {@link #nextTimeoutNanos()} and fired with {@link #onTimeout(long)}. The
 * fate of each packet goes back to the caller through a {@link RecoveryListener}, with the opaque
 * handle {@code F} it attached at send time.
 *
 * <p>The pseudocode of RFC 9002 Appendix A maps onto this class method by method:
 * OnPacketSent = {@link #onPacketSent}, OnAckReceived = {@link #onAckReceived},
 * OnLossDetectionTimeout = {@link #onTimeout}, OnPacketNumberSpaceDiscarded =
 * {@link #discardSpace}, OnDatagramReceived = {@link #setAtAmplificationLimit}.
 *
 * <p>Not thread-safe; one connection owns it.
 */
public final class LossRecovery<F> {
    /** RFC 9002 §6.1.1: kPacketThreshold, the initial packet reordering threshold. */
    public static final int PACKET_THRESHOLD = 3;
    /** The packet threshold grows after spurious losses (§6.1.1) up to this many packets. */
    public static final int MAX_PACKET_THRESHOLD = 20;
    /** RFC 9002 §6.1.2: kTimeThreshold = 9/8, in eighths of an RTT. */
    public static final int TIME_THRESHOLD_EIGHTHS = 9;
    /** The time threshold grows after spurious losses (§6.1.2 "adaptive thresholds") up to 2 RTTs. */
    public static final int MAX_TIME_THRESHOLD_EIGHTHS = 16;
    /** RFC 9002 §7.6.1: kPersistentCongestionThreshold. */
    public static final int PERSISTENT_CONGESTION_THRESHOLD = 3;
    /** RFC 9000 §18.2: max_ack_delay defaults to 25 ms. */
    public static final long DEFAULT_MAX_ACK_DELAY_NANOS = 25_000_000L;
    /** RFC 9000 §18.2: ack_delay_exponent defaults to 3. */
    public static final int DEFAULT_ACK_DELAY_EXPONENT = 3;
    /** "No timer": the loss detection timer is not armed. */
    public static final long NO_TIMER = Long.MAX_VALUE;

    private static final PacketNumberSpace[] SPACES = PacketNumberSpace.values();
    /** Backoff shifts beyond this saturate; 2^20 PTOs is far past any idle timeout. */
    private static final int MAX_BACKOFF_SHIFT = 20;

    private final RecoveryConfig config;
    private final RecoveryListener<F> listener;
    private final CongestionController cc;
    private final RttEstimator rtt;
    private final Pacer pacer;
    private final EcnValidator ecn;
    private final SentPacketTracker<F>[] spaces;
    private final int[] probes = new int[3];
    private final LostPacketLog[] lostLogs = {new LostPacketLog(), new LostPacketLog(), new LostPacketLog()};
    /** The packet reordering threshold; starts at kPacketThreshold, raised by spurious losses. */
    private int packetThreshold = PACKET_THRESHOLD;
    /** The time reordering threshold in eighths of an RTT; starts at 9/8, raised by spurious losses. */
    private int timeThresholdEighths = TIME_THRESHOLD_EIGHTHS;
    private long spuriousLosses;
    /**
     * The congestion event that spurious losses could still undo (RFC 9438 §4.9): its space (-1 for
     * none), the first packet number it lost, how many in-flight packets it (and its recovery
     * period) lost, and how many of those were acknowledged after all.
     */
    private int undoSpace = -1;
    private long undoFirstPn;
    private long undoLost;
    private long undoSpurious;

    private int ptoCount;
    private long lossDetectionTimer = NO_TIMER;
    private long maxAckDelayNanos = DEFAULT_MAX_ACK_DELAY_NANOS;
    private int peerAckDelayExponent = DEFAULT_ACK_DELAY_EXPONENT;
    private boolean handshakeConfirmed;
    private boolean hasHandshakeKeys;
    private boolean receivedHandshakeAck;
    private boolean atAmplificationLimit;
    private boolean appLimited;
    /** RFC 9002 §7.3.2 / Appendix B.6 MaybeSendOnePacket: one packet may exceed the new window. */
    private int recoveryPacketAllowance;
    private long deliveredBytes;
    /** The space GetPtoTimeAndSpace chose last (a field, so arming the timer does not allocate). */
    private PacketNumberSpace ptoSpace;
    /**
     * Newly acknowledged packet numbers of the ACK frame being processed: reused scratch that starts
     * small (an idle connection keeps it) and grows to the largest ACK seen.
     */
    private long[] ackedScratch = new long[8];

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array of trackers
    public LossRecovery(RecoveryConfig config, CongestionController cc, RecoveryListener<F> listener) {
        this.config = config;
        this.cc = cc;
        this.listener = listener;
        this.rtt = new RttEstimator(config.initialRttNanos());
        this.pacer = new Pacer(cc.maxDatagramSize());
        this.ecn = new EcnValidator(config.ecn());
        this.spaces = new SentPacketTracker[] {new SentPacketTracker<F>(), new SentPacketTracker<F>(),
            new SentPacketTracker<F>()};
    }

    // ---------------------------------------------------------------- connection state inputs

    /**
     * The peer's max_ack_delay and ack_delay_exponent transport parameters (RFC 9000 §18.2); until
     * they are known the defaults (25 ms, 3) apply.
     *
     * @throws TransportError TRANSPORT_PARAMETER_ERROR for values §18.2 calls invalid
     *     (max_ack_delay of 2^14 ms or more, ack_delay_exponent above 20)
     */
    public void setPeerTransportParameters(long maxAckDelayMicros, int ackDelayExponent) {
        if (maxAckDelayMicros < 0 || maxAckDelayMicros >= (1L << 14) * 1000) {
            throw TransportError.transportParameter("max_ack_delay out of range: " + maxAckDelayMicros + " us");
        }
        if (ackDelayExponent < 0 || ackDelayExponent > 20) {
            throw TransportError.transportParameter("ack_delay_exponent above 20: " + ackDelayExponent);
        }
        this.maxAckDelayNanos = maxAckDelayMicros * 1000L;
        this.peerAckDelayExponent = ackDelayExponent;
    }

    /** RFC 9001 §4.1.2: the handshake is confirmed; enables the Application Data PTO (§6.2.1). */
    public void onHandshakeConfirmed(long nowNanos) {
        handshakeConfirmed = true;
        setLossDetectionTimer(nowNanos);
    }

    /** Handshake keys are installed: the client's anti-deadlock probe uses the Handshake space. */
    public void onHandshakeKeysAvailable(long nowNanos) {
        hasHandshakeKeys = true;
        setLossDetectionTimer(nowNanos);
    }

    /**
     * The server tells whether it has used up its anti-amplification allowance (RFC 9002 §6.2.2.1,
     * Appendix A.6). While at the limit the PTO is not armed; when a datagram lifts the limit the
     * timer is rearmed, and if it now lies in the past the caller must call {@link #onTimeout}
     * straight away (check {@link #nextTimeoutNanos()}).
     */
    public void setAtAmplificationLimit(boolean atLimit, long nowNanos) {
        if (atAmplificationLimit != atLimit) {
            atAmplificationLimit = atLimit;
            setLossDetectionTimer(nowNanos);
        }
    }

    /**
     * RFC 9002 §7.8: the sender has less to send than the window allows (no data, flow control).
     * Cleared automatically when {@link #canSend} reports a congestion-window or pacing limit.
     */
    public void setApplicationLimited(boolean limited) {
        appLimited = limited;
    }

    /**
     * The path's maximum datagram size changed (PMTU discovery, RFC 9000 §14): the congestion
     * controller's windows (RFC 9002 §7.2) and the pacer's burst follow it.
     */
    public void setMaxDatagramSize(int maxDatagramSize) {
        cc.setMaxDatagramSize(maxDatagramSize);
        pacer.setMaxDatagramSize(maxDatagramSize);
    }

    // ---------------------------------------------------------------- sending

    /**
     * The ECN codepoint to put on the next packet's IP header (RFC 9000 §13.4.2); the packet is
     * recorded as so marked when {@link #onPacketSent} follows.
     */
    public EcnCodepoint ecnCodepointForNextPacket() {
        return ecn.codepointForNextPacket();
    }

    /**
     * Whether a packet of {@code bytes} may be sent now, and if not, which limit blocks it.
     *
     * @param amplificationAllowance bytes the anti-amplification limit still allows (RFC 9000
     *     §8.1), {@link Long#MAX_VALUE} once the peer's address is validated
     */
    public SendLimit canSend(long nowNanos, int bytes, long amplificationAllowance) {
        if (bytes > amplificationAllowance) {
            return SendLimit.AMPLIFICATION;
        }
        // RFC 9002 §7.5: probes are never blocked by the congestion controller (nor paced).
        if (probes[0] + probes[1] + probes[2] > 0) {
            return SendLimit.NONE;
        }
        if (bytesInFlight() + bytes > cc.congestionWindow() && recoveryPacketAllowance == 0) {
            appLimited = false;
            return SendLimit.CONGESTION_WINDOW;
        }
        if (config.pacing()
                && pacer.nextSendTimeNanos(nowNanos, bytes, cc.congestionWindow(), rtt.smoothedRttNanos()) > nowNanos) {
            // RFC 9002 §7.8: a sender held back by pacing is not application-limited.
            appLimited = false;
            return SendLimit.PACING;
        }
        return SendLimit.NONE;
    }

    /** When the pacer will let a full-sized packet go; {@code nowNanos} if it would now (RFC 9002 §7.7). */
    public long nextSendTimeNanos(long nowNanos) {
        return nextSendTimeNanos(nowNanos, cc.maxDatagramSize());
    }

    /** When the pacer will let a packet of {@code bytes} go; {@code nowNanos} if it would now. */
    public long nextSendTimeNanos(long nowNanos, int bytes) {
        if (!config.pacing() || probes[0] + probes[1] + probes[2] > 0) {
            return nowNanos;
        }
        return pacer.nextSendTimeNanos(nowNanos, bytes, cc.congestionWindow(), rtt.smoothedRttNanos());
    }

    /** Probe packets a PTO asked for in {@code space} and not yet sent (RFC 9002 §6.2.4). */
    public int probesPending(PacketNumberSpace space) {
        return probes[space.ordinal()];
    }

    /**
     * RFC 9002 Appendix A.5 OnPacketSent.
     *
     * @param packetNumber above every packet number sent before in {@code space}
     * @param bytes the packet's size including QUIC header and AEAD tag, without UDP/IP headers
     * @param ackEliciting the packet holds a frame other than ACK, PADDING, CONNECTION_CLOSE
     * @param inFlight ack-eliciting or padded: counts in bytes in flight (RFC 9002 §2)
     * @param frames the caller's handle to what the packet carried, handed back on ack/loss
     */
    public void onPacketSent(long nowNanos, PacketNumberSpace space, long packetNumber, int bytes,
            boolean ackEliciting, boolean inFlight, F frames) {
        onPacketSent(nowNanos, space, packetNumber, bytes, ackEliciting, inFlight, false, frames);
    }

    /**
     * A PMTU probe was sent (RFC 9000 §14.4): an ack-eliciting, in-flight 1-RTT packet larger than
     * the current maximum datagram size. It consumes congestion window like any packet, but its
     * loss "SHOULD NOT trigger a congestion control reaction" (RFC 9000 §14.4, RFC 8899 §3 item
     * 7): a lost probe starts no congestion event, counts for no persistent congestion (RFC 9002
     * §7.6) and is not an ECN validation failure. The listener still hears of its fate.
     */
    public void onPmtuProbeSent(long nowNanos, long packetNumber, int bytes, F frames) {
        onPacketSent(nowNanos, PacketNumberSpace.APPLICATION_DATA, packetNumber, bytes, true, true, true, frames);
    }

    private void onPacketSent(long nowNanos, PacketNumberSpace space, long packetNumber, int bytes,
            boolean ackEliciting, boolean inFlight, boolean pmtuProbe, F frames) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative packet size");
        }
        SentPacketTracker<F> t = spaces[space.ordinal()];
        boolean marked = ecn.codepointForNextPacket() != EcnCodepoint.NOT_ECT;
        long inFlightBefore = bytesInFlight();
        byte flags = (byte) ((ackEliciting ? SentPacketTracker.ACK_ELICITING : 0)
                | (inFlight ? SentPacketTracker.IN_FLIGHT : 0) | (marked ? SentPacketTracker.ECT : 0)
                | (pmtuProbe ? SentPacketTracker.PMTU_PROBE : 0));
        t.add(packetNumber, nowNanos, bytes, flags, frames);
        ecn.onPacketSent(space, marked);
        if (ackEliciting && probes[space.ordinal()] > 0) {
            probes[space.ordinal()]--;
        } else if (inFlight && recoveryPacketAllowance > 0 && inFlightBefore + bytes > cc.congestionWindow()) {
            recoveryPacketAllowance--;
        }
        if (inFlight) {
            if (ackEliciting) {
                t.timeOfLastAckEliciting = nowNanos;
            }
            cc.onPacketSent(nowNanos, bytes, bytesInFlight());
            if (config.pacing()) {
                pacer.onPacketSent(nowNanos, bytes, cc.congestionWindow(), rtt.smoothedRttNanos());
            }
            setLossDetectionTimer(nowNanos);
        }
    }

    // ---------------------------------------------------------------- acknowledgments

    /**
     * RFC 9002 Appendix A.7 OnAckReceived: an ACK frame received in {@code space}.
     *
     * @throws TransportError PROTOCOL_VIOLATION if the frame acknowledges a packet number never
     *     sent in this space (RFC 9000 §13.1)
     */
    public void onAckReceived(long nowNanos, PacketNumberSpace space, AckFrame ack) {
        SentPacketTracker<F> t = spaces[space.ordinal()];
        if (ack.largestAcknowledged() > t.largestSent()) {
            throw TransportError.protocolViolation(ack.type(), "ACK of unsent packet " + ack.largestAcknowledged()
                    + " in " + space + " (largest sent " + t.largestSent() + ")");
        }
        recoveryPacketAllowance = 0;
        if (space == PacketNumberSpace.HANDSHAKE) {
            receivedHandshakeAck = true;
        }
        boolean largestIncreased = ack.largestAcknowledged() > t.largestAcked;
        if (largestIncreased) {
            t.largestAcked = ack.largestAcknowledged();
        }

        // DetectAndRemoveAckedPackets: O(newly acked + ranges) thanks to nextLive's skip pointers.
        int acked = 0;
        boolean ackElicitingAcked = false;
        int markedAcked = 0;
        boolean largestNewlyAcked = false;
        long largest = ack.largestAcknowledged();
        // Lowest range first, so packets come back in ascending order.
        for (int r = ack.rangeCount() - 1; r >= 0; r--) {
            long hi = ack.rangeLargest(r);
            for (long pn = t.nextLive(ack.rangeSmallest(r)); pn <= hi && pn < t.end(); pn = t.nextLive(pn + 1)) {
                t.markAcked(pn);
                if (acked == ackedScratch.length) {
                    ackedScratch = java.util.Arrays.copyOf(ackedScratch, acked * 2);
                }
                ackedScratch[acked++] = pn;
                largestNewlyAcked |= pn == largest;
                ackElicitingAcked |= t.isAckEliciting(pn);
                if (t.isEct(pn)) {
                    markedAcked++;
                }
            }
        }
        detectSpuriousLosses(nowNanos, space, ack);
        if (acked == 0) {
            return;
        }

        // RFC 9002 §5.1: a sample only if the largest is newly acked and something ack-eliciting was.
        if (largestNewlyAcked && ackElicitingAcked) {
            long ackDelay = 0;
            // §5.3: the ack delay MAY be ignored for Initial packets, which are never delayed.
            if (space != PacketNumberSpace.INITIAL) {
                ackDelay = saturatingMicrosToNanos(ack.ackDelayMicros(peerAckDelayExponent));
            }
            rtt.onSample(nowNanos, nowNanos - t.timeSent(largest), ackDelay, handshakeConfirmed, maxAckDelayNanos);
        }

        // RFC 9002 Appendix B.7 ProcessECN, with the validation of RFC 9000 §13.4.2.1.
        if (ecn.onAck(space, largestIncreased, markedAcked, ack.ecnCounts()) && largestNewlyAcked) {
            if (cc.onCongestionEvent(nowNanos, t.timeSent(largest), true, rtt)) {
                recoveryPacketAllowance = 1;
                undoSpace = -1;
            }
        }

        detectAndRemoveLostPackets(space, nowNanos);

        // OnPacketsAcked after the losses, as Appendix A.7 orders it.
        for (int i = 0; i < acked; i++) {
            long pn = ackedScratch[i];
            if (t.isInFlight(pn)) {
                int size = t.size(pn);
                deliveredBytes += size;
                cc.onPacketAcked(nowNanos, t.timeSent(pn), size, appLimited, rtt);
            }
            listener.onPacketAcked(space, pn, t.frames(pn));
        }
        t.compact();
        cc.onAckProcessed(nowNanos, deliveredBytes, bytesInFlight(), rtt);

        // §6.2.1: a client not sure the server validated its address keeps the backoff.
        if (peerCompletedAddressValidation()) {
            ptoCount = 0;
        }
        setLossDetectionTimer(nowNanos);
    }

    /**
     * RFC 9002 §6.1.1, §6.1.2: an ACK for a packet already declared lost shows the loss was
     * spurious. The threshold that declared it grows, as RACK (RFC 8985 §6.2) does, so the same
     * reordering is not mistaken for loss again: the packet threshold to the reordering distance
     * seen, the time threshold by 1/8 RTT per spurious time-threshold loss.
     */
    private void detectSpuriousLosses(long nowNanos, PacketNumberSpace space, AckFrame ack) {
        LostPacketLog log = lostLogs[space.ordinal()];
        if (log.size() == 0) {
            return;
        }
        for (int r = 0; r < ack.rangeCount() && log.size() > 0; r++) {
            int from = log.firstAtOrAbove(ack.rangeSmallest(r));
            int to = from;
            while (to < log.size() && log.packetNumber(to) <= ack.rangeLargest(r)) {
                spuriousLosses++;
                if (log.lostByTime(to)) {
                    timeThresholdEighths = Math.min(MAX_TIME_THRESHOLD_EIGHTHS, timeThresholdEighths + 1);
                } else {
                    long distance = log.reorderingDistance(to);
                    packetThreshold = (int) Math.min(MAX_PACKET_THRESHOLD, Math.max(packetThreshold, distance + 1));
                }
                if (undoSpace == space.ordinal() && log.packetNumber(to) >= undoFirstPn
                        && ++undoSpurious >= undoLost) {
                    // Every loss of the last congestion event was reordering: undo its reduction.
                    undoSpace = -1;
                    cc.onSpuriousCongestionEvent(nowNanos);
                }
                listener.onSpuriousLoss(space, log.packetNumber(to));
                to++;
            }
            log.remove(from, to);
        }
    }

    private static long saturatingMicrosToNanos(long micros) {
        return micros > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : micros * 1000;
    }

    /**
     * RFC 9002 Appendix A.10 DetectAndRemoveLostPackets plus Appendix B.8 OnPacketsLost, including
     * the persistent congestion check of §7.6.2 over this space's packets.
     */
    private int detectAndRemoveLostPackets(PacketNumberSpace space, long nowNanos) {
        SentPacketTracker<F> t = spaces[space.ordinal()];
        t.lossTime = Long.MAX_VALUE;
        if (t.largestAcked < 0) {
            return 0;
        }
        int lostCount = 0;
        int inFlightLost = 0;
        long firstInFlightLost = -1;
        long lossDelay = rtt.lossDelayNanos(timeThresholdEighths);
        long lostSendTime = nowNanos - lossDelay;
        long sentTimeOfLastLoss = Long.MIN_VALUE;
        boolean anyInFlightLost = false;

        // §7.6.1: the duration includes max_ack_delay whatever the space.
        long pcDuration = saturatingMul(rtt.ptoPeriodNanos(maxAckDelayNanos), PERSISTENT_CONGESTION_THRESHOLD);
        boolean persistent = false;
        boolean pcRunActive = false;
        long pcRunStart = 0;
        long previous = Long.MIN_VALUE;

        for (long pn = t.nextLive(0); pn <= t.largestAcked && pn < t.end(); pn = t.nextLive(pn + 1)) {
            // §7.6.2: the lost packets must not have an acknowledged packet between them. A gap in
            // the live packet numbers means an acked (or earlier lost) packet sat in between.
            if (pn != previous + 1) {
                pcRunActive = false;
            }
            previous = pn;
            long sent = t.timeSent(pn);
            boolean lostByPacketThreshold = t.largestAcked >= pn + packetThreshold;
            if (sent <= lostSendTime || lostByPacketThreshold) {
                boolean inFlight = t.isInFlight(pn);
                boolean ackEliciting = t.isAckEliciting(pn);
                boolean marked = t.isEct(pn);
                boolean pmtuProbe = t.isPmtuProbe(pn);
                F frames = t.frames(pn);
                t.markLost(pn);
                if (pmtuProbe) {
                    // RFC 9000 §14.4: a probe is likelier lost for its size than for congestion;
                    // it neither starts a congestion event nor joins a persistent congestion run
                    // (nor breaks one: it says nothing about packets of the current size).
                    listener.onPacketLost(space, pn, frames);
                    lostCount++;
                    continue;
                }
                if (marked) {
                    ecn.onMarkedPacketLost();
                }
                if (inFlight) {
                    // Only in-flight packets matter to congestion control, and so to spurious losses.
                    lostLogs[space.ordinal()].add(pn, t.largestAcked, !lostByPacketThreshold);
                    if (inFlightLost++ == 0) {
                        firstInFlightLost = pn;
                    }
                    anyInFlightLost = true;
                    sentTimeOfLastLoss = Math.max(sentTimeOfLastLoss, sent);
                }
                // §7.6.2: both ends ack-eliciting and sent after the first RTT sample.
                if (ackEliciting && rtt.hasSample() && sent > rtt.firstSampleTimeNanos()) {
                    if (!pcRunActive) {
                        pcRunActive = true;
                        pcRunStart = sent;
                    } else if (sent - pcRunStart > pcDuration) {
                        persistent = true;
                    }
                }
                listener.onPacketLost(space, pn, frames);
                lostCount++;
            } else {
                t.lossTime = Math.min(t.lossTime, sent + lossDelay);
                pcRunActive = false;
            }
        }
        if (anyInFlightLost) {
            if (cc.onCongestionEvent(nowNanos, sentTimeOfLastLoss, false, rtt)) {
                recoveryPacketAllowance = 1;
                undoSpace = space.ordinal();
                undoFirstPn = firstInFlightLost;
                undoLost = inFlightLost;
                undoSpurious = 0;
            } else if (undoSpace == space.ordinal()) {
                // More losses within the same recovery period: all must prove spurious for an undo.
                undoLost += inFlightLost;
            } else {
                undoSpace = -1;
            }
        }
        if (persistent) {
            cc.onPersistentCongestion(nowNanos);
            rtt.onPersistentCongestion();
            undoSpace = -1;
        }
        return lostCount;
    }

    private static long saturatingMul(long a, int b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    // ---------------------------------------------------------------- the timer

    /** When {@link #onTimeout} must be called; {@link #NO_TIMER} when the timer is not armed. */
    public long nextTimeoutNanos() {
        return lossDetectionTimer;
    }

    /** RFC 9002 Appendix A.9 OnLossDetectionTimeout. Early or unarmed calls do nothing. */
    public TimeoutAction onTimeout(long nowNanos) {
        if (lossDetectionTimer == NO_TIMER || nowNanos < lossDetectionTimer) {
            return TimeoutAction.NOTHING;
        }
        PacketNumberSpace lossSpace = earliestLossTimeSpace();
        if (lossSpace != null) {
            // Time threshold loss detection (§6.1.2).
            SentPacketTracker<F> t = spaces[lossSpace.ordinal()];
            int lost = detectAndRemoveLostPackets(lossSpace, nowNanos);
            t.compact();
            setLossDetectionTimer(nowNanos);
            // A time threshold raised since the timer was set may find nothing lost yet.
            return lost > 0 ? new TimeoutAction(TimeoutAction.Kind.PACKETS_LOST, lossSpace, 0) : TimeoutAction.NOTHING;
        }
        PacketNumberSpace probeSpace;
        int count;
        if (!anyAckElicitingInFlight()) {
            // §6.2.2.1 anti-deadlock: a Handshake packet proves address ownership, a padded
            // Initial earns more amplification credit.
            probeSpace = hasHandshakeKeys ? PacketNumberSpace.HANDSHAKE : PacketNumberSpace.INITIAL;
            count = 1;
        } else {
            probeSpace = ptoSpace();
            count = config.probesPerPto();
        }
        if (probeSpace == null) {
            setLossDetectionTimer(nowNanos);
            return TimeoutAction.NOTHING;
        }
        probes[probeSpace.ordinal()] = count;
        ptoCount++;
        setLossDetectionTimer(nowNanos);
        return new TimeoutAction(TimeoutAction.Kind.PROBE, probeSpace, count);
    }

    /**
     * The frames of the newest ack-eliciting packets still outstanding in {@code space}, newest
     * first, at most {@code max} of them (PMTU probes excluded: they carry nothing to resend). A PTO
     * probe may carry this data again (RFC 9002 §6.2.4: "Previously sent data MAY be sent if no new
     * data can be sent"); the packets stay in flight and are acknowledged or declared lost as usual.
     */
    public List<F> newestOutstanding(PacketNumberSpace space, int max) {
        if (max <= 0) {
            return List.of();
        }
        SentPacketTracker<F> t = spaces[space.ordinal()];
        ArrayDeque<F> newest = new ArrayDeque<>(max);
        for (long pn = t.nextLive(0); pn < t.end(); pn = t.nextLive(pn + 1)) {
            if (t.isAckEliciting(pn) && !t.isPmtuProbe(pn)) {
                if (newest.size() == max) {
                    newest.pollLast();
                }
                newest.addFirst(t.frames(pn));
            }
        }
        return new ArrayList<>(newest);
    }

    private PacketNumberSpace earliestLossTimeSpace() {
        long time = Long.MAX_VALUE;
        PacketNumberSpace space = null;
        for (PacketNumberSpace s : SPACES) {
            long lt = spaces[s.ordinal()].lossTime;
            if (lt < time) {
                time = lt;
                space = s;
            }
        }
        return space;
    }

    private boolean anyAckElicitingInFlight() {
        return spaces[0].hasAckElicitingInFlight() || spaces[1].hasAckElicitingInFlight()
                || spaces[2].hasAckElicitingInFlight();
    }

    /** The PTO period with backoff, without max_ack_delay (RFC 9002 Appendix A.8). */
    private long backedOff(long period) {
        int shift = Math.min(ptoCount, MAX_BACKOFF_SHIFT);
        return period > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : period << shift;
    }

    private long ptoBaseNanos() {
        return backedOff(rtt.ptoPeriodNanos(0));
    }

    /** GetPtoTimeAndSpace when packets are in flight: the earliest space's PTO time. */
    private long ptoTime() {
        long duration = ptoBaseNanos();
        long timeout = Long.MAX_VALUE;
        for (PacketNumberSpace s : SPACES) {
            SentPacketTracker<F> t = spaces[s.ordinal()];
            if (!t.hasAckElicitingInFlight()) {
                continue;
            }
            if (s == PacketNumberSpace.APPLICATION_DATA) {
                // §6.2.1: no Application Data PTO before the handshake is confirmed.
                if (!handshakeConfirmed) {
                    break;
                }
                duration = saturatingAdd(duration, backedOff(maxAckDelayNanos));
            }
            long time = saturatingAdd(t.timeOfLastAckEliciting, duration);
            if (time < timeout) {
                timeout = time;
                ptoSpace = s;
            }
        }
        return timeout;
    }

    private PacketNumberSpace ptoSpace() {
        ptoSpace = null;
        ptoTime();
        return ptoSpace;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** RFC 9002 Appendix A.8 PeerCompletedAddressValidation. */
    private boolean peerCompletedAddressValidation() {
        return config.isServer() || receivedHandshakeAck || handshakeConfirmed;
    }

    /** RFC 9002 Appendix A.8 SetLossDetectionTimer. */
    private void setLossDetectionTimer(long nowNanos) {
        long earliestLoss = Math.min(spaces[0].lossTime, Math.min(spaces[1].lossTime, spaces[2].lossTime));
        if (earliestLoss != Long.MAX_VALUE) {
            lossDetectionTimer = earliestLoss;
            return;
        }
        if (atAmplificationLimit) {
            lossDetectionTimer = NO_TIMER;
            return;
        }
        boolean inFlight = anyAckElicitingInFlight();
        if (!inFlight && peerCompletedAddressValidation()) {
            lossDetectionTimer = NO_TIMER;
            return;
        }
        if (!inFlight) {
            // §6.2.2.1: the client's anti-deadlock timer runs from now.
            lossDetectionTimer = saturatingAdd(nowNanos, ptoBaseNanos());
            return;
        }
        lossDetectionTimer = ptoTime();
    }

    // ---------------------------------------------------------------- discarding keys

    /**
     * RFC 9002 §6.4, Appendix A.11: the Initial or Handshake keys were discarded. Its packets leave
     * bytes in flight without being declared lost; the PTO backoff and the timer are reset.
     */
    public void discardSpace(PacketNumberSpace space, long nowNanos) {
        if (space == PacketNumberSpace.APPLICATION_DATA) {
            throw new IllegalArgumentException("Application Data keys are never discarded this way (RFC 9002 A.11)");
        }
        SentPacketTracker<F> t = spaces[space.ordinal()];
        for (long pn = t.nextLive(0); pn < t.end(); pn = t.nextLive(pn + 1)) {
            F frames = t.frames(pn);
            t.markLost(pn);
            listener.onPacketDiscarded(space, pn, frames);
        }
        t.clear();
        lostLogs[space.ordinal()].clear();
        if (undoSpace == space.ordinal()) {
            undoSpace = -1;
        }
        probes[space.ordinal()] = 0;
        ptoCount = 0;
        setLossDetectionTimer(nowNanos);
    }

    /**
     * RFC 9002 §6.4: the server rejected 0-RTT. Every Application Data packet still outstanding is a
     * 0-RTT packet (1-RTT keys come with the handshake that announced the rejection), so all of them
     * leave bytes in flight without being declared lost; the listener gets
     * {@link RecoveryListener#onPacketDiscarded} and the connection resends their data in 1-RTT
     * packets. Packet numbers keep increasing in the space (RFC 9000 §12.3).
     */
    public void onZeroRttRejected(long nowNanos) {
        SentPacketTracker<F> t = spaces[PacketNumberSpace.APPLICATION_DATA.ordinal()];
        for (long pn = t.nextLive(0); pn < t.end(); pn = t.nextLive(pn + 1)) {
            F frames = t.frames(pn);
            t.markLost(pn);
            listener.onPacketDiscarded(PacketNumberSpace.APPLICATION_DATA, pn, frames);
        }
        t.clear();
        lostLogs[PacketNumberSpace.APPLICATION_DATA.ordinal()].clear();
        if (undoSpace == PacketNumberSpace.APPLICATION_DATA.ordinal()) {
            undoSpace = -1;
        }
        probes[PacketNumberSpace.APPLICATION_DATA.ordinal()] = 0;
        setLossDetectionTimer(nowNanos);
    }

    // ---------------------------------------------------------------- state for callers and tests

    /** bytes_in_flight of RFC 9002 Appendix B.2, across all spaces. */
    public long bytesInFlight() {
        return spaces[0].bytesInFlight() + spaces[1].bytesInFlight() + spaces[2].bytesInFlight();
    }

    public long congestionWindow() {
        return cc.congestionWindow();
    }

    public CongestionController congestionController() {
        return cc;
    }

    public RttEstimator rtt() {
        return rtt;
    }

    public EcnValidator.State ecnState() {
        return ecn.state();
    }

    public int ptoCount() {
        return ptoCount;
    }

    /** The largest packet number the peer acknowledged in {@code space}, or -1. */
    public long largestAcked(PacketNumberSpace space) {
        return spaces[space.ordinal()].largestAcked;
    }

    /** Total bytes of in-flight packets ever acknowledged (a delivery-rate signal). */
    public long deliveredBytes() {
        return deliveredBytes;
    }

    public boolean isApplicationLimited() {
        return appLimited;
    }

    /** The current packet reordering threshold (RFC 9002 §6.1.1), raised by spurious losses. */
    public int packetThreshold() {
        return packetThreshold;
    }

    /** The current time threshold in eighths of an RTT (RFC 9002 §6.1.2: 9 initially). */
    public int timeThresholdEighths() {
        return timeThresholdEighths;
    }

    /** Losses later shown spurious by an ACK of the lost packet. */
    public long spuriousLosses() {
        return spuriousLosses;
    }

    /** Tracked slots in {@code space} (outstanding packets plus uncompacted done ones); for tests. */
    int trackedSlots(PacketNumberSpace space) {
        return spaces[space.ordinal()].trackedSlots();
    }
}
