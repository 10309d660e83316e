package io.mqttd.quic.connection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SendStreamTest {
    private final SendStream stream = new SendStream(0, 10_000, 100);
    private final StreamChunk chunk = new StreamChunk();

    @Test
    void walksReadySendDataSentDataRecvd_rfc9000_3_1() {
        assertThat(stream.state()).isEqualTo(SendStream.State.READY);
        stream.write(ByteBuffer.allocate(50));
        stream.finish();
        assertThat(stream.poll(chunk, 30, Long.MAX_VALUE)).isTrue();
        assertThat(stream.state()).isEqualTo(SendStream.State.SEND);
        assertThat(stream.poll(chunk, 30, Long.MAX_VALUE)).isTrue();
        assertThat(chunk.fin()).isTrue();
        assertThat(stream.state()).isEqualTo(SendStream.State.DATA_SENT);
        stream.onStreamFrameAcked(0, 30, false);
        stream.onStreamFrameAcked(30, 20, true);
        assertThat(stream.state()).isEqualTo(SendStream.State.DATA_RECVD);
        assertThat(stream.isTerminal()).isTrue();
    }

    @Test
    void newDataLimitedByStreamAndConnectionCredit_rfc9000_4_1() {
        stream.write(ByteBuffer.allocate(500));
        assertThat(stream.poll(chunk, 1000, 40)).isTrue();
        assertThat(chunk.length()).isEqualTo(40);
        assertThat(SendStream.newBytes(chunk)).isEqualTo(40);
        assertThat(stream.poll(chunk, 1000, 1000)).isTrue();
        assertThat(chunk.length()).as("stream credit of 100").isEqualTo(60);
        assertThat(stream.poll(chunk, 1000, 1000)).isFalse();
        assertThat(stream.isBlockedByStreamCredit()).isTrue();
        assertThat(stream.credit().shouldReportBlocked()).isTrue();
        stream.onMaxStreamData(300);
        assertThat(stream.poll(chunk, 1000, 1000)).isTrue();
        assertThat(chunk.length()).isEqualTo(200);
    }

    @Test
    void retransmissionsConsumeNoNewCredit_rfc9000_4_1() {
        stream.write(ByteBuffer.allocate(100));
        stream.poll(chunk, 100, 1000);
        stream.onStreamFrameLost(0, 100, false);
        assertThat(stream.poll(chunk, 100, 0)).isTrue();
        assertThat(chunk.isRetransmission()).isTrue();
        assertThat(SendStream.newBytes(chunk)).isZero();
    }

    @Test
    void resetCarriesFinalSizeOfCreditConsumedAndStopsSending_rfc9000_4_5() {
        stream.write(ByteBuffer.allocate(80));
        stream.poll(chunk, 30, 1000);
        stream.reset(5);
        assertThat(stream.state()).isEqualTo(SendStream.State.RESET_SENT);
        assertThat(stream.isResetPending()).isTrue();
        assertThat(stream.finalSize()).isEqualTo(30);
        assertThat(stream.hasPendingData()).isFalse();
        assertThat(stream.write(ByteBuffer.allocate(10))).isZero();
        stream.onResetSent();
        stream.onResetLost();
        assertThat(stream.isResetPending()).isTrue();
        stream.onResetAcked();
        assertThat(stream.state()).isEqualTo(SendStream.State.RESET_RECVD);
    }

    @Test
    void stopSendingForcesResetWithPeersCode_rfc9000_3_5() {
        stream.write(ByteBuffer.allocate(10));
        stream.onStopSending(77);
        assertThat(stream.state()).isEqualTo(SendStream.State.RESET_SENT);
        assertThat(stream.resetErrorCode()).isEqualTo(77);
    }

    @Test
    void stopSendingAfterAllDataAcknowledgedChangesNothing_rfc9000_3_5() {
        stream.write(ByteBuffer.allocate(10));
        stream.finish();
        stream.poll(chunk, 100, 100);
        stream.onStreamFrameAcked(0, 10, true);
        stream.onStopSending(77);
        assertThat(stream.state()).isEqualTo(SendStream.State.DATA_RECVD);
        assertThat(stream.isResetPending()).isFalse();
    }
}
