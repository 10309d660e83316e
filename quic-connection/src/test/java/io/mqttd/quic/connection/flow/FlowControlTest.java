package io.mqttd.quic.connection.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import org.junit.jupiter.api.Test;

class FlowControlTest {
    private static final long MS = 1_000_000;

    @Test
    void ignoresMaxDataThatDoesNotIncreaseTheLimit_rfc9000_4_1() {
        SendCredit credit = new SendCredit(100);
        assertThat(credit.raiseLimit(50)).isFalse();
        assertThat(credit.raiseLimit(100)).isFalse();
        assertThat(credit.raiseLimit(150)).isTrue();
        assertThat(credit.limit()).isEqualTo(150);
    }

    @Test
    void reportsBlockedOncePerLimit_rfc9000_4_1() {
        SendCredit credit = new SendCredit(10);
        assertThat(credit.shouldReportBlocked()).isFalse();
        credit.consume(10);
        assertThat(credit.shouldReportBlocked()).isTrue();
        credit.onBlockedReported();
        assertThat(credit.shouldReportBlocked()).isFalse();
        credit.onBlockedLost(10);
        assertThat(credit.shouldReportBlocked()).as("resend a lost DATA_BLOCKED").isTrue();
        credit.onBlockedReported();
        credit.raiseLimit(20);
        credit.consume(10);
        assertThat(credit.shouldReportBlocked()).isTrue();
    }

    @Test
    void refusesToConsumeBeyondCredit() {
        SendCredit credit = new SendCredit(10);
        assertThatThrownBy(() -> credit.consume(11)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void flowControlErrorCarriesFrameType_rfc9000_4_1() {
        ReceiveWindow window = new ReceiveWindow(100, 100, 0x08);
        assertThatThrownBy(() -> window.onReceived(101)).isInstanceOfSatisfying(TransportError.class, e -> {
            assertThat(e.errorCode()).isEqualTo(TransportErrorCode.FLOW_CONTROL_ERROR);
            assertThat(e.frameType()).isEqualTo(0x08);
        });
    }

    @Test
    void sendsUpdateOnceHalfTheWindowIsConsumed_rfc9000_4_2() {
        ReceiveWindow window = new ReceiveWindow(1000, 1000, 0);
        window.onReceived(1000);
        window.onConsumed(400);
        assertThat(window.shouldSendUpdate()).isFalse();
        window.onConsumed(200);
        assertThat(window.shouldSendUpdate()).isTrue();
        assertThat(window.nextLimit(0, 10 * MS)).isEqualTo(1600);
        assertThat(window.shouldSendUpdate()).isFalse();
    }

    @Test
    void growsWindowWhenUpdatesComeWithinTwoRtts() {
        ReceiveWindow window = new ReceiveWindow(1000, 8000, 0);
        long rtt = 10 * MS;
        window.onConsumed(600);
        window.nextLimit(0, rtt);
        assertThat(window.window()).isEqualTo(1000);
        window.onConsumed(600);
        window.nextLimit(5 * MS, rtt);
        assertThat(window.window()).as("doubled: reads outpace the window").isEqualTo(2000);
        assertThat(window.limit()).isEqualTo(1200 + 2000);
        for (int i = 0; i < 10; i++) {
            window.nextLimit((6 + i) * MS, rtt);
        }
        assertThat(window.window()).as("capped at the maximum").isEqualTo(8000);
    }

    @Test
    void keepsWindowWhenUpdatesAreSlowerThanTwoRtts() {
        ReceiveWindow window = new ReceiveWindow(1000, 8000, 0);
        window.nextLimit(0, 10 * MS);
        window.nextLimit(25 * MS, 10 * MS);
        assertThat(window.window()).isEqualTo(1000);
    }
}
