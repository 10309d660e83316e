package io.mqttd.quic.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import org.junit.jupiter.api.Test;

class QuicConnectionHandshakeTest {

    @Test
    void handshakeCompletesOverAPerfectLink_rfc9001_4_1() {
        ConnectionPair pair = ConnectionPair.of(1, LinkConditions.delay(10 * ConnectionPair.MS));
        assertThat(pair.runUntil(pair::handshakeDone, 5 * ConnectionPair.SECOND)).isTrue();
        assertThat(pair.client.alpn()).isEqualTo("hq-interop");
        assertThat(pair.serverConnection().alpn()).isEqualTo("hq-interop");
        assertThat(pair.clientEvents).contains(new ConnectionEvent.HandshakeCompleted("hq-interop"));
        assertThat(pair.serverEvents).contains(new ConnectionEvent.HandshakeCompleted("hq-interop"));
    }
}
