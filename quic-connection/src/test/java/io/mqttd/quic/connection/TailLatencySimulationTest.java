package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Isolated small messages (an MQTT client publishing now and then) over a lossy path, in virtual
 * time: each message is the tail of its flight, so a lost one is only recovered through a PTO
 * (RFC 9002 §6.2.4). Prints the delivery-time distribution (deterministic: seeded network, virtual
 * clock) recorded in docs/benchmarks.md.
 */
class TailLatencySimulationTest {
    private static final int ROUNDS = 400;

    @Test
    void everyIsolatedMessageArrivesDespiteTailLoss_rfc9002_6_2_4() {
        long[] all = new long[0];
        for (int seed = 1; seed <= 5; seed++) {
            ConnectionPair pair = ConnectionPair.of(seed, LinkConditions.delay(10 * MS).withLoss(0.03));
            assertThat(pair.runUntil(pair::handshakeDone, 30 * SECOND)).isTrue();
            pair.network.runFor(SECOND);
            long id = pair.client.openStream(true);
            long[] times = new long[ROUNDS];
            ByteBuffer buf = ByteBuffer.allocate(1000);
            for (int i = 0; i < ROUNDS; i++) {
                long start = pair.network.now();
                assertThat(pair.client.write(id, ByteBuffer.wrap(new byte[100]))).isEqualTo(100);
                int[] got = {0};
                assertThat(pair.runUntil(() -> {
                    buf.clear();
                    got[0] += Math.max(0, pair.serverConnection().read(id, buf));
                    return got[0] == 100;
                }, SECOND)).as("message %d of seed %d", i, seed).isTrue();
                times[i] = pair.network.now() - start;
                pair.network.runFor(50 * MS);
            }
            int n = all.length;
            all = Arrays.copyOf(all, n + ROUNDS);
            System.arraycopy(times, 0, all, n, ROUNDS);
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "isolated 100-byte messages, 10 ms one way, 3%% loss: p50 %.1f ms, p90 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms, mean %.2f ms%n", all[all.length / 2] / 1e6, all[(int) (all.length * 0.9)] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6,
                Arrays.stream(all).average().orElse(0) / 1e6);
    }
}
