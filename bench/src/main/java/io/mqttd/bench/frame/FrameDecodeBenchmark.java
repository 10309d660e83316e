package io.mqttd.bench.frame;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.frame.ConnectionCloseFrame;
import io.mqttd.quic.frame.CryptoFrame;
import io.mqttd.quic.frame.DataBlockedFrame;
import io.mqttd.quic.frame.DatagramFrame;
import io.mqttd.quic.frame.Frame;
import io.mqttd.quic.frame.FrameReader;
import io.mqttd.quic.frame.FrameVisitor;
import io.mqttd.quic.frame.HandshakeDoneFrame;
import io.mqttd.quic.frame.MaxDataFrame;
import io.mqttd.quic.frame.MaxStreamDataFrame;
import io.mqttd.quic.frame.MaxStreamsFrame;
import io.mqttd.quic.frame.NewConnectionIdFrame;
import io.mqttd.quic.frame.NewTokenFrame;
import io.mqttd.quic.frame.PaddingFrame;
import io.mqttd.quic.frame.PathChallengeFrame;
import io.mqttd.quic.frame.PathResponseFrame;
import io.mqttd.quic.frame.PingFrame;
import io.mqttd.quic.frame.ResetStreamFrame;
import io.mqttd.quic.frame.RetireConnectionIdFrame;
import io.mqttd.quic.frame.StopSendingFrame;
import io.mqttd.quic.frame.StreamDataBlockedFrame;
import io.mqttd.quic.frame.StreamFrame;
import io.mqttd.quic.frame.StreamsBlockedFrame;
import io.mqttd.quic.packet.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one ~1200-byte 1-RTT payload of typical frames: an ACK with 8 ranges, 6 STREAM frames
 * of 150 bytes on different streams, 2 MAX_STREAM_DATA, MAX_DATA and a last STREAM frame without a
 * Length field ({@value #FRAMES} frames in all). Scores are per frame
 * ({@link OperationsPerInvocation}); with {@code -prof gc}, gc.alloc.rate.norm is bytes per frame.
 *
 * <p>{@code touchEveryByte} reads every payload byte once and decodes nothing: the least work a
 * decoder that copied the stream data would do. A copy-free decoder skips the data and can beat it.
 * {@code encode} writes the same frames, to compare the two directions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameDecodeBenchmark {
    static final int FRAMES = 11;

    private ByteBuffer payload;
    private ByteBuffer readOnlyPayload;
    private ByteBuffer out;
    private List<Frame> frames;
    private final FrameReader reader = new FrameReader();
    private ConsumingVisitor visitor;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        frames = new ArrayList<>();
        long[] ranges = new long[16];
        long pn = 10_000;
        for (int i = 0; i < 8; i++) {
            ranges[2 * i] = pn;
            ranges[2 * i + 1] = pn - 20;
            pn -= 25;
        }
        frames.add(AckFrame.of(1200, ranges, null));
        byte[] data = new byte[150];
        for (int i = 0; i < 6; i++) {
            frames.add(StreamFrame.of(4L * i, 1_000_000L + 150L * i, ByteBuffer.wrap(data), false));
        }
        frames.add(new MaxStreamDataFrame(0, 2_000_000));
        frames.add(new MaxStreamDataFrame(4, 2_000_000));
        frames.add(new MaxDataFrame(50_000_000));
        int used = frames.stream().mapToInt(Frame::encodedSize).sum();
        int room = 1200 - used;
        int last = StreamFrame.maxDataLength(24, 2_000_000, room, false);
        frames.add(StreamFrame.of(24, 2_000_000, ByteBuffer.wrap(new byte[last]), true).withoutLength());
        if (frames.size() != FRAMES) {
            throw new IllegalStateException("frame count changed: " + frames.size());
        }
        out = ByteBuffer.allocate(2048);
        for (Frame f : frames) {
            f.encode(out);
        }
        payload = out.flip().slice();
        readOnlyPayload = payload.asReadOnlyBuffer();
        out = ByteBuffer.allocate(2048);
        visitor = new ConsumingVisitor(bh);
    }

    /** The iterator form: one frame value per frame, nothing else beyond one read-only view per packet. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeIterator(Blackhole bh) {
        reader.reset(payload, PacketType.ONE_RTT);
        while (reader.hasNext()) {
            bh.consume(reader.next());
        }
    }

    /** The visitor form a connection would use on the packet path. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int decodeVisitor() {
        return reader.reset(payload, PacketType.ONE_RTT).readAll(visitor);
    }

    /**
     * The visitor form over a payload the caller already made read-only: the reader then needs no
     * view of its own, and the frames are the only allocation.
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int decodeVisitorReadOnlyPayload() {
        return reader.reset(readOnlyPayload, PacketType.ONE_RTT).readAll(visitor);
    }

    /** Reads every payload byte once; no decoding. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int touchEveryByte() {
        int sum = 0;
        for (int i = payload.position(); i < payload.limit(); i++) {
            sum += payload.get(i);
        }
        return sum;
    }

    /** Encoding the same frames into a packet buffer. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int encode() {
        out.clear();
        for (int i = 0; i < frames.size(); i++) {
            frames.get(i).encode(out);
        }
        return out.position();
    }

    /** Hands every frame to the blackhole through its own visitor method. */
    static final class ConsumingVisitor implements FrameVisitor {
        private final Blackhole bh;

        ConsumingVisitor(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void padding(PaddingFrame f) {
            bh.consume(f.length());
        }

        @Override
        public void ping(PingFrame f) {
            bh.consume(f);
        }

        @Override
        public void ack(AckFrame f) {
            bh.consume(f.largestAcknowledged());
            bh.consume(f.rangeCount());
        }

        @Override
        public void resetStream(ResetStreamFrame f) {
            bh.consume(f);
        }

        @Override
        public void stopSending(StopSendingFrame f) {
            bh.consume(f);
        }

        @Override
        public void crypto(CryptoFrame f) {
            bh.consume(f.offset());
        }

        @Override
        public void newToken(NewTokenFrame f) {
            bh.consume(f);
        }

        @Override
        public void stream(StreamFrame f) {
            bh.consume(f.streamId());
            bh.consume(f.end());
        }

        @Override
        public void maxData(MaxDataFrame f) {
            bh.consume(f.maximumData());
        }

        @Override
        public void maxStreamData(MaxStreamDataFrame f) {
            bh.consume(f.maximumStreamData());
        }

        @Override
        public void maxStreams(MaxStreamsFrame f) {
            bh.consume(f);
        }

        @Override
        public void dataBlocked(DataBlockedFrame f) {
            bh.consume(f);
        }

        @Override
        public void streamDataBlocked(StreamDataBlockedFrame f) {
            bh.consume(f);
        }

        @Override
        public void streamsBlocked(StreamsBlockedFrame f) {
            bh.consume(f);
        }

        @Override
        public void newConnectionId(NewConnectionIdFrame f) {
            bh.consume(f);
        }

        @Override
        public void retireConnectionId(RetireConnectionIdFrame f) {
            bh.consume(f);
        }

        @Override
        public void pathChallenge(PathChallengeFrame f) {
            bh.consume(f);
        }

        @Override
        public void pathResponse(PathResponseFrame f) {
            bh.consume(f);
        }

        @Override
        public void connectionClose(ConnectionCloseFrame f) {
            bh.consume(f);
        }

        @Override
        public void handshakeDone(HandshakeDoneFrame f) {
            bh.consume(f);
        }

        @Override
        public void datagram(DatagramFrame f) {
            bh.consume(f.length());
        }
    }
}
