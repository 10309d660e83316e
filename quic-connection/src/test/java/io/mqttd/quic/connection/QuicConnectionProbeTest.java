package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.CLIENT_ADDRESS;
import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static io.mqttd.quic.connection.ConnectionPair.SERVER_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a 1-RTT PTO probe carries (RFC 9002 §6.2.4). */
class QuicConnectionProbeTest {
    private static final LinkConditions LINK = LinkConditions.delay(10 * MS);

    @Test
    void probeResendsALostTailWithoutWaitingForFeedback_rfc9002_6_2_4() {
        ConnectionPair pair = ConnectionPair.of(11, LINK);
        assertThat(pair.runUntil(pair::handshakeDone, 5 * SECOND)).isTrue();
        pair.network.runFor(2 * SECOND); // ACKs, NEW_CONNECTION_ID, PMTU probes: all settled
        long id = pair.client.openStream(true);
        byte[] message = "the last message of a burst".getBytes(StandardCharsets.US_ASCII);

        pair.network.setLink(CLIENT_ADDRESS, SERVER_ADDRESS, LINK.withLoss(1.0));
        assertThat(pair.client.write(id, ByteBuffer.wrap(message))).isEqualTo(message.length);
        pair.network.runFor(MS); // the datagram with the message leaves and is lost
        pair.network.setLink(CLIENT_ADDRESS, SERVER_ADDRESS, LINK);
        long receivedBefore = pair.client.stats().packetsReceived();

        ByteBuffer got = ByteBuffer.allocate(100);
        assertThat(pair.runUntil(() -> {
            QuicConnection server = pair.serverConnection();
            server.read(id, got);
            return got.position() == message.length;
        }, 5 * SECOND)).isTrue();
        // A PING probe would need its ACK back (one more packet received by the client) before the
        // loss is detected and the data resent; the probe itself carried the data here.
        assertThat(pair.client.stats().packetsReceived()).isEqualTo(receivedBefore);
        assertThat(new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII))
                .isEqualTo("the last message of a burst");
    }
}
