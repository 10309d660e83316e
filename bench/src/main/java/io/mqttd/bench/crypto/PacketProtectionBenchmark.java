package io.mqttd.bench.crypto;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.PacketAead;
import io.mqttd.quic.crypto.PacketKeys;
import io.mqttd.quic.crypto.PacketSealer;
import io.mqttd.quic.crypto.VersionLabels;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AEAD seal and open of 1200-byte 1-RTT packets (RFC 9001 §5.3) in place, per suite, on heap and
 * direct buffers; {@code protect} adds header protection (the whole send path of one packet).
 * Throughput in packets/s: multiply by 1200 for bytes/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PacketProtectionBenchmark {
    static final int PACKET = 1200;
    static final int HEADER = 1 + 8 + 4;
    static final int PAYLOAD_END = PACKET - CipherSuite.TAG_LENGTH;
    static final int RING = 64;

    @Param({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    public CipherSuite suite;

    @Param({"false", "true"})
    public boolean direct;

    private PacketKeys keys;
    private PacketAead sealer;
    private PacketAead opener;
    private PacketSealer packetSealer;
    private ByteBuffer work;
    private byte[][] sealedRing;
    private long[] ringPns;
    private long sealPn;
    private long protectPn;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] secret = new byte[suite.hkdf().hashLength()];
        secret[0] = 1;
        keys = PacketKeys.derive(suite, secret, VersionLabels.QUIC_V1);
        sealer = keys.newAead(true);
        opener = keys.newAead(false);
        work = direct ? ByteBuffer.allocateDirect(PACKET) : ByteBuffer.allocate(PACKET);
        work.put(0, (byte) 0x43);
        // Distinct packet numbers, so consecutive opens never re-init with the same nonce.
        PacketAead ringSealer = keys.newAead(true);
        sealedRing = new byte[RING][];
        ringPns = new long[RING];
        for (int i = 0; i < RING; i++) {
            ByteBuffer b = ByteBuffer.allocate(PACKET);
            b.put(0, (byte) 0x43);
            b.put(HEADER + 5, (byte) i);
            ringPns[i] = 1000 + i;
            ringSealer.seal(b, 0, HEADER, PAYLOAD_END, ringPns[i]);
            sealedRing[i] = b.array();
        }
    }

    @Setup(Level.Iteration)
    public void freshSealer() {
        // PacketSealer enforces the 2^23-packet AES-GCM limit, which a long run would pass.
        packetSealer = PacketSealer.create(keys);
        protectPn = 0;
    }

    @Benchmark
    public int seal() {
        return sealer.seal(work, 0, HEADER, PAYLOAD_END, sealPn++);
    }

    /** AEAD plus header protection, as a connection sends. */
    @Benchmark
    public int protect() {
        // Header protection masked the first byte of the previous packet; write a fresh one.
        work.put(0, (byte) 0x43);
        return packetSealer.seal(work, 0, HEADER - 4, 4, PAYLOAD_END, protectPn++);
    }

    @Benchmark
    public boolean open() {
        int i = next++ & (RING - 1);
        work.put(0, sealedRing[i]);
        return opener.open(work, 0, HEADER, PACKET, ringPns[i]);
    }

    /** What {@link #open} spends on restoring the sealed packet; subtract it to compare. */
    @Benchmark
    public ByteBuffer copyOnly() {
        int i = next++ & (RING - 1);
        return work.put(0, sealedRing[i]);
    }
}
