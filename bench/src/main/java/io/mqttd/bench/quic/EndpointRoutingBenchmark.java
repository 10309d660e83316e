package io.mqttd.bench.quic;

import io.mqttd.quic.connection.endpoint.EndpointConfig;
import io.mqttd.quic.connection.endpoint.QuicEndpoint;
import io.mqttd.quic.connection.endpoint.RoutedConnection;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.QuicVersion;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The endpoint's per-datagram work before a connection sees the bytes: find the connection by the
 * Destination Connection ID among {@code connections} (in place, no key object), hand it the
 * datagram, re-read its timer. The connections here do nothing, so this is the endpoint's cost
 * alone; {@code -prof gc} shows whether routing allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EndpointRoutingBenchmark {
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.1", 4433);

    @Param({"10000"})
    int connections;

    private QuicEndpoint endpoint;
    private ByteBuffer[] routed;
    private ByteBuffer unknownShort;
    private final ByteBuffer out = ByteBuffer.allocate(1500);
    private int next;
    private long sink;

    /** Does nothing with what it gets, so only the endpoint is measured. */
    static final class Idle implements RoutedConnection {
        long bytes;

        @Override
        public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
            bytes += datagram.remaining();
        }

        @Override
        public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
            return null;
        }

        @Override
        public long nextTimeoutNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void handleTimeout(long nowNanos) {
        }

        @Override
        public boolean isTerminated() {
            return false;
        }
    }

    @Setup
    public void setup() {
        List<ConnectionId> issued = new ArrayList<>();
        QuicEndpoint[] holder = new QuicEndpoint[1];
        holder[0] = QuicEndpoint.server(EndpointConfig.defaults().withMaxConnections(connections),
                (incoming, slot, now) -> {
                    ConnectionId cid = holder[0].connectionIdGenerator().get();
                    holder[0].routes().add(cid, holder[0].statelessResetTokens().tokenFor(cid));
                    issued.add(cid);
                    return new Idle();
                });
        endpoint = holder[0];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < connections; i++) {
            byte[] dcid = new byte[8];
            random.nextBytes(dcid);
            endpoint.handleDatagram(0, PEER, initial(ConnectionId.of(dcid)));
        }
        routed = new ByteBuffer[1024];
        for (int i = 0; i < routed.length; i++) {
            routed[i] = shortHeader(issued.get(random.nextInt(issued.size())), 1200);
        }
        unknownShort = shortHeader(ConnectionId.fromHex("0909090909090909"), 20);
        while (endpoint.pollTransmit(0, out.clear()) != null) {
            // drain
        }
    }

    private static ByteBuffer initial(ConnectionId dcid) {
        ByteBuffer b = ByteBuffer.allocate(1200);
        b.put((byte) 0xc0).putInt(QuicVersion.V1.value()).put((byte) 8);
        dcid.writeTo(b);
        b.put((byte) 0).put((byte) 0);
        b.putShort((short) (0x4000 | (1200 - b.position() - 2)));
        b.position(1200);
        return b.flip();
    }

    private static ByteBuffer shortHeader(ConnectionId dcid, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) 0x41);
        dcid.writeTo(b);
        b.position(size);
        return b.flip();
    }

    /** A 1200-byte 1-RTT datagram routed to one of the connections. */
    @Benchmark
    public long routeShortHeaderDatagram() {
        ByteBuffer d = routed[next++ & 1023];
        d.rewind();
        endpoint.handleDatagram(1, PEER, d);
        // The connection queued itself to transmit: drain that as the loop would.
        endpoint.pollTransmit(1, out.clear());
        return ++sink;
    }

    /** A 20-byte short header to no connection: dropped (too short to answer with a reset, §10.3). */
    @Benchmark
    public long dropUnroutableRunt() {
        unknownShort.rewind();
        endpoint.handleDatagram(1, PEER, unknownShort);
        return ++sink;
    }
}
