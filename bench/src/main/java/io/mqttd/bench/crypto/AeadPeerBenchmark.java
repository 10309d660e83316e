package io.mqttd.bench.crypto;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.PacketAead;
import io.mqttd.quic.crypto.PacketKeys;
import io.mqttd.quic.crypto.VersionLabels;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The peer for {@link PacketProtectionBenchmark#seal}: the same 1200-byte in-place seal through
 * Bouncy Castle's lightweight AEADs (pure Java), next to ours (JDK JCA) in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AeadPeerBenchmark {
    @Param({"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"})
    public CipherSuite suite;

    private PacketAead jca;
    private AEADCipher bc;
    private KeyParameter bcKey;
    private final byte[] iv = new byte[12];
    private final byte[] nonce = new byte[12];
    private ByteBuffer work;
    private long jcaPn;
    private long bcPn;

    @Setup
    public void setUp() {
        byte[] secret = new byte[suite.hkdf().hashLength()];
        secret[0] = 1;
        PacketKeys keys = PacketKeys.derive(suite, secret, VersionLabels.QUIC_V1);
        jca = keys.newAead(true);
        bc = suite.isChaCha20() ? new ChaCha20Poly1305() : GCMBlockCipher.newInstance(AESEngine.newInstance());
        bcKey = new KeyParameter(keys.key());
        System.arraycopy(keys.iv(), 0, iv, 0, 12);
        work = ByteBuffer.allocate(PacketProtectionBenchmark.PACKET);
    }

    @Benchmark
    public int jcaSeal() {
        return jca.seal(work, 0, PacketProtectionBenchmark.HEADER, PacketProtectionBenchmark.PAYLOAD_END, jcaPn++);
    }

    @Benchmark
    public int bouncyCastleSeal() throws InvalidCipherTextException {
        long pn = bcPn++;
        System.arraycopy(iv, 0, nonce, 0, 12);
        for (int i = 4; i < 12; i++) {
            nonce[i] ^= (byte) (pn >>> (8 * (11 - i)));
        }
        bc.init(true, new AEADParameters(bcKey, 128, nonce));
        byte[] a = work.array();
        int header = PacketProtectionBenchmark.HEADER;
        bc.processAADBytes(a, 0, header);
        int n = bc.processBytes(a, header, PacketProtectionBenchmark.PAYLOAD_END - header, a, header);
        return n + bc.doFinal(a, header + n);
    }
}
