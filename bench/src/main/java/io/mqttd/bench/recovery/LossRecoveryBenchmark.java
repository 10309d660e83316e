package io.mqttd.bench.recovery;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.recovery.EcnCodepoint;
import io.mqttd.quic.recovery.LossRecovery;
import io.mqttd.quic.recovery.ReceivedPacketTracker;
import io.mqttd.quic.recovery.RecoveryConfig;
import io.mqttd.quic.recovery.RecoveryListener;
import io.mqttd.quic.recovery.cc.Cubic;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-packet cost of quic-recovery: a sender recording packets and processing ACK frames, and a
 * receiver recording packets and building ACK frames, against a TreeMap-based sent-packet map as
 * the textbook baseline. Every ACK frame repeats the last {@value #ACK_WINDOW} packet numbers, as a
 * receiver does until it learns its ACKs arrived (RFC 9000 §13.2.4), so only 2 of them are new.
 *
 * <p>Results are per packet ({@link OperationsPerInvocation} 2: two packets, one ACK frame).
 * The ACK frame the sender processes is allocated by the benchmark itself (see {@link #ackFrameOnly}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LossRecoveryBenchmark {
    static final int ACK_WINDOW = 64;
    static final int SIZE = 1200;

    LossRecovery<Object> recovery;
    TreeMap<Long, long[]> treeMap;
    ReceivedPacketTracker receiver;
    long pn;
    long now;
    long treeBytesInFlight;
    long acked;

    @Setup
    public void setup() {
        recovery = new LossRecovery<>(RecoveryConfig.defaults(true), new Cubic(SIZE), new RecoveryListener<>() {
            @Override
            public void onPacketAcked(PacketNumberSpace space, long packetNumber, Object frames) {
                acked++;
            }

            @Override
            public void onPacketLost(PacketNumberSpace space, long packetNumber, Object frames) {
            }
        });
        recovery.onHandshakeConfirmed(0);
        treeMap = new TreeMap<>();
        receiver = new ReceivedPacketTracker(PacketNumberSpace.APPLICATION_DATA, 25_000_000L);
        pn = 0;
        now = 0;
    }

    private AckFrame nextAck() {
        long largest = pn - 1;
        return AckFrame.ofRange(3, Math.max(0, largest - ACK_WINDOW), largest);
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public long lossRecoverySendAndAck() {
        now += 10_000;
        recovery.onPacketSent(now, PacketNumberSpace.APPLICATION_DATA, pn, SIZE, true, true, this);
        pn++;
        recovery.onPacketSent(now, PacketNumberSpace.APPLICATION_DATA, pn, SIZE, true, true, this);
        pn++;
        recovery.onAckReceived(now + 5_000, PacketNumberSpace.APPLICATION_DATA, nextAck());
        return recovery.bytesInFlight();
    }

    /** The baseline: sent packets in a TreeMap, ranges walked with subMap; no RTT, loss or cc work. */
    @Benchmark
    @OperationsPerInvocation(2)
    public long treeMapSendAndAck() {
        now += 10_000;
        treeMap.put(pn, new long[] {now, SIZE});
        treeBytesInFlight += SIZE;
        pn++;
        treeMap.put(pn, new long[] {now, SIZE});
        treeBytesInFlight += SIZE;
        pn++;
        AckFrame ack = nextAck();
        for (int r = 0; r < ack.rangeCount(); r++) {
            var it = treeMap.subMap(ack.rangeSmallest(r), true, ack.rangeLargest(r), true).entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, long[]> e = it.next();
                treeBytesInFlight -= e.getValue()[1];
                it.remove();
            }
        }
        return treeBytesInFlight;
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public AckFrame ackFrameOnly() {
        pn += 2;
        return nextAck();
    }

    /** Receiver side: two packets recorded, one ACK frame built and marked sent. */
    @Benchmark
    @OperationsPerInvocation(2)
    public AckFrame receiverRecordAndBuildAck() {
        now += 10_000;
        receiver.onPacketReceived(now, pn++, true, EcnCodepoint.NOT_ECT);
        receiver.onPacketReceived(now, pn++, true, EcnCodepoint.NOT_ECT);
        AckFrame ack = receiver.buildAckFrame(now, 3);
        receiver.onAckFrameSent();
        if ((pn & 63) == 0) {
            receiver.onAckFrameAcknowledged(pn - ACK_WINDOW);
        }
        return ack;
    }
}
