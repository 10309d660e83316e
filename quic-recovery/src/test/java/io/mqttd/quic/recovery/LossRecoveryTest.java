package io.mqttd.quic.recovery;

import static io.mqttd.quic.packet.PacketNumberSpace.APPLICATION_DATA;
import static io.mqttd.quic.packet.PacketNumberSpace.HANDSHAKE;
import static io.mqttd.quic.packet.PacketNumberSpace.INITIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.frame.EcnCounts;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.recovery.cc.NewReno;
import org.junit.jupiter.api.Test;

/** RFC 9002 Appendix A behaviour of {@link LossRecovery}, one rule per test. */
class LossRecoveryTest {
    static final long MS = 1_000_000L;
    static final int MDS = 1200;

    final RecordingListener listener = new RecordingListener();

    LossRecovery<String> client() {
        return new LossRecovery<>(RecoveryConfig.defaults(false).withPacing(false), new NewReno(MDS), listener);
    }

    LossRecovery<String> server() {
        return new LossRecovery<>(RecoveryConfig.defaults(true).withPacing(false), new NewReno(MDS), listener);
    }

    /** A client past the handshake, so Application Data has a PTO and backoff resets. */
    LossRecovery<String> confirmed() {
        LossRecovery<String> r = client();
        r.onHandshakeConfirmed(0);
        return r;
    }

    static void send(LossRecovery<String> r, long now, PacketNumberSpace space, long pn) {
        r.onPacketSent(now, space, pn, MDS, true, true, "p" + pn);
    }

    static AckFrame ack(long smallest, long largest) {
        return AckFrame.ofRange(0, smallest, largest);
    }

