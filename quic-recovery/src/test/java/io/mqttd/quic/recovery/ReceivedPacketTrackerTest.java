package io.mqttd.quic.recovery;

import static io.mqttd.quic.packet.PacketNumberSpace.APPLICATION_DATA;
import static io.mqttd.quic.packet.PacketNumberSpace.HANDSHAKE;
import static io.mqttd.quic.packet.PacketNumberSpace.INITIAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.frame.EcnCounts;
import org.junit.jupiter.api.Test;

/** RFC 9000 §13.2 for {@link ReceivedPacketTracker}. */
class ReceivedPacketTrackerTest {
    static final long MS = 1_000_000L;
    static final long MAX_ACK_DELAY = 25 * MS;

    static ReceivedPacketTracker app() {
        return new ReceivedPacketTracker(APPLICATION_DATA, MAX_ACK_DELAY);
    }

    static boolean receive(ReceivedPacketTracker t, long now, long pn) {
        return t.onPacketReceived(now, pn, true, EcnCodepoint.NOT_ECT);
    }

    @Test
    void detectsDuplicates_rfc9000_12_3() {
        ReceivedPacketTracker t = app();
        assertThat(receive(t, 0, 5)).isTrue();
        assertThat(receive(t, 0, 3)).isTrue();
        assertThat(t.isDuplicate(5)).isTrue();
        assertThat(t.isDuplicate(4)).isFalse();
        assertThat(receive(t, 0, 5)).isFalse();
        assertThat(receive(t, 0, 3)).isFalse();
        assertThat(receive(t, 0, 4)).isTrue();
        assertThat(t.rangeCount()).isEqualTo(1);
    }

    @Test
    void acksInitialAndHandshakeImmediately_rfc9000_13_2_1() {
        for (var space : new io.mqttd.quic.packet.PacketNumberSpace[] {INITIAL, HANDSHAKE}) {
            ReceivedPacketTracker t = new ReceivedPacketTracker(space, MAX_ACK_DELAY);
            receive(t, 7 * MS, 0);
            assertThat(t.ackDeadlineNanos()).isEqualTo(7 * MS);
        }
    }

    @Test
    void inOrderPacketAfterOurAckWasAcknowledgedIsNoGap_rfc9000_13_2_1_and_13_2_4() {
        ReceivedPacketTracker t = app();
        receive(t, 10 * MS, 0);
        t.onAckFrameSent();
        t.onAckFrameAcknowledged(0); // §13.2.4: range [0, 0] forgotten, the floor moves to 1
        receive(t, 20 * MS, 1);
        assertThat(t.ackDeadlineNanos()).as("packet 1 follows packet 0: delayed ACK, not immediate")
                .isEqualTo(20 * MS + MAX_ACK_DELAY);
    }

    @Test
    void gapAboveTheFloorStillTriggersImmediateAck_rfc9000_13_2_1() {
        ReceivedPacketTracker t = app();
        receive(t, 10 * MS, 0);
        t.onAckFrameSent();
        t.onAckFrameAcknowledged(0);
        receive(t, 20 * MS, 2); // packet 1, above the floor, is missing
        assertThat(t.ackDeadlineNanos()).isEqualTo(20 * MS);
    }

    @Test
    void delaysSingleAckElicitingPacketByMaxAckDelay_rfc9000_13_2_1() {
        ReceivedPacketTracker t = app();
        receive(t, 10 * MS, 0);
        assertThat(t.ackDeadlineNanos()).isEqualTo(10 * MS + MAX_ACK_DELAY);
    }

    @Test
    void acksEverySecondAckElicitingPacket_rfc9000_13_2_2() {
        ReceivedPacketTracker t = app();
        receive(t, 10 * MS, 0);
        receive(t, 11 * MS, 1);
        assertThat(t.ackDeadlineNanos()).isEqualTo(11 * MS);
        t.onAckFrameSent();
        assertThat(t.ackDeadlineNanos()).isEqualTo(ReceivedPacketTracker.NO_DEADLINE);
        receive(t, 12 * MS, 2);
        assertThat(t.ackDeadlineNanos()).isEqualTo(12 * MS + MAX_ACK_DELAY);
    }

    @Test
    void nonAckElicitingPacketSetsNoDeadline_rfc9000_13_2_1() {
        ReceivedPacketTracker t = app();
        t.onPacketReceived(0, 0, false, EcnCodepoint.NOT_ECT);
        t.onPacketReceived(0, 1, false, EcnCodepoint.NOT_ECT);
        t.onPacketReceived(0, 5, false, EcnCodepoint.NOT_ECT);
        assertThat(t.ackDeadlineNanos()).isEqualTo(ReceivedPacketTracker.NO_DEADLINE);
        assertThat(t.hasNewPackets()).isTrue();
    }

