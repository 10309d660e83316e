package io.mqttd.quic.connection.path;

import static io.mqttd.quic.connection.path.PathMtuDiscovery.BASE_PLPMTU;
import static io.mqttd.quic.connection.path.PathMtuDiscovery.MAX_PROBES;
import static io.mqttd.quic.connection.path.PathMtuDiscovery.PMTU_RAISE_TIMER_NANOS;
import static io.mqttd.quic.connection.path.PathMtuDiscovery.SEARCH_GRANULARITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.connection.path.PathMtuDiscovery.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RFC 8899 §5 search state machine of {@link PathMtuDiscovery}, without a connection. */
class PathMtuDiscoveryTest {
    private long pn;
    private long now;

    /** Drives the search against a path that carries datagrams up to {@code pathMtu}; returns the probes sent. */
    private int search(PathMtuDiscovery d, int pathMtu) {
        int probes = 0;
        while (d.probeSize() > 0) {
            int size = d.probeSize();
            long packet = pn++;
            d.onProbeSent(packet);
            probes++;
            now += 1_000_000;
            if (size <= pathMtu) {
                d.onProbeAcked(packet, now);
            } else {
                d.onProbeLost(packet, now);
            }
            assertThat(probes).as("search must end").isLessThan(200);
        }
        return probes;
    }

    @Test
    void startsAtBasePlpmtuAndSendsNoProbeBeforeStart_rfc9000_14_3() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        assertThat(d.plpmtu()).isEqualTo(BASE_PLPMTU);
        assertThat(d.state()).isEqualTo(State.DISABLED);
        assertThat(d.probeSize()).isZero();
        assertThat(d.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void firstProbeIsTheCeilingAndItsAckEndsTheSearch_rfc8899_5_3() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(1472);
        assertThat(d.state()).isEqualTo(State.SEARCHING);
        assertThat(d.probeSize()).isEqualTo(1472);
        d.onProbeSent(7);
        assertThat(d.probeSize()).as("one probe outstanding at a time").isZero();
        d.onProbeAcked(7, 0);
        assertThat(d.plpmtu()).isEqualTo(1472);
        assertThat(d.state()).isEqualTo(State.SEARCH_COMPLETE);
        assertThat(d.probeSize()).isZero();
        assertThat(d.nextTimeoutNanos()).as("nothing above the ceiling to look for").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void ceilingAtBaseMeansNothingToSearch_rfc8899_5_2() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(BASE_PLPMTU);
        assertThat(d.state()).isEqualTo(State.SEARCH_COMPLETE);
        assertThat(d.probeSize()).isZero();
        assertThat(d.plpmtu()).isEqualTo(BASE_PLPMTU);
    }

