package io.mqttd.quic.connection.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.ConnectionId;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ConnectionIdTableProperties {

    record Op(boolean put, byte[] cid, int value) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        // Few distinct short IDs so puts, removes and collisions hit the same keys often.
        Arbitrary<byte[]> cids = Arbitraries.bytes().between((byte) 0, (byte) 3).array(byte[].class).ofMinSize(0)
                .ofMaxSize(3);
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(Arbitraries.of(true, false), cids,
                Arbitraries.integers().between(0, 3)).as(Op::new);
        return op.list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void behavesLikeAMapKeyedByConnectionIdBytes(@ForAll("operations") List<Op> ops) {
        ConnectionIdTable<Integer> table = new ConnectionIdTable<>();
        Map<ConnectionId, Integer> model = new HashMap<>();
        Integer[] values = {0, 1, 2, 3};
        for (Op op : ops) {
            ConnectionId cid = ConnectionId.of(op.cid());
            Integer value = values[op.value()];
            if (op.put()) {
                boolean added = table.putIfAbsent(cid, value);
                assertThat(added).isEqualTo(!model.containsKey(cid));
                model.putIfAbsent(cid, value);
            } else {
                boolean removed = table.remove(cid, value);
                assertThat(removed).isEqualTo(model.get(cid) == value);
                if (removed) {
                    model.remove(cid);
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (Op op : ops) {
            ByteBuffer padded = ByteBuffer.allocate(op.cid().length + 5);
            padded.position(3);
            padded.put(op.cid());
            assertThat(table.get(padded, 3, op.cid().length)).isSameAs(model.get(ConnectionId.of(op.cid())));
        }
    }
}
