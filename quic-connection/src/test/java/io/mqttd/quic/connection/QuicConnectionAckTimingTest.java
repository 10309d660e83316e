package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * When ACK frames leave (RFC 9000 §13.2): in a request/response exchange every acknowledgment rides
 * on the next request or response, so each round costs exactly one datagram per direction.
 */
class QuicConnectionAckTimingTest {
    private static final int SIZE = 100;
    /**
     * Time each side's application takes to answer. A real event loop flushes what the connection
     * has right after a datagram arrives, before the application's answer is queued; this models it.
     */
    private static final long THINK_NANOS = 50_000;

    @Test
    void requestResponseRoundsCarryTheirAcksWithoutAckOnlyPackets_rfc9000_13_2_1() {
        ConnectionPair pair = ConnectionPair.of(31, LinkConditions.delay(1 * MS));
        assertThat(pair.runUntil(pair::handshakeDone, 10 * SECOND)).isTrue();
        long id = pair.client.openStream(true);
        // Warm-up: the handshake's last ACKs, HANDSHAKE_DONE and NEW_CONNECTION_ID settle first.
        for (int i = 0; i < 10; i++) {
            round(pair, id);
        }
        pair.network.runFor(100 * MS);
        long clientBefore = pair.client.stats().packetsSent();
        long serverBefore = pair.serverConnection().stats().packetsSent();
        int rounds = 10;
        for (int i = 0; i < rounds; i++) {
            round(pair, id);
        }
        // §13.2.1: an in-order packet is not "after a gap" just because the ACK range that held its
        // predecessor was forgotten once acknowledged (§13.2.4); no ACK-only packet is due.
        assertThat(pair.client.stats().packetsSent() - clientBefore).isEqualTo(rounds);
        assertThat(pair.serverConnection().stats().packetsSent() - serverBefore).isEqualTo(rounds);
    }

    private static void round(ConnectionPair pair, long id) {
        assertThat(pair.client.write(id, ByteBuffer.allocate(SIZE))).isEqualTo(SIZE);
        ByteBuffer atServer = ByteBuffer.allocate(SIZE);
        assertThat(pair.runUntil(() -> {
            pair.serverConnection().read(id, atServer);
            return !atServer.hasRemaining();
        }, SECOND)).isTrue();
        pair.network.runFor(THINK_NANOS);
        assertThat(pair.serverConnection().write(id, atServer.flip())).isEqualTo(SIZE);
        ByteBuffer atClient = ByteBuffer.allocate(SIZE);
        assertThat(pair.runUntil(() -> {
            pair.client.read(id, atClient);
            return !atClient.hasRemaining();
        }, SECOND)).isTrue();
        pair.network.runFor(THINK_NANOS);
    }
}
