package io.mqttd.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The link simulation is a measuring instrument: it must replay exactly from its seed, and a
 * finite transfer over a hostile path (random and burst loss, reordering, ACK loss) must deliver
 * every chunk. No throughput thresholds here: those are benchmark figures.
 */
class LinkSimulationTest {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    static SimulationConfig hostile(SimulationConfig.Algorithm algorithm, long seed) {
        return SimulationConfig.path(algorithm, 10_000_000L, 30 * MS, 0.03, 120 * SECOND, seed)
                .withBurstLoss(0.01, 6).withReordering(0.05, 8 * MS).withAckLoss(0.05).withTotalChunks(3000);
    }

    @ParameterizedTest
    @EnumSource(SimulationConfig.Algorithm.class)
    void replaysIdenticallyFromSeed(SimulationConfig.Algorithm algorithm) {
        SimulationResult a = new LinkSimulation(hostile(algorithm, 42)).run();
        SimulationResult b = new LinkSimulation(hostile(algorithm, 42)).run();
        SimulationResult other = new LinkSimulation(hostile(algorithm, 43)).run();
        assertThat(b).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }

    @ParameterizedTest
    @EnumSource(SimulationConfig.Algorithm.class)
    void deliversEveryChunkOverLossyReorderingPath(SimulationConfig.Algorithm algorithm) {
        for (long seed = 1; seed <= 5; seed++) {
            SimulationResult r = new LinkSimulation(hostile(algorithm, seed)).run();
            assertThat(r.uniqueChunksDelivered()).as("seed %d", seed).isEqualTo(3000);
            assertThat(r.finishedNanos()).as("seed %d", seed).isPositive();
            assertThat(r.retransmittedPackets()).as("seed %d", seed).isPositive();
            assertThat(r.droppedOnLink()).as("seed %d", seed).isPositive();
        }
    }
}
