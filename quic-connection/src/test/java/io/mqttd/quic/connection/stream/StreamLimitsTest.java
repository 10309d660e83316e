package io.mqttd.quic.connection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import org.junit.jupiter.api.Test;

class StreamLimitsTest {
    private static final long STREAM = 0x08;
    private static final long STOP_SENDING = 0x05;
    private final StreamLimits server = new StreamLimits(true, 4, 2);

    private static void assertError(Runnable r, TransportErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(TransportError.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
        });
    }

    @Test
    void streamIdBitsFollowTable1_rfc9000_2_1() {
        assertThat(StreamId.of(0, false, false)).isEqualTo(0);
        assertThat(StreamId.of(0, true, false)).isEqualTo(1);
        assertThat(StreamId.of(0, false, true)).isEqualTo(2);
        assertThat(StreamId.of(0, true, true)).isEqualTo(3);
        assertThat(StreamId.of(5, false, false)).isEqualTo(20);
        assertThat(StreamId.index(23)).isEqualTo(5);
        assertThat(StreamId.localCanSend(2, true)).as("server cannot send on client uni").isFalse();
        assertThat(StreamId.localCanReceive(3, true)).as("server cannot receive on its own uni").isFalse();
    }

    @Test
    void opensPeerStreamsImplicitlyInOrder_rfc9000_3_2() {
        assertThat(server.onPeerReference(8, STREAM, true)).isEqualTo(StreamLimits.Reference.PEER_NEW);
        assertThat(server.openPeerUpTo(8)).isEqualTo(0);
        assertThat(server.onPeerReference(4, STREAM, true)).isEqualTo(StreamLimits.Reference.PEER_EXISTING);
        assertThat(server.onPeerReference(12, STREAM, true)).isEqualTo(StreamLimits.Reference.PEER_NEW);
        assertThat(server.openPeerUpTo(12)).isEqualTo(12);
    }

    @Test
    void rejectsPeerStreamBeyondAdvertisedLimit_rfc9000_4_6() {
        assertError(() -> server.onPeerReference(16, STREAM, true), TransportErrorCode.STREAM_LIMIT_ERROR);
        assertError(() -> server.onPeerReference(10, STREAM, true), TransportErrorCode.STREAM_LIMIT_ERROR);
    }

    @Test
    void rejectsFrameForLocalStreamNotYetOpened_rfc9000_19_8() {
        server.onPeerLimit(false, 10);
        assertError(() -> server.onPeerReference(1, STREAM, true), TransportErrorCode.STREAM_STATE_ERROR);
        long id = server.openLocal(false);
        assertThat(id).isEqualTo(1);
        assertThat(server.onPeerReference(1, STREAM, true)).isEqualTo(StreamLimits.Reference.LOCAL);
    }

    @Test
    void rejectsStreamFrameOnLocalSendOnlyStream_rfc9000_19_8() {
        server.onPeerLimit(true, 1);
        long uni = server.openLocal(true);
        assertError(() -> server.onPeerReference(uni, STREAM, true), TransportErrorCode.STREAM_STATE_ERROR);
    }

    @Test
    void rejectsStopSendingOnPeerSendOnlyStream_rfc9000_19_5() {
        assertError(() -> server.onPeerReference(2, STOP_SENDING, false), TransportErrorCode.STREAM_STATE_ERROR);
    }

    @Test
    void opensLocalStreamsOnlyWithinPeerLimit_rfc9000_4_6() {
        assertThat(server.canOpenLocal(false)).isFalse();
        assertThat(server.shouldReportBlocked(false)).isTrue();
        server.onBlockedReported(false);
        assertThat(server.shouldReportBlocked(false)).isFalse();
        server.onPeerLimit(false, 1);
        assertThat(server.openLocal(false)).isEqualTo(1);
        assertThat(server.canOpenLocal(false)).isFalse();
        server.onPeerLimit(false, 0);
        assertThat(server.peerGrantedLimit(false)).as("MAX_STREAMS never lowers the limit").isEqualTo(1);
    }

    @Test
    void readvertisesStreamCreditAsPeerStreamsClose_rfc9000_4_6() {
        assertThat(server.maxStreamsUpdate(false)).isEqualTo(-1);
        server.onPeerStreamClosed(false);
        assertThat(server.maxStreamsUpdate(false)).isEqualTo(-1);
        server.onPeerStreamClosed(false);
        assertThat(server.maxStreamsUpdate(false)).isEqualTo(6);
        assertThat(server.advertisedLimit(false)).isEqualTo(6);
    }
}
