package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a (bounded) hostile network does, a connection completes its handshake and delivers a
 * stream intact, with no error on either side: random seeds, delays, loss, duplication,
 * corruption and reordering.
 */
class QuicConnectionSimulationProperties {

    @Property(tries = 40)
    void handshakeAndTransferSurviveAnyBoundedNetwork(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 100) int delayMs,
            @ForAll @DoubleRange(min = 0, max = 0.2) double loss,
            @ForAll @DoubleRange(min = 0, max = 0.1) double duplication,
            @ForAll @DoubleRange(min = 0, max = 0.1) double corruption,
            @ForAll @DoubleRange(min = 0, max = 0.1) double reordering) {
        LinkConditions link = LinkConditions.delay(delayMs * MS).withLoss(loss).withDuplication(duplication)
                .withCorruption(corruption).withReordering(reordering, 2L * delayMs * MS);
        // The property is about delivery, not the idle timeout: with up to 20% loss plus 10%
        // corruption each way, PTO backoff can spend a 30 s idle timeout on a handful of probes
        // (seed -2, 14 ms, 15% loss, 9% corruption: seven answers in a row lost or corrupted).
        TransportSettings patient = TransportSettings.defaults().withIdleTimeout(Duration.ofMinutes(10));
        ConnectionPair pair = new ConnectionPair(seed, link, b -> b.transport(patient), b -> b.transport(patient), false);
        assertThat(pair.runUntil(pair::handshakeDone, 120 * SECOND)).as(pair.network.stats().toString()).isTrue();
        long id = pair.client.openStream(true);
        QuicConnectionTransferTest.Transfer t = new QuicConnectionTransferTest.Transfer(200_000, seed);
        ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
        assertThat(pair.runUntil(() -> {
            t.pump(pair.client, id);
            t.drain(pair.serverConnection(), id, scratch);
            return t.ended;
        }, 300 * SECOND)).as(pair.network.stats().toString()).isTrue();
        assertThat(MessageDigest.isEqual(t.sent.digest(), t.received.digest())).isTrue();
        QuicConnectionTransferTest.assertNoError(pair);
    }
}
