package io.mqttd.quic.connection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.connection.flow.ReceiveWindow;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReceiveStreamTest {
    private final ReceiveWindow connection = new ReceiveWindow(10_000, 10_000, 0);
    private final ReceiveStream stream = new ReceiveStream(0, new ReceiveWindow(1000, 1000, 0x08), connection);

    private static ByteBuffer bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return ByteBuffer.wrap(b);
    }

    private static void assertError(Runnable r, TransportErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void deliversDataThenEndOfStream_rfc9000_3_2() {
        stream.onStreamFrame(0, bytes(10), true);
        assertThat(stream.state()).isEqualTo(ReceiveStream.State.DATA_RECVD);
        ByteBuffer out = ByteBuffer.allocate(100);
        assertThat(stream.read(out)).isEqualTo(10);
        assertThat(stream.state()).isEqualTo(ReceiveStream.State.DATA_READ);
        assertThat(stream.read(out)).isEqualTo(-1);
    }

    @Test
    void sizeKnownUntilTheGapFills_rfc9000_3_2() {
        stream.onStreamFrame(5, bytes(5), true);
        assertThat(stream.state()).isEqualTo(ReceiveStream.State.SIZE_KNOWN);
        stream.onStreamFrame(0, bytes(5), false);
        assertThat(stream.state()).isEqualTo(ReceiveStream.State.DATA_RECVD);
    }

    @Test
    void rejectsDataBeyondFinalSize_rfc9000_4_5() {
        stream.onStreamFrame(0, bytes(10), true);
        assertError(() -> stream.onStreamFrame(10, bytes(1), false), TransportErrorCode.FINAL_SIZE_ERROR);
    }

    @Test
    void rejectsChangedFinalSize_rfc9000_4_5() {
        stream.onStreamFrame(0, bytes(10), true);
        assertError(() -> stream.onStreamFrame(0, bytes(8), true), TransportErrorCode.FINAL_SIZE_ERROR);
    }

    @Test
    void acceptsRepeatedFinWithSameFinalSize_rfc9000_4_5() {
        stream.onStreamFrame(0, bytes(10), true);
        stream.onStreamFrame(5, bytes(5), true);
        assertThat(stream.finalSize()).isEqualTo(10);
    }

    @Test
    void rejectsFinalSizeBelowDataReceived_rfc9000_4_5() {
        stream.onStreamFrame(0, bytes(20), false);
        assertError(() -> stream.onStreamFrame(0, bytes(10), true), TransportErrorCode.FINAL_SIZE_ERROR);
    }

    @Test
    void rejectsResetWithDifferentFinalSize_rfc9000_4_5() {
        stream.onStreamFrame(0, bytes(10), true);
        assertError(() -> stream.onResetStream(7, 12), TransportErrorCode.FINAL_SIZE_ERROR);
    }

    @Test
    void rejectsResetBelowDataReceived_rfc9000_4_5() {
        stream.onStreamFrame(0, bytes(10), false);
        assertError(() -> stream.onResetStream(7, 5), TransportErrorCode.FINAL_SIZE_ERROR);
    }

    @Test
    void rejectsDataBeyondStreamCredit_rfc9000_4_1() {
        assertError(() -> stream.onStreamFrame(995, bytes(6), false), TransportErrorCode.FLOW_CONTROL_ERROR);
    }

    @Test
    void rejectsDataBeyondConnectionCredit_rfc9000_4_1() {
        ReceiveWindow small = new ReceiveWindow(15, 15, 0);
        ReceiveStream a = new ReceiveStream(0, new ReceiveWindow(1000, 1000, 0x08), small);
        ReceiveStream b = new ReceiveStream(4, new ReceiveWindow(1000, 1000, 0x08), small);
        a.onStreamFrame(0, bytes(10), false);
        assertError(() -> b.onStreamFrame(0, bytes(6), false), TransportErrorCode.FLOW_CONTROL_ERROR);
    }

    @Test
    void countsHighestOffsetNotBytesAgainstConnectionCredit_rfc9000_4_1() {
        stream.onStreamFrame(100, bytes(10), false);
        assertThat(connection.highestReceived()).isEqualTo(110);
        stream.onStreamFrame(0, bytes(10), false);
        assertThat(connection.highestReceived()).isEqualTo(110);
    }

    @Test
    void resetDiscardsDataAndReportsCodeOnce_rfc9000_3_2() {
        stream.onStreamFrame(0, bytes(10), false);
        stream.onResetStream(42, 30);
        assertThat(stream.state()).isEqualTo(ReceiveStream.State.RESET_RECVD);
        assertThat(stream.resetErrorCode()).isEqualTo(42);
        assertThat(stream.read(ByteBuffer.allocate(100))).isEqualTo(-1);
        assertThat(stream.state()).isEqualTo(ReceiveStream.State.RESET_READ);
        assertThat(connection.highestReceived()).as("final size counts against the connection").isEqualTo(30);
    }

    @Test
    void resetReturnsUnreadCreditToTheConnection_rfc9000_4_5() {
        stream.onStreamFrame(0, bytes(10), false);
        stream.onResetStream(1, 600);
        assertThat(connection.nextLimit(0, 1)).isEqualTo(600 + 10_000);
    }

    @Test
    void stopSendingDiscardsDataAndKeepsCreditFlowing_rfc9000_3_5() {
        stream.onStreamFrame(0, bytes(100), false);
        stream.stopSending(9);
        assertThat(stream.isStopSendingPending()).isTrue();
        assertThat(stream.stopSendingCode()).isEqualTo(9);
        stream.onStreamFrame(100, bytes(50), false);
        assertThat(stream.readableBytes()).isZero();
        assertThat(connection.nextLimit(0, 1)).isEqualTo(150 + 10_000);
        stream.onStopSendingSent();
        assertThat(stream.isStopSendingPending()).isFalse();
        stream.onStopSendingLost();
        assertThat(stream.isStopSendingPending()).isTrue();
        stream.onResetStream(9, 150);
        assertThat(stream.isStopSendingPending()).as("no STOP_SENDING after the peer reset").isFalse();
        assertThat(stream.isTerminal()).isTrue();
    }

    @Test
    void ignoresDataAfterReset_rfc9000_3_2() {
        stream.onResetStream(1, 20);
        stream.onStreamFrame(0, bytes(20), false);
        assertThat(stream.readableBytes()).isZero();
    }
}
