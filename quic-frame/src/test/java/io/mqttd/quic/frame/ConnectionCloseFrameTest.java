package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.TransportError;
import org.junit.jupiter.api.Test;

/** RFC 9000 §19.19 and §10.2: turning a local error into the frame that reports it. */
class ConnectionCloseFrameTest {

    @Test
    void reportsATransportErrorWithItsCodeFrameTypeAndReason_rfc9000_19_19() {
        ConnectionCloseFrame close = ConnectionCloseFrame.of(TransportError.frameEncoding(0x08, "bad STREAM"));

        assertThat(close.type()).isEqualTo(FrameType.CONNECTION_CLOSE);
        assertThat(close.errorCode()).isEqualTo(0x07);
        assertThat(close.triggeringFrameType()).isEqualTo(0x08);
        assertThat(close.reason()).isEqualTo("bad STREAM");
    }

    @Test
    void applicationCloseHasNoFrameType_rfc9000_19_19() {
        assertThat(ConnectionCloseFrame.application(5, "bye").type()).isEqualTo(FrameType.CONNECTION_CLOSE_APPLICATION);
        assertThatThrownBy(() -> new ConnectionCloseFrame(true, 5, 0x08, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givesUpWhenNotEvenAnEmptyReasonFits_rfc9000_19_19() {
        ConnectionCloseFrame close = ConnectionCloseFrame.transport(0x0a, 0x08, "reason");
        assertThat(close.withReasonPhraseFitting(3)).isNull();
        assertThat(close.withReasonPhraseFitting(4).reasonPhrase()).isEmpty();
        assertThat(close.withReasonPhraseFitting(100)).isSameAs(close);
    }
}
