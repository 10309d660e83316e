package io.mqttd.quic.connection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RangeSetProperties {

    record Op(boolean add, int start, int end) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.integers().between(0, 200),
                Arbitraries.integers().between(0, 40)).as((add, start, len) -> new Op(add, start, start + len));
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void behavesLikeABitSetAndStaysCanonical(@ForAll("ops") List<Op> ops) {
        RangeSet set = new RangeSet();
        BitSet model = new BitSet();
        for (Op op : ops) {
            if (op.add()) {
                set.add(op.start(), op.end());
                model.set(op.start(), op.end());
            } else {
                set.remove(op.start(), op.end());
                model.clear(op.start(), op.end());
            }
        }
        for (int v = 0; v < 260; v++) {
            assertThat(set.contains(v)).as("contains %d in %s", v, set).isEqualTo(model.get(v));
        }
        assertThat(set.totalLength()).isEqualTo(model.cardinality());
        for (int i = 0; i < set.rangeCount(); i++) {
            assertThat(set.start(i)).isLessThan(set.end(i));
            if (i > 0) {
                assertThat(set.start(i)).as("ranges sorted, disjoint and not touching").isGreaterThan(set.end(i - 1));
            }
        }
    }

    @Test
    void mergesTouchingRanges() {
        RangeSet set = new RangeSet();
        set.add(0, 10);
        set.add(20, 30);
        set.add(10, 20);
        assertThat(set.rangeCount()).isEqualTo(1);
        assertThat(set.first()).isZero();
        assertThat(set.firstEnd()).isEqualTo(30);
    }

    @Test
    void splitsRangeOnInnerRemoval() {
        RangeSet set = new RangeSet();
        set.add(0, 30);
        set.remove(10, 20);
        assertThat(set.toString()).isEqualTo("{[0, 10), [20, 30)}");
        assertThat(set.containsAll(0, 10)).isTrue();
        assertThat(set.containsAll(5, 25)).isFalse();
    }
}
