package io.mqttd.bench.packet;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.LongHeader;
import io.mqttd.quic.packet.PacketLayout;
import io.mqttd.quic.packet.PacketNumberEncoding;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.ShortHeader;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Writing headers on the send path (RFC 9000 §17.2, §17.3.1): choose the packet number length
 * (Appendix A.2), write the header, fill the Length field. Shows whether the returned
 * {@link PacketLayout} costs an allocation per packet.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HeaderWriteBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderWriteBenchmark {
    private static final ConnectionId DCID = ConnectionId.fromHex("0102030405060708");
    private static final ConnectionId SCID = ConnectionId.fromHex("a1a2a3a4a5a6a7a8");

    private final ByteBuffer buf = ByteBuffer.allocate(1500);
    private long packetNumber = 1_000_000;

    @Benchmark
    public int writeShortHeader() {
        buf.clear();
        long pn = packetNumber++;
        int pnLength = PacketNumberEncoding.encodedLength(pn, pn - 100);
        PacketLayout layout = ShortHeader.write(buf, DCID, false, false, pn, pnLength);
        return layout.sampleOffset();
    }

    @Benchmark
    public int writeHandshakeHeaderAndLength() {
        buf.clear();
        long pn = packetNumber++;
        int pnLength = PacketNumberEncoding.encodedLength(pn, pn - 100);
        PacketLayout layout = LongHeader.write(buf, PacketType.HANDSHAKE, QuicVersion.V1, DCID, SCID, null, pn, pnLength);
        layout.writeLength(buf, layout.payloadOffset() + 1000);
        return layout.sampleOffset();
    }
}