    @Test
    void firstRttSampleSetsSmoothedRttAndHalfVariance_rfc9002_5_3() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 0));
        assertThat(r.rtt().latestRttNanos()).isEqualTo(100 * MS);
        assertThat(r.rtt().smoothedRttNanos()).isEqualTo(100 * MS);
        assertThat(r.rtt().rttvarNanos()).isEqualTo(50 * MS);
        assertThat(r.rtt().minRttNanos()).isEqualTo(100 * MS);
        assertThat(listener.acked).containsExactly(0L);
    }

    @Test
    void noRttSampleWhenLargestAcknowledgedIsNotNewlyAcked_rfc9002_5_1() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        send(r, 0, APPLICATION_DATA, 1);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(1, 1));
        // The late ACK newly acks #0 but its largest (#1) was acked before: no second sample.
        r.onAckReceived(500 * MS, APPLICATION_DATA, ack(0, 1));
        assertThat(r.rtt().latestRttNanos()).isEqualTo(100 * MS);
        assertThat(listener.acked).containsExactly(1L, 0L);
        assertThat(r.rtt().smoothedRttNanos()).isEqualTo(100 * MS);
    }

    @Test
    void noRttSampleWhenOnlyNonAckElicitingPacketsAreAcked_rfc9002_5_1() {
        LossRecovery<String> r = confirmed();
        r.onPacketSent(0, APPLICATION_DATA, 0, 50, false, false, "ack-only");
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 0));
        assertThat(r.rtt().hasSample()).isFalse();
        assertThat(listener.acked).containsExactly(0L);
    }

    @Test
    void ignoresAckDelayInInitialSpace_rfc9002_5_3() {
        LossRecovery<String> r = client();
        send(r, 0, INITIAL, 0);
        send(r, 10 * MS, INITIAL, 1);
        r.onAckReceived(100 * MS, INITIAL, ack(0, 0));
        // ack delay field 1000 << 3 = 8 ms would shrink the 90 ms sample to 82 ms if it were used.
        r.onAckReceived(100 * MS, INITIAL, AckFrame.ofRange(1000, 1, 1));
        assertThat(r.rtt().latestRttNanos()).isEqualTo(90 * MS);
        assertThat(r.rtt().smoothedRttNanos()).isEqualTo((7 * 100 * MS + 90 * MS) / 8);
    }

    @Test
    void subtractsPeerAckDelayInHandshakeSpace_rfc9002_5_3() {
        LossRecovery<String> r = client();
        send(r, 0, HANDSHAKE, 0);
        send(r, 0, HANDSHAKE, 1);
        r.onAckReceived(100 * MS, HANDSHAKE, ack(0, 0));
        // 8 ms of reported delay (1000 << 3 us), before confirmation not capped by max_ack_delay.
        r.onAckReceived(120 * MS, HANDSHAKE, AckFrame.ofRange(1000, 1, 1));
        assertThat(r.rtt().smoothedRttNanos()).isEqualTo((7 * 100 * MS + 112 * MS) / 8);
    }

    @Test
    void declaresLossAfterPacketThreshold_rfc9002_6_1_1() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn < 5; pn++) {
            send(r, pn * MS, APPLICATION_DATA, pn);
        }
        r.onAckReceived(50 * MS, APPLICATION_DATA, ack(3, 3));
        assertThat(listener.lost).containsExactly(0L);
        assertThat(listener.lostFrames).containsExactly("p0");
        assertThat(listener.acked).containsExactly(3L);
        assertThat(r.bytesInFlight()).isEqualTo(3L * MDS);
    }

    @Test
    void raisesPacketThresholdAfterSpuriousLoss_rfc9002_6_1_1() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn < 10; pn++) {
            send(r, pn * MS, APPLICATION_DATA, pn);
        }
        r.onAckReceived(50 * MS, APPLICATION_DATA, ack(3, 3));
        assertThat(listener.lost).containsExactly(0L);
        // #0 was only reordered: its late ACK reveals the spurious loss (3 packets of reordering).
        r.onAckReceived(51 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {3, 3, 0, 0}, null));
        assertThat(listener.spurious).containsExactly(0L);
        assertThat(listener.acked).containsExactly(3L);
        assertThat(r.spuriousLosses()).isEqualTo(1);
        assertThat(r.packetThreshold()).isEqualTo(4);
        // With threshold 4, #4 is not lost when #7 is acked (with 3 it would be); #1 and #2 are.
        r.onAckReceived(60 * MS, APPLICATION_DATA, ack(7, 7));
        assertThat(listener.lost).containsExactly(0L, 1L, 2L);
    }

    @Test
    void armsTimeThresholdTimerThenDeclaresLoss_rfc9002_6_1_2() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        send(r, 10 * MS, APPLICATION_DATA, 1);
        send(r, 20 * MS, APPLICATION_DATA, 2);
        r.onAckReceived(120 * MS, APPLICATION_DATA, ack(2, 2));
        // latest_rtt = 100 ms; loss delay 9/8 * 100 = 112.5 ms: #0 (sent 0) is older than
        // 120 - 112.5 = 7.5 ms, #1 (sent 10 ms) is not yet.
        assertThat(listener.lost).containsExactly(0L);
        assertThat(r.nextTimeoutNanos()).isEqualTo(10 * MS + 112_500_000L);
        assertThat(r.onTimeout(r.nextTimeoutNanos() - 1).kind()).isEqualTo(TimeoutAction.Kind.NONE);
        TimeoutAction action = r.onTimeout(r.nextTimeoutNanos());
        assertThat(action.kind()).isEqualTo(TimeoutAction.Kind.PACKETS_LOST);
        assertThat(action.space()).isEqualTo(APPLICATION_DATA);
        assertThat(listener.lost).containsExactly(0L, 1L);
        assertThat(r.bytesInFlight()).isZero();
    }

    @Test
    void undoesReductionWhenEveryLossOfTheEventWasSpurious_rfc9438_4_9() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn < 10; pn++) {
            send(r, pn * MS, APPLICATION_DATA, pn);
        }
        r.onAckReceived(50 * MS, APPLICATION_DATA, ack(4, 4));
        assertThat(listener.lost).containsExactly(0L, 1L);
        assertThat(r.congestionWindow()).isEqualTo(6000);
        r.onAckReceived(51 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {4, 4, 0, 0}, null));
        assertThat(r.congestionWindow()).isEqualTo(6000);
        r.onAckReceived(52 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {4, 4, 1, 0}, null));
        // Both losses were reordering: window, threshold and slow start come back.
        assertThat(listener.spurious).containsExactly(0L, 1L);
        assertThat(r.congestionWindow()).isEqualTo(12000);
        assertThat(r.congestionController().slowStartThreshold()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.congestionController().inRecovery(9 * MS)).isFalse();
    }

    @Test
    void keepsReductionWhenALossOfTheEventWasReal_rfc9438_4_9() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn < 10; pn++) {
            send(r, pn * MS, APPLICATION_DATA, pn);
        }
        r.onAckReceived(50 * MS, APPLICATION_DATA, ack(4, 4));
        r.onAckReceived(51 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {4, 4, 0, 0}, null));
        // #1 never arrives; a later loss in the same recovery period only adds to what must be spurious.
        r.onAckReceived(60 * MS, APPLICATION_DATA, ack(5, 9));
        assertThat(listener.lost).containsExactly(0L, 1L, 2L, 3L);
        r.onAckReceived(61 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {9, 2}, null));
        assertThat(listener.spurious).containsExactly(0L, 2L, 3L);
        assertThat(r.congestionWindow()).isEqualTo(6000);
    }

    @Test
    void raisesTimeThresholdAfterSpuriousTimeThresholdLoss_rfc9002_6_1_2() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        send(r, 10 * MS, APPLICATION_DATA, 1);
        send(r, 20 * MS, APPLICATION_DATA, 2);
        r.onAckReceived(120 * MS, APPLICATION_DATA, ack(2, 2));
        assertThat(listener.lost).containsExactly(0L);
        // #0 arrives after all: lost by the time threshold, so that threshold grows by 1/8 RTT.
        r.onAckReceived(121 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {2, 2, 0, 0}, null));
        assertThat(listener.spurious).containsExactly(0L);
        assertThat(r.timeThresholdEighths()).isEqualTo(10);
        assertThat(r.packetThreshold()).isEqualTo(LossRecovery.PACKET_THRESHOLD);
        // The old loss timer (10 + 112.5 ms) now finds #1 within 10/8 * 100 ms = 125 ms.
        assertThat(r.onTimeout(122_500_000L).kind()).isEqualTo(TimeoutAction.Kind.NONE);
        assertThat(r.nextTimeoutNanos()).isEqualTo(10 * MS + 125 * MS);
        assertThat(r.onTimeout(135 * MS).kind()).isEqualTo(TimeoutAction.Kind.PACKETS_LOST);
        assertThat(listener.lost).containsExactly(0L, 1L);
    }

    @Test
    void timeThresholdNeverBelowGranularity_rfc9002_6_1_2() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(0, 1000, 0, false, 0); // a 1 us RTT
        assertThat(rtt.lossDelayNanos()).isEqualTo(RttEstimator.GRANULARITY_NANOS);
    }

    @Test
    void ptoIncludesMaxAckDelayOnlyForApplicationData_rfc9002_6_2_1() {
        LossRecovery<String> app = confirmed();
        send(app, 0, APPLICATION_DATA, 0);
        // 333 + 4 * 166.5 + 25 ms
        assertThat(app.nextTimeoutNanos()).isEqualTo(1024 * MS);

        LossRecovery<String> initial = client();
        send(initial, 0, INITIAL, 0);
        assertThat(initial.nextTimeoutNanos()).isEqualTo(999 * MS);
    }

    @Test
    void ptoBacksOffExponentiallyAndAsksForProbes_rfc9002_6_2_1() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        TimeoutAction first = r.onTimeout(1024 * MS);
        assertThat(first).isEqualTo(new TimeoutAction(TimeoutAction.Kind.PROBE, APPLICATION_DATA, 2));
        assertThat(r.ptoCount()).isEqualTo(1);
        assertThat(r.nextTimeoutNanos()).isEqualTo(2048 * MS);
        assertThat(r.probesPending(APPLICATION_DATA)).isEqualTo(2);
        // §6.2: a PTO never declares anything lost.
        assertThat(listener.lost).isEmpty();
        send(r, 1024 * MS, APPLICATION_DATA, 1);
        send(r, 1024 * MS, APPLICATION_DATA, 2);
        assertThat(r.probesPending(APPLICATION_DATA)).isZero();
        assertThat(r.nextTimeoutNanos()).isEqualTo(1024 * MS + 2048 * MS);
    }

    @Test
    void ackResetsPtoBackoff_rfc9002_6_2_1() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        r.onTimeout(1024 * MS);
        send(r, 1024 * MS, APPLICATION_DATA, 1);
        r.onAckReceived(1100 * MS, APPLICATION_DATA, ack(1, 1));
        assertThat(r.ptoCount()).isZero();
    }

    @Test
    void clientKeepsPtoBackoffOnInitialAckBeforeAddressValidation_rfc9002_6_2_1() {
        LossRecovery<String> r = client();
        send(r, 0, INITIAL, 0);
        r.onTimeout(999 * MS);
        send(r, 999 * MS, INITIAL, 1);
        r.onAckReceived(1100 * MS, INITIAL, ack(1, 1));
        assertThat(r.ptoCount()).isEqualTo(1);

        LossRecovery<String> s = server();
        send(s, 0, INITIAL, 0);
        s.onTimeout(999 * MS);
        send(s, 999 * MS, INITIAL, 1);
        s.onAckReceived(1100 * MS, INITIAL, ack(1, 1));
        assertThat(s.ptoCount()).isZero();
    }

    @Test
    void noApplicationDataPtoBeforeHandshakeConfirmed_rfc9002_6_2_1() {
        LossRecovery<String> r = server();
        send(r, 0, APPLICATION_DATA, 0);
        assertThat(r.nextTimeoutNanos()).isEqualTo(LossRecovery.NO_TIMER);
        r.onHandshakeConfirmed(5 * MS);
        assertThat(r.nextTimeoutNanos()).isEqualTo(1024 * MS);
    }

    @Test
    void ptoTimerUsesEarliestSpace_rfc9002_6_2_1() {
        LossRecovery<String> r = server();
        send(r, 0, INITIAL, 0);
        send(r, 10 * MS, HANDSHAKE, 0);
        assertThat(r.nextTimeoutNanos()).isEqualTo(999 * MS);
        TimeoutAction action = r.onTimeout(999 * MS);
        assertThat(action.space()).isEqualTo(INITIAL);
    }

    @Test
    void handshakePtoIgnoresApplicationDataBeforeConfirmation_rfc9002_6_2_1() {
        LossRecovery<String> r = server();
        send(r, 0, APPLICATION_DATA, 0);
        send(r, 5 * MS, HANDSHAKE, 0);
        assertThat(r.nextTimeoutNanos()).isEqualTo(5 * MS + 999 * MS);
        assertThat(r.onTimeout(r.nextTimeoutNanos()).space()).isEqualTo(HANDSHAKE);
        // A.11 resets the backoff when Handshake keys go; confirmation then arms the Application
        // Data PTO from that space's last ack-eliciting send (t = 0), max_ack_delay included.
        r.discardSpace(HANDSHAKE, 1100 * MS);
        r.onHandshakeConfirmed(1100 * MS);
        assertThat(r.nextTimeoutNanos()).isEqualTo(1024 * MS);
    }

    @Test
    void clientArmsAntiDeadlockTimerWithNothingInFlight_rfc9002_6_2_2_1() {
        LossRecovery<String> r = client();
        send(r, 0, INITIAL, 0);
        r.onAckReceived(100 * MS, INITIAL, ack(0, 0));
        // Nothing in flight, but the server may be blocked by its amplification limit.
        long pto = 100 * MS + Math.max(4 * 50 * MS, MS);
        assertThat(r.nextTimeoutNanos()).isEqualTo(100 * MS + pto);
        TimeoutAction action = r.onTimeout(100 * MS + pto);
        assertThat(action).isEqualTo(new TimeoutAction(TimeoutAction.Kind.PROBE, INITIAL, 1));

        r.onHandshakeKeysAvailable(500 * MS);
        TimeoutAction next = r.onTimeout(r.nextTimeoutNanos());
        assertThat(next.space()).isEqualTo(HANDSHAKE);
    }

    @Test
    void clientStopsAntiDeadlockTimerAfterHandshakeAck_rfc9002_6_2_2_1() {
        LossRecovery<String> r = client();
        r.onHandshakeKeysAvailable(0);
        send(r, 0, HANDSHAKE, 0);
        r.onAckReceived(100 * MS, HANDSHAKE, ack(0, 0));
        assertThat(r.nextTimeoutNanos()).isEqualTo(LossRecovery.NO_TIMER);
    }

    @Test
    void serverAtAmplificationLimitDoesNotArmPto_rfc9002_6_2_2_1() {
        LossRecovery<String> r = server();
        send(r, 0, INITIAL, 0);
        r.setAtAmplificationLimit(true, 0);
        assertThat(r.nextTimeoutNanos()).isEqualTo(LossRecovery.NO_TIMER);
        r.setAtAmplificationLimit(false, 2000 * MS);
        // The PTO would have expired while blocked: it is due at once.
        assertThat(r.nextTimeoutNanos()).isEqualTo(999 * MS).isLessThan(2000 * MS);
        assertThat(r.onTimeout(2000 * MS).kind()).isEqualTo(TimeoutAction.Kind.PROBE);
    }

    @Test
    void discardingSpaceRemovesBytesInFlightWithoutDeclaringLoss_rfc9002_6_4() {
        LossRecovery<String> r = server();
        send(r, 0, INITIAL, 0);
        send(r, 0, INITIAL, 1);
        send(r, 0, HANDSHAKE, 0);
        long cwnd = r.congestionWindow();
        r.onTimeout(999 * MS);
        r.discardSpace(INITIAL, 5 * MS);
        assertThat(listener.discarded).containsExactly(0L, 1L);
        assertThat(listener.lost).isEmpty();
        assertThat(r.bytesInFlight()).isEqualTo(MDS);
        assertThat(r.congestionWindow()).isEqualTo(cwnd);
        assertThat(r.ptoCount()).isZero();
        assertThat(r.nextTimeoutNanos()).isEqualTo(999 * MS);
        // Late ACKs for the discarded space change nothing.
        assertThatThrownBy(() -> r.discardSpace(APPLICATION_DATA, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ackOfUnsentPacketIsProtocolViolation_rfc9000_13_1() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        assertThatThrownBy(() -> r.onAckReceived(10 * MS, APPLICATION_DATA, ack(0, 1)))
                .isInstanceOf(TransportError.class)
                .satisfies(e -> assertThat(((TransportError) e).errorCode())
                        .isEqualTo(TransportErrorCode.PROTOCOL_VIOLATION));
        assertThatThrownBy(() -> r.onAckReceived(10 * MS, HANDSHAKE, ack(0, 0)))
                .isInstanceOf(TransportError.class);
    }

    @Test
    void duplicateAckChangesNothing_rfc9002_a_7() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        send(r, 0, APPLICATION_DATA, 1);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 1));
        long cwnd = r.congestionWindow();
        r.onAckReceived(200 * MS, APPLICATION_DATA, ack(0, 1));
        assertThat(listener.acked).containsExactly(0L, 1L);
        assertThat(r.congestionWindow()).isEqualTo(cwnd);
        assertThat(r.rtt().latestRttNanos()).isEqualTo(100 * MS);
    }

    @Test
    void blocksOnCongestionWindow_rfc9002_7() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn < 10; pn++) {
            assertThat(r.canSend(0, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.NONE);
            send(r, 0, APPLICATION_DATA, pn);
        }
        assertThat(r.canSend(0, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.CONGESTION_WINDOW);
    }

    @Test
    void reportsAmplificationLimitFirst_rfc9000_8_1() {
        LossRecovery<String> r = server();
        assertThat(r.canSend(0, MDS, MDS - 1)).isEqualTo(SendLimit.AMPLIFICATION);
        assertThat(r.canSend(0, MDS, MDS)).isEqualTo(SendLimit.NONE);
    }

    @Test
    void probesBypassCongestionWindow_rfc9002_7_5() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn < 10; pn++) {
            send(r, 0, APPLICATION_DATA, pn);
        }
        r.onTimeout(r.nextTimeoutNanos());
        long now = 1024 * MS;
        assertThat(r.canSend(now, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.NONE);
        send(r, now, APPLICATION_DATA, 10);
        send(r, now, APPLICATION_DATA, 11);
        // §7.5: probes count in flight, even beyond the window.
        assertThat(r.bytesInFlight()).isEqualTo(12L * MDS).isGreaterThan(r.congestionWindow());
        assertThat(r.canSend(now, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.CONGESTION_WINDOW);
    }

    @Test
    void onePacketMayExceedWindowOnEnteringRecovery_rfc9002_7_3_2() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn < 10; pn++) {
            send(r, 0, APPLICATION_DATA, pn);
        }
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(3, 3));
        // #0 lost: the window halves to 6000 while 8 packets (9600 bytes) stay in flight.
        assertThat(listener.lost).containsExactly(0L);
        assertThat(r.congestionWindow()).isEqualTo(6000);
        assertThat(r.bytesInFlight()).isEqualTo(8L * MDS);
        // Appendix B.6 MaybeSendOnePacket: one packet beyond the window, then the window rules.
        assertThat(r.canSend(100 * MS, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.NONE);
        send(r, 100 * MS, APPLICATION_DATA, 10);
        assertThat(r.canSend(100 * MS, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.CONGESTION_WINDOW);
    }

    @Test
    void pacerHoldsPacketsAfterBurst_rfc9002_7_7() {
        LossRecovery<String> r = new LossRecovery<>(RecoveryConfig.defaults(false), new NewReno(MDS), listener);
        r.onHandshakeConfirmed(0);
        for (int pn = 0; pn < 10; pn++) {
            send(r, 0, APPLICATION_DATA, pn);
        }
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 9));
        assertThat(r.congestionWindow()).isEqualTo(24000);
        long now = 100 * MS;
        int pn = 10;
        while (r.canSend(now, MDS, Long.MAX_VALUE) == SendLimit.NONE) {
            send(r, now, APPLICATION_DATA, pn++);
        }
        // The burst is the initial window's ten packets; the window would allow twenty.
        assertThat(pn - 10).isEqualTo(Pacer.BURST_PACKETS);
        assertThat(r.canSend(now, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.PACING);
        long next = r.nextSendTimeNanos(now, MDS);
        // interval = srtt * packet / (1.25 * cwnd) = 100 ms * 1200 / 30000 = 4 ms
        assertThat(next - now).isBetween(3_990_000L, 4_010_000L);
        assertThat(r.canSend(next, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.NONE);
    }

    @Test
    void sendingBlockedByWindowOrPacingIsNotApplicationLimited_rfc9002_7_8() {
        LossRecovery<String> r = confirmed();
        r.setApplicationLimited(true);
        for (int pn = 0; pn < 10; pn++) {
            send(r, 0, APPLICATION_DATA, pn);
        }
        assertThat(r.isApplicationLimited()).isTrue();
        assertThat(r.canSend(0, MDS, Long.MAX_VALUE)).isEqualTo(SendLimit.CONGESTION_WINDOW);
        assertThat(r.isApplicationLimited()).isFalse();
    }

    @Test
    void doesNotGrowWindowWhenApplicationLimited_rfc9002_7_8() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        r.setApplicationLimited(true);
        long cwnd = r.congestionWindow();
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 0));
        assertThat(r.congestionWindow()).isEqualTo(cwnd);
    }

    @Test
    void lostPmtuProbeLeavesCongestionWindowAlone_rfc9000_14_4() {
        LossRecovery<String> r = confirmed();
        long window = r.congestionWindow();
        r.onPmtuProbeSent(0, 0, 1500, "probe");
        for (int pn = 1; pn <= 4; pn++) {
            send(r, pn * MS, APPLICATION_DATA, pn);
        }
        r.onAckReceived(50 * MS, APPLICATION_DATA, ack(1, 4));
        assertThat(listener.lost).containsExactly(0L);
        assertThat(listener.lostFrames).containsExactly("probe");
        assertThat(r.bytesInFlight()).isZero();
        // Four acknowledged packets grew the slow-start window; the lost probe took nothing off it.
        assertThat(r.congestionWindow()).isEqualTo(window + 4L * MDS);
        assertThat(r.congestionController().inSlowStart()).isTrue();
    }

    @Test
    void lostRegularPacketStillReducesTheWindow_rfc9002_7_3_2() {
        LossRecovery<String> r = confirmed();
        long window = r.congestionWindow();
        send(r, 0, APPLICATION_DATA, 0);
        for (int pn = 1; pn <= 4; pn++) {
            send(r, pn * MS, APPLICATION_DATA, pn);
        }
        r.onAckReceived(50 * MS, APPLICATION_DATA, ack(1, 4));
        assertThat(listener.lost).containsExactly(0L);
        assertThat(r.congestionWindow()).isLessThan(window);
    }

    @Test
    void lostPmtuProbesDoNotMakePersistentCongestion_rfc9000_14_4() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 0));
        // The same schedule as persistentCongestionCollapsesWindow, but every lost packet a probe.
        for (int pn = 1; pn <= 8; pn++) {
            r.onPmtuProbeSent((100 + 50 * pn) * MS, pn, 1500, "probe" + pn);
        }
        send(r, 1300 * MS, APPLICATION_DATA, 9);
        r.onAckReceived(1400 * MS, APPLICATION_DATA, ack(9, 9));
        assertThat(listener.lost).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(r.congestionWindow()).isGreaterThan(2L * MDS + MDS);
        assertThat(r.congestionController().inSlowStart()).isTrue();
    }

    /** RFC 9002 §7.6.3's example, scaled: a lost run longer than 3 PTO periods, nothing acked within. */
    @Test
    void persistentCongestionCollapsesWindow_rfc9002_7_6_2() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 0));
        for (int pn = 1; pn <= 7; pn++) {
            send(r, (100 + 50 * pn) * MS, APPLICATION_DATA, pn);
        }
        send(r, 1250 * MS, APPLICATION_DATA, 8);
        send(r, 1300 * MS, APPLICATION_DATA, 9);
        r.onAckReceived(1400 * MS, APPLICATION_DATA, ack(9, 9));
        // Duration after this sample: (100 + 4 * 37.5 + 25) * 3 = 825 ms < 1250 - 150 ms.
        assertThat(r.rtt().ptoPeriodNanos(LossRecovery.DEFAULT_MAX_ACK_DELAY_NANOS) * 3).isEqualTo(825 * MS);
        assertThat(listener.lost).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        // Appendix B.8: the window collapses to kMinimumWindow, out of recovery; the ACK's own
        // packet #9 is then processed (OnPacketsAcked follows OnPacketsLost) and grows it in slow start.
        assertThat(r.congestionWindow()).isEqualTo(2L * MDS + MDS);
        assertThat(r.congestionController().inSlowStart()).isTrue();
    }

    @Test
    void noPersistentCongestionWhenLostRunIsShort_rfc9002_7_6_1() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 0));
        for (int pn = 1; pn <= 8; pn++) {
            send(r, (700 + 50 * pn) * MS, APPLICATION_DATA, pn);
        }
        send(r, 1300 * MS, APPLICATION_DATA, 9);
        r.onAckReceived(1400 * MS, APPLICATION_DATA, ack(9, 9));
        assertThat(listener.lost).hasSize(8);
        assertThat(r.congestionWindow()).isGreaterThan(2L * MDS);
    }

    @Test
    void noPersistentCongestionWhenPacketBetweenWasAcked_rfc9002_7_6_2() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 0));
        for (int pn = 1; pn <= 8; pn++) {
            send(r, (100 + 140 * pn) * MS, APPLICATION_DATA, pn);
        }
        send(r, 1300 * MS, APPLICATION_DATA, 9);
        r.onAckReceived(1400 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {9, 9, 4, 4}, null));
        assertThat(listener.lost).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L);
        // Runs 1-3 (280 ms) and 5-8 (420 ms) are each shorter than 825 ms.
        assertThat(r.congestionWindow()).isGreaterThan(2L * MDS);
    }

    @Test
    void noPersistentCongestionBeforeFirstRttSample_rfc9002_7_6_2() {
        LossRecovery<String> r = confirmed();
        for (int pn = 0; pn <= 8; pn++) {
            send(r, 300L * pn * MS, APPLICATION_DATA, pn);
        }
        send(r, 2500 * MS, APPLICATION_DATA, 9);
        r.onAckReceived(2600 * MS, APPLICATION_DATA, ack(9, 9));
        assertThat(listener.lost).hasSize(9);
        assertThat(r.congestionWindow()).isGreaterThan(2L * MDS);
    }

    @Test
    void ecnCeIncreaseIsCongestionEvent_rfc9002_7_1() {
        LossRecovery<String> r = new LossRecovery<>(RecoveryConfig.defaults(false).withPacing(false).withEcn(true),
                new NewReno(MDS), listener);
        r.onHandshakeConfirmed(0);
        assertThat(r.ecnCodepointForNextPacket()).isEqualTo(EcnCodepoint.ECT_0);
        for (int pn = 0; pn < 4; pn++) {
            send(r, 0, APPLICATION_DATA, pn);
        }
        r.onAckReceived(100 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {1, 0}, new EcnCounts(2, 0, 0)));
        assertThat(r.ecnState()).isEqualTo(EcnValidator.State.CAPABLE);
        long cwnd = r.congestionWindow();
        r.onAckReceived(110 * MS, APPLICATION_DATA, AckFrame.of(0, new long[] {3, 0}, new EcnCounts(3, 0, 1)));
        assertThat(r.congestionWindow()).isEqualTo(cwnd / 2);
        assertThat(listener.lost).isEmpty();
    }

    @Test
    void ecnValidationFailsWhenAckLacksCounts_rfc9000_13_4_2_1() {
        LossRecovery<String> r = new LossRecovery<>(RecoveryConfig.defaults(false).withPacing(false).withEcn(true),
                new NewReno(MDS), listener);
        send(r, 0, INITIAL, 0);
        r.onAckReceived(100 * MS, INITIAL, ack(0, 0));
        assertThat(r.ecnState()).isEqualTo(EcnValidator.State.FAILED);
        assertThat(r.ecnCodepointForNextPacket()).isEqualTo(EcnCodepoint.NOT_ECT);
    }

    @Test
    void ecnValidationFailsWhenMarksAreBleached_rfc9000_13_4_2_1() {
        LossRecovery<String> r = new LossRecovery<>(RecoveryConfig.defaults(false).withPacing(false).withEcn(true),
                new NewReno(MDS), listener);
        send(r, 0, INITIAL, 0);
        send(r, 0, INITIAL, 1);
        // Two ECT(0) packets newly acked but the counts rose by one only.
        r.onAckReceived(100 * MS, INITIAL, AckFrame.of(0, new long[] {1, 0}, new EcnCounts(1, 0, 0)));
        assertThat(r.ecnState()).isEqualTo(EcnValidator.State.FAILED);
    }

    @Test
    void ecnStopsMarkingAfterTenTestingPackets_rfc9000_13_4_2() {
        LossRecovery<String> r = new LossRecovery<>(RecoveryConfig.defaults(false).withPacing(false).withEcn(true),
                new NewReno(MDS), listener);
        for (int pn = 0; pn < EcnValidator.TESTING_PACKETS; pn++) {
            assertThat(r.ecnCodepointForNextPacket()).isEqualTo(EcnCodepoint.ECT_0);
            r.onPacketSent(0, INITIAL, pn, 100, true, true, "x");
        }
        assertThat(r.ecnState()).isEqualTo(EcnValidator.State.UNKNOWN);
        assertThat(r.ecnCodepointForNextPacket()).isEqualTo(EcnCodepoint.NOT_ECT);
    }

    @Test
    void skippedPacketNumbersAreNeitherAckedNorLost_rfc9000_12_3() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 0);
        send(r, 0, APPLICATION_DATA, 5);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 5));
        assertThat(listener.acked).containsExactlyInAnyOrder(0L, 5L);
        assertThat(r.bytesInFlight()).isZero();
        assertThat(r.trackedSlots(APPLICATION_DATA)).isZero();
    }

    @Test
    void rejectsInvalidPeerAckDelayParameters_rfc9000_18_2() {
        LossRecovery<String> r = confirmed();
        assertThatThrownBy(() -> r.setPeerTransportParameters(16_384_000L, 3))
                .isInstanceOf(TransportError.class)
                .satisfies(e -> assertThat(((TransportError) e).errorCode())
                        .isEqualTo(TransportErrorCode.TRANSPORT_PARAMETER_ERROR));
        assertThatThrownBy(() -> r.setPeerTransportParameters(25_000L, 21)).isInstanceOf(TransportError.class);
        r.setPeerTransportParameters(16_383_000L, 20);
        send(r, 0, APPLICATION_DATA, 0);
        assertThat(r.nextTimeoutNanos()).isEqualTo(999 * MS + 16_383 * MS);
    }

    @Test
    void rejectsPacketNumberNotAboveLargestSent() {
        LossRecovery<String> r = confirmed();
        send(r, 0, APPLICATION_DATA, 3);
        assertThatThrownBy(() -> send(r, 0, APPLICATION_DATA, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectedZeroRttPacketsLeaveFlightWithoutLoss_rfc9002_6_4() {
        LossRecovery<String> r = client();
        send(r, 0, INITIAL, 0);
        send(r, 0, APPLICATION_DATA, 0);
        send(r, 0, APPLICATION_DATA, 1);
        long cwnd = r.congestionWindow();
        r.onZeroRttRejected(50 * MS);
        assertThat(listener.discarded).containsExactly(0L, 1L);
        assertThat(listener.lost).isEmpty();
        assertThat(r.bytesInFlight()).isEqualTo(MDS);
        assertThat(r.congestionWindow()).isEqualTo(cwnd);
        // The space goes on: numbers keep increasing and new packets are tracked normally.
        assertThatThrownBy(() -> send(r, 60 * MS, APPLICATION_DATA, 1)).isInstanceOf(IllegalArgumentException.class);
        send(r, 60 * MS, APPLICATION_DATA, 2);
        r.onHandshakeConfirmed(60 * MS);
        r.onAckReceived(100 * MS, APPLICATION_DATA, ack(0, 2));
        assertThat(listener.acked).containsExactly(2L);
    }

    @Test
    void newestOutstandingListsUnacknowledgedAckElicitingPacketsNewestFirst_rfc9002_6_2_4() {
        LossRecovery<String> r = confirmed();
        for (long pn = 0; pn < 5; pn++) {
            send(r, pn * MS, APPLICATION_DATA, pn);
        }
        r.onPacketSent(5 * MS, APPLICATION_DATA, 5, 50, false, false, "ack-only");
        r.onAckReceived(30 * MS, APPLICATION_DATA, ack(4, 4));
        // #4 acknowledged, #0 and #1 lost by the packet threshold (§6.1.1), #5 not ack-eliciting.
        assertThat(r.newestOutstanding(APPLICATION_DATA, 1)).containsExactly("p3");
        assertThat(r.newestOutstanding(APPLICATION_DATA, 10)).containsExactly("p3", "p2");
        assertThat(r.newestOutstanding(APPLICATION_DATA, 0)).isEmpty();
        assertThat(r.newestOutstanding(HANDSHAKE, 2)).isEmpty();
    }
}