    @Test
    void sizeIsGivenUpOnlyAfterMaxProbesLostInARow_rfc8899_5_1_2() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(1472);
        for (int i = 0; i < MAX_PROBES - 1; i++) {
            d.onProbeSent(i);
            d.onProbeLost(i, 0);
            assertThat(d.probeSize()).as("probe %d lost: the same size again", i).isEqualTo(1472);
        }
        d.onProbeSent(MAX_PROBES - 1);
        d.onProbeLost(MAX_PROBES - 1, 0);
        assertThat(d.probeSize()).isBetween(BASE_PLPMTU + 1, 1471);
        assertThat(d.plpmtu()).isEqualTo(BASE_PLPMTU);
    }

    @ParameterizedTest
    @CsvSource({"1472, 1300", "1472, 1280", "1472, 1471", "9000, 1500", "16383, 8192", "1500, 1201"})
    void binarySearchConvergesBelowThePathMtuWithinGranularity_rfc8899_5_3(int ceiling, int pathMtu) {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(ceiling);
        search(d, pathMtu);
        assertThat(d.state()).isEqualTo(State.SEARCH_COMPLETE);
        assertThat(d.plpmtu()).isLessThanOrEqualTo(pathMtu).isGreaterThan(pathMtu - SEARCH_GRANULARITY - 1);
    }

    @Test
    void neverProbesAboveTheCeiling_rfc9000_14() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(1350);
        int largest = 0;
        while (d.probeSize() > 0) {
            largest = Math.max(largest, d.probeSize());
            d.onProbeSent(pn);
            d.onProbeAcked(pn++, 0);
        }
        assertThat(largest).isEqualTo(1350);
        assertThat(d.plpmtu()).isEqualTo(1350);
    }

    @Test
    void ignoresFatesOfProbesOtherThanTheOutstandingOne() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(1472);
        d.onProbeSent(5);
        d.onProbeAcked(4, 0);
        d.onProbeLost(6, 0);
        assertThat(d.plpmtu()).isEqualTo(BASE_PLPMTU);
        assertThat(d.probeSize()).isZero();
        d.onProbeAcked(5, 0);
        assertThat(d.plpmtu()).isEqualTo(1472);
    }

    @Test
    void raiseTimerSearchesAgainAfterSixHundredSeconds_rfc8899_5_1_1() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(1472);
        now = 1_000;
        search(d, 1400);
        long completedAt = now;
        assertThat(d.state()).isEqualTo(State.SEARCH_COMPLETE);
        assertThat(d.nextTimeoutNanos()).isEqualTo(completedAt + PMTU_RAISE_TIMER_NANOS);
        d.onTimeout(completedAt + PMTU_RAISE_TIMER_NANOS - 1);
        assertThat(d.probeSize()).as("early call").isZero();
        d.onTimeout(completedAt + PMTU_RAISE_TIMER_NANOS);
        assertThat(d.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(d.state()).isEqualTo(State.SEARCHING);
        assertThat(d.probeSize()).as("the path may have grown: the ceiling first").isEqualTo(1472);
        int plpmtu = d.plpmtu();
        search(d, 1472);
        assertThat(d.plpmtu()).isGreaterThan(plpmtu).isEqualTo(1472);
    }

    @Test
    void blackHoleFallsBackToBaseAndSearchesAgain_rfc8899_4_3() {
        PathMtuDiscovery d = new PathMtuDiscovery(3);
        d.start(1472);
        search(d, 1472);
        d.onPacketLost(1472);
        d.onPacketLost(1472);
        d.onPacketLost(BASE_PLPMTU); // small packets do not count
        assertThat(d.checkBlackHole()).isFalse();
        d.onPacketLost(1472);
        assertThat(d.checkBlackHole()).isTrue();
        assertThat(d.plpmtu()).isEqualTo(BASE_PLPMTU);
        assertThat(d.blackHoles()).isEqualTo(1);
        assertThat(d.state()).isEqualTo(State.SEARCHING);
        search(d, 1300);
        assertThat(d.plpmtu()).isBetween(1300 - SEARCH_GRANULARITY, 1300);
    }

    @Test
    void acknowledgedLargePacketClearsTheLossCount_rfc8899_4_3() {
        PathMtuDiscovery d = new PathMtuDiscovery(3);
        d.start(1472);
        search(d, 1472);
        d.onPacketLost(1472);
        d.onPacketLost(1472);
        d.onPacketAcked(BASE_PLPMTU); // a small packet proves nothing about large ones
        d.onPacketLost(1472);
        d.onPacketAcked(1472);
        assertThat(d.checkBlackHole()).isFalse();
        assertThat(d.plpmtu()).isEqualTo(1472);
        d.onPacketLost(1472);
        d.onPacketLost(1472);
        assertThat(d.checkBlackHole()).isFalse();
    }

    @Test
    void noBlackHoleAtBase() {
        PathMtuDiscovery d = new PathMtuDiscovery(1);
        d.start(1472);
        d.onPacketLost(1472);
        assertThat(d.checkBlackHole()).isFalse();
        assertThat(d.blackHoles()).isZero();
    }

    @Test
    void pathChangeReturnsToBaseAndSearchesAgain_rfc9000_14_3() {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(1472);
        search(d, 1472);
        d.onPathChanged();
        assertThat(d.plpmtu()).isEqualTo(BASE_PLPMTU);
        assertThat(d.probeSize()).isEqualTo(1472);
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> new PathMtuDiscovery(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PathMtuDiscovery().start(1199)).isInstanceOf(IllegalArgumentException.class);
    }
}