    @Test
    void acksImmediatelyWhenPacketArrivesOutOfOrder_rfc9000_13_2_1() {
        ReceivedPacketTracker t = app();
        receive(t, 0, 0);
        receive(t, 0, 1);
        receive(t, 0, 3);
        t.onAckFrameSent();
        receive(t, 20 * MS, 2);
        assertThat(t.ackDeadlineNanos()).isEqualTo(20 * MS);
    }

    @Test
    void acksImmediatelyAfterGap_rfc9000_13_2_1() {
        ReceivedPacketTracker t = app();
        receive(t, 0, 0);
        t.onAckFrameSent();
        receive(t, 5 * MS, 2);
        assertThat(t.ackDeadlineNanos()).isEqualTo(5 * MS);
        t.onAckFrameSent();
        // The next packet continues the new range: the normal delay applies.
        receive(t, 6 * MS, 3);
        assertThat(t.ackDeadlineNanos()).isEqualTo(6 * MS + MAX_ACK_DELAY);
    }

    @Test
    void acksEcnCeImmediately_rfc9000_13_2_1() {
        ReceivedPacketTracker t = app();
        t.onPacketReceived(3 * MS, 0, true, EcnCodepoint.CE);
        assertThat(t.ackDeadlineNanos()).isEqualTo(3 * MS);
    }

    @Test
    void buildsDescendingRangesWithEncodedDelay_rfc9000_13_2_5() {
        ReceivedPacketTracker t = app();
        receive(t, 0, 0);
        receive(t, 0, 1);
        receive(t, 0, 4);
        receive(t, 10 * MS, 7);
        receive(t, 11 * MS, 6);
        AckFrame frame = t.buildAckFrame(10 * MS + 800_000, 3);
        assertThat(frame).isEqualTo(AckFrame.of(800 >> 3, new long[] {7, 6, 4, 4, 1, 0}, null));
    }

    @Test
    void reportsEcnCounts_rfc9000_13_4_1() {
        ReceivedPacketTracker t = app();
        t.onPacketReceived(0, 0, true, EcnCodepoint.ECT_0);
        t.onPacketReceived(0, 1, true, EcnCodepoint.ECT_0);
        t.onPacketReceived(0, 1, true, EcnCodepoint.ECT_0); // duplicate: not counted
        t.onPacketReceived(0, 2, true, EcnCodepoint.CE);
        assertThat(t.buildAckFrame(0, 3).ecnCounts()).isEqualTo(new EcnCounts(2, 0, 1));
    }

    @Test
    void boundsRangesAndRejectsPacketsBelowDroppedRange_rfc9000_13_2_3() {
        ReceivedPacketTracker t = new ReceivedPacketTracker(APPLICATION_DATA, MAX_ACK_DELAY, 4);
        for (long pn = 0; pn < 20; pn += 2) {
            receive(t, 0, pn);
        }
        assertThat(t.rangeCount()).isEqualTo(4);
        AckFrame frame = t.buildAckFrame(0, 3);
        assertThat(frame.rangeCount()).isEqualTo(4);
        assertThat(frame.largestAcknowledged()).isEqualTo(18);
        assertThat(frame.smallestAcknowledged()).isEqualTo(12);
        // Packets below the oldest kept range cannot be told from duplicates any more.
        assertThat(t.isDuplicate(10)).isTrue();
        assertThat(t.isDuplicate(11)).isFalse();
        assertThat(t.floor()).isEqualTo(11);
        assertThat(receive(t, 0, 1)).isFalse();
        assertThat(receive(t, 0, 13)).isTrue();
        assertThat(t.rangeCount()).isEqualTo(3);
        assertThat(t.largestReceived()).isEqualTo(18);
    }

    @Test
    void stopsAcknowledgingRangesThePeerSawAcknowledged_rfc9000_13_2_4() {
        ReceivedPacketTracker t = app();
        for (long pn : new long[] {0, 1, 2, 5, 6, 9}) {
            receive(t, 0, pn);
        }
        t.onAckFrameAcknowledged(5);
        AckFrame frame = t.buildAckFrame(0, 3);
        assertThat(frame).isEqualTo(AckFrame.of(0, new long[] {9, 9, 6, 6}, null));
        assertThat(t.isDuplicate(3)).isTrue();
        t.onAckFrameAcknowledged(9);
        assertThat(t.buildAckFrame(0, 3)).isNull();
        assertThat(t.largestReceived()).isEqualTo(9);
    }
}
