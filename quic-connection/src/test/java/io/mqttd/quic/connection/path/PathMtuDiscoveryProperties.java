package io.mqttd.quic.connection.path;

import static io.mqttd.quic.connection.path.PathMtuDiscovery.BASE_PLPMTU;
import static io.mqttd.quic.connection.path.PathMtuDiscovery.MAX_PROBES;
import static io.mqttd.quic.connection.path.PathMtuDiscovery.SEARCH_GRANULARITY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link PathMtuDiscovery} under whatever the peer and the path do: acknowledgments and losses of
 * any packet number in any order, any sizes, timeouts at any time. The peer's max_udp_payload_size
 * reaches it only as the ceiling (at least 1200, RFC 9000 §18.2, checked by TransportParameters).
 */
class PathMtuDiscoveryProperties {

    record Event(int kind, long packetNumber, int size, long advance) {
    }

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<Event> e = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.longs().between(-2, 40), Arbitraries.integers().between(0, 70_000),
                Arbitraries.longs().between(0, 700_000_000_000L)).as(Event::new);
        return e.list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void plpmtuStaysWithinBaseAndCeilingWhateverHappens(@ForAll @IntRange(min = 1200, max = 16383) int ceiling,
            @ForAll("events") List<Event> events) {
        PathMtuDiscovery d = new PathMtuDiscovery(1 + (ceiling % 7));
        d.start(ceiling);
        long now = 0;
        long nextPn = 0;
        for (Event e : events) {
            now += e.advance();
            switch (e.kind()) {
                case 0 -> {
                    if (d.probeSize() > 0) {
                        d.onProbeSent(nextPn++);
                    }
                }
                case 1 -> d.onProbeAcked(e.packetNumber() < 0 ? nextPn - 1 : e.packetNumber(), now);
                case 2 -> d.onProbeLost(e.packetNumber() < 0 ? nextPn - 1 : e.packetNumber(), now);
                case 3 -> d.onPacketAcked(e.size());
                case 4 -> d.onPacketLost(e.size());
                case 5 -> d.checkBlackHole();
                case 6 -> d.onTimeout(now);
                default -> d.onPathChanged();
            }
            assertThat(d.plpmtu()).isBetween(BASE_PLPMTU, ceiling);
            int probe = d.probeSize();
            if (probe > 0) {
                assertThat(probe).isGreaterThan(d.plpmtu()).isLessThanOrEqualTo(ceiling);
            }
            if (d.nextTimeoutNanos() != Long.MAX_VALUE) {
                assertThat(d.state()).isEqualTo(PathMtuDiscovery.State.SEARCH_COMPLETE);
            }
        }
    }

    @Property(tries = 300)
    void searchEndsAtThePathMtuInLogarithmicallyManyProbes(@ForAll @IntRange(min = 1200, max = 16383) int ceiling,
            @ForAll @IntRange(min = 1200, max = 20_000) int pathMtu) {
        PathMtuDiscovery d = new PathMtuDiscovery();
        d.start(ceiling);
        int probes = 0;
        for (long pn = 0; d.probeSize() > 0; pn++) {
            boolean fits = d.probeSize() <= pathMtu;
            d.onProbeSent(pn);
            if (fits) {
                d.onProbeAcked(pn, pn);
            } else {
                d.onProbeLost(pn, pn);
            }
            probes++;
        }
        int best = Math.min(ceiling, pathMtu);
        assertThat(d.plpmtu()).isLessThanOrEqualTo(best).isGreaterThanOrEqualTo(Math.max(BASE_PLPMTU, best - SEARCH_GRANULARITY));
        // The ceiling, then a binary search over at most 15 200 bytes down to 8: 11 halvings.
        assertThat(probes).isLessThanOrEqualTo(MAX_PROBES * 12);
    }
}
