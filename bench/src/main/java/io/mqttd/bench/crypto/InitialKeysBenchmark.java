package io.mqttd.bench.crypto;

import io.mqttd.quic.crypto.AuthenticationFailures;
import io.mqttd.quic.crypto.InitialSecrets;
import io.mqttd.quic.crypto.RetryIntegrity;
import io.mqttd.quic.crypto.VersionLabels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a server spends per new connection attempt before any handshake work: deriving the Initial
 * keys from the client's DCID (RFC 9001 §5.2) with a sealer and an opener, or answering with a
 * Retry instead (RFC 9001 §5.8). Both are what an Initial flood costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InitialKeysBenchmark {
    private final byte[] dcid = {1, 2, 3, 4, 5, 6, 7, 8};
    private final byte[] retry = new byte[60];
    private final AuthenticationFailures failures = new AuthenticationFailures();

    @Benchmark
    public void initialSealerAndOpener(Blackhole blackhole) {
        dcid[0]++;
        InitialSecrets secrets = InitialSecrets.derive(VersionLabels.QUIC_V1, dcid);
        blackhole.consume(secrets.sealer(false));
        blackhole.consume(secrets.opener(false, failures));
    }

    @Benchmark
    public byte[] retryIntegrityTag() {
        dcid[0]++;
        return RetryIntegrity.computeTag(VersionLabels.QUIC_V1, dcid, retry);
    }
}
