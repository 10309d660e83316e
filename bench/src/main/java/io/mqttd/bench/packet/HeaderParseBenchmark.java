package io.mqttd.bench.packet;

import io.mqttd.quic.packet.CoalescedPackets;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.LongHeader;
import io.mqttd.quic.packet.PacketLayout;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.ProtectedPacket;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.ShortHeader;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing protected headers in place (RFC 9000 §17, before header protection removal): a 1200-byte
 * 1-RTT packet with an 8-byte DCID, the protected client Initial of RFC 9001 Appendix A.2, and the
 * split of a datagram holding Initial + Handshake + 1-RTT (§12.2). The parser reuses one view and
 * should allocate nothing.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HeaderParseBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderParseBenchmark {
    private static final String RFC9001_A2_HEADER = "c000000001088394c8f03e5157080000449e7b9aec34";
    private static final ConnectionId CID = ConnectionId.fromHex("0102030405060708");

    private final ProtectedPacket view = new ProtectedPacket();
    private final CoalescedPackets coalesced = new CoalescedPackets(8, false);
    private ByteBuffer shortPacket;
    private ByteBuffer initialPacket;
    private ByteBuffer datagram;

    @Setup
    public void setUp() {
        shortPacket = ByteBuffer.allocate(1200);
        ShortHeader.write(shortPacket, CID, false, false, 1234, 2);
        shortPacket.position(0).limit(1200);

        // RFC 9001 A.2: the protected header, then 1178 bytes standing in for the ciphertext.
        byte[] header = HexFormat.of().parseHex(RFC9001_A2_HEADER);
        initialPacket = ByteBuffer.allocate(1200);
        initialPacket.put(header).position(0);

        datagram = ByteBuffer.allocate(1200);
        PacketLayout initial = LongHeader.write(datagram, PacketType.INITIAL, QuicVersion.V1, CID, CID, null, 1, 2);
        datagram.position(datagram.position() + 200);
        initial.writeLength(datagram, datagram.position());
        PacketLayout handshake = LongHeader.write(datagram, PacketType.HANDSHAKE, QuicVersion.V1, CID, CID, null, 1, 2);
        datagram.position(datagram.position() + 400);
        handshake.writeLength(datagram, datagram.position());
        ShortHeader.write(datagram, CID, false, false, 1, 2);
        datagram.position(0).limit(1200);
    }

    @Benchmark
    public int parseShortHeader() {
        view.parse(shortPacket, 0, 8, false);
        return view.sampleOffset();
    }

    @Benchmark
    public int parseInitialRfc9001A2() {
        view.parse(initialPacket, 0, 8, false);
        return view.sampleOffset() + view.end();
    }

    @Benchmark
    public int splitCoalescedDatagram() {
        coalesced.reset(datagram);
        int sum = 0;
        while (coalesced.next(view)) {
            sum += view.sampleOffset();
        }
        return sum;
    }
}
