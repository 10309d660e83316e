package io.mqttd.quic.frame;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for every frame type; values are biased to varint length boundaries. */
final class FrameArbitraries {
    private FrameArbitraries() {
    }

    /** Varints spread over all four encoded lengths, with the edges of each. */
    static Arbitrary<Long> varInt() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 63),
                Arbitraries.longs().between(64, 16383),
                Arbitraries.longs().between(16384, 0x3fff_ffffL),
                Arbitraries.longs().between(0x4000_0000L, VarInt.MAX_VALUE),
                Arbitraries.of(0L, 63L, 64L, 16383L, 16384L, 0x3fff_ffffL, 0x4000_0000L, VarInt.MAX_VALUE));
    }

    static Arbitrary<Long> varIntUpTo(long max) {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, Math.min(max, 100_000)),
                Arbitraries.longs().between(0, max), Arbitraries.of(0L, max));
    }

    static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    /** Data placed at a random offset inside a larger buffer, to catch offset mistakes. */
    static Arbitrary<ByteBuffer> data(int max) {
        return Combinators.combine(bytes(0, max), Arbitraries.integers().between(0, 7)).as((b, pad) -> {
            ByteBuffer buf = ByteBuffer.allocate(b.length + 2 * pad);
            buf.position(pad);
            buf.put(b);
            buf.position(pad).limit(pad + b.length);
            return buf;
        });
    }

    static Arbitrary<ConnectionId> connectionId(int min) {
        return bytes(min, 20).map(ConnectionId::of);
    }

    static Arbitrary<AckFrame> ack() {
        Arbitrary<long[]> ranges = Arbitraries.longs().between(0, 1000).list().ofMinSize(1).ofMaxSize(12)
                .flatMap(sizes -> Combinators.combine(varIntUpTo(VarInt.MAX_VALUE - 1_000_000_000L),
                        Arbitraries.longs().between(0, 300).list().ofSize(sizes.size())).as((top, gaps) -> {
                            long[] r = new long[2 * sizes.size()];
                            long next = top + 1_000_000;
                            for (int i = 0; i < sizes.size(); i++) {
                                long largest = next;
                                long smallest = Math.max(0, largest - sizes.get(i));
                                r[2 * i] = largest;
                                r[2 * i + 1] = smallest;
                                next = smallest - 2 - gaps.get(i);
                                if (next < 0) {
                                    long[] cut = new long[2 * (i + 1)];
                                    System.arraycopy(r, 0, cut, 0, cut.length);
                                    return cut;
                                }
                            }
                            return r;
                        }));
        Arbitrary<EcnCounts> ecn = Combinators.combine(varInt(), varInt(), varInt()).as(EcnCounts::new)
                .injectNull(0.5);
        return Combinators.combine(varInt(), ranges, ecn).as(AckFrame::of);
    }

    static Arbitrary<StreamFrame> stream() {
        return Combinators.combine(varInt(), varIntUpTo(VarInt.MAX_VALUE - 2000), data(600),
                Arbitraries.of(true, false)).as(StreamFrame::of);
    }

    static Arbitrary<Frame> frame() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.integers().between(1, 1500).map(PaddingFrame::new),
                Arbitraries.just(PingFrame.INSTANCE),
                ack(),
                Combinators.combine(varInt(), varInt(), varInt()).as(ResetStreamFrame::new),
                Combinators.combine(varInt(), varInt()).as(StopSendingFrame::new),
                Combinators.combine(varIntUpTo(VarInt.MAX_VALUE - 2000), data(600)).as(CryptoFrame::of),
                bytes(1, 200).map(NewTokenFrame::new),
                stream(),
                varInt().map(MaxDataFrame::new),
                Combinators.combine(varInt(), varInt()).as(MaxStreamDataFrame::new),
                Combinators.combine(Arbitraries.of(true, false), varIntUpTo(1L << 60)).as(MaxStreamsFrame::new),
                varInt().map(DataBlockedFrame::new),
                Combinators.combine(varInt(), varInt()).as(StreamDataBlockedFrame::new),
                Combinators.combine(Arbitraries.of(true, false), varIntUpTo(1L << 60)).as(StreamsBlockedFrame::new),
                Combinators.combine(varInt(), Arbitraries.doubles().between(0, 1), connectionId(1), bytes(16, 16))
                        .as((seq, f, cid, token) -> new NewConnectionIdFrame(seq,
                                Math.min(seq, (long) (seq * f)), cid, token)),
                varInt().map(RetireConnectionIdFrame::new),
                Arbitraries.longs().map(PathChallengeFrame::new),
                Arbitraries.longs().map(PathResponseFrame::new),
                Combinators.combine(varInt(), varInt(), bytes(0, 100))
                        .as((code, type, reason) -> new ConnectionCloseFrame(false, code, type, reason)),
                Combinators.combine(varInt(), bytes(0, 100))
                        .as((code, reason) -> new ConnectionCloseFrame(true, code, 0, reason)),
                Arbitraries.just(HandshakeDoneFrame.INSTANCE),
                data(600).map(DatagramFrame::of)));
    }

    /**
     * A valid packet payload: frames in sequence, where the last may drop its Length field (STREAM
     * and DATAGRAM) and PADDING is never followed by more PADDING (the decoder folds runs).
     */
    static Arbitrary<List<Frame>> payload() {
        return Combinators.combine(frame().list().ofMinSize(1).ofMaxSize(8), Arbitraries.of(true, false))
                .as((frames, dropLastLength) -> {
                    java.util.ArrayList<Frame> out = new java.util.ArrayList<>();
                    for (Frame f : frames) {
                        if (f instanceof PaddingFrame p && !out.isEmpty()
                                && out.get(out.size() - 1) instanceof PaddingFrame q) {
                            out.set(out.size() - 1, new PaddingFrame(p.length() + q.length()));
                        } else {
                            out.add(f);
                        }
                    }
                    int last = out.size() - 1;
                    if (dropLastLength && out.get(last) instanceof StreamFrame s) {
                        out.set(last, s.withoutLength());
                    } else if (dropLastLength && out.get(last) instanceof DatagramFrame d) {
                        out.set(last, d.withoutLength());
                    }
                    return out;
                });
    }

    static ByteBuffer encode(List<Frame> frames) {
        int size = 0;
        for (Frame f : frames) {
            size += f.encodedSize();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (Frame f : frames) {
            f.encode(buf);
        }
        return buf.flip();
    }
}
