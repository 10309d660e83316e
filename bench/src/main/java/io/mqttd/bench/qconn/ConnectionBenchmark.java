package io.mqttd.bench.qconn;

import io.mqttd.quic.connection.QuicClientSettings;
import io.mqttd.quic.connection.QuicServerSettings;
import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * End-to-end CPU cost of {@code QuicConnection}: a full handshake (client and server together),
 * and a 1 MiB stream transfer over an established connection (both sides' work: packetizing,
 * sealing, opening, reassembly, ACKs, recovery). In memory, no sockets.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ConnectionBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConnectionBenchmark {
    private static final CertifiedKey KEY = SelfSignedCertificate.generate("localhost");
    private static final int TRANSFER = 1 << 20;

    private QuicClientSettings clientSettings;
    private QuicServerSettings serverSettings;
    private InMemoryPair established;
    private final ByteBuffer payload = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer sink = ByteBuffer.allocate(64 * 1024);

    @Setup(Level.Trial)
    public void setUp() {
        clientSettings = QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate()).serverName("localhost")
                .alpn("bench").transport(InMemoryPair.largeWindows()).build();
        serverSettings = QuicServerSettings.builder(KEY).alpn("bench").transport(InMemoryPair.largeWindows()
                .withMaxStreams(1 << 20, 1 << 20)).build();
        established = new InMemoryPair(clientSettings, serverSettings);
        established.handshake();
    }

    /** One full 1-RTT handshake, both sides, until the client has confirmed it. */
    @Benchmark
    public boolean handshake() {
        InMemoryPair pair = new InMemoryPair(clientSettings, serverSettings);
        pair.handshake();
        return pair.client.isHandshakeConfirmed();
    }

    /** 1 MiB on a new unidirectional stream, written, sent, received and read; divide by the time for MB/s. */
    @Benchmark
    public long transferOneMebibyte() {
        InMemoryPair pair = established;
        long id = pair.client.openStream(false);
        long written = 0;
        long read = 0;
        boolean finished = false;
        while (true) {
            while (written < TRANSFER) {
                payload.clear().limit((int) Math.min(payload.capacity(), TRANSFER - written));
                int n = pair.client.write(id, payload);
                written += n;
                if (n == 0) {
                    break;
                }
            }
            if (written == TRANSFER && !finished) {
                pair.client.finish(id);
                finished = true;
            }
            boolean moved = pair.exchange();
            int n;
            while ((n = pair.server.read(id, sink.clear())) > 0) {
                read += n;
            }
            if (n < 0) {
                return read;
            }
            if (!moved) {
                pair.advance();
            }
        }
    }
}
