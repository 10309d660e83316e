package io.mqttd.quic.connection;

import static io.mqttd.quic.connection.ConnectionPair.MS;
import static io.mqttd.quic.connection.ConnectionPair.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.connection.sim.LinkConditions;
import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.frame.ConnectionCloseFrame;
import io.mqttd.quic.frame.CryptoFrame;
import io.mqttd.quic.frame.DataBlockedFrame;
import io.mqttd.quic.frame.DatagramFrame;
import io.mqttd.quic.frame.Frame;
import io.mqttd.quic.frame.HandshakeDoneFrame;
import io.mqttd.quic.frame.MaxDataFrame;
import io.mqttd.quic.frame.MaxStreamDataFrame;
import io.mqttd.quic.frame.MaxStreamsFrame;
import io.mqttd.quic.frame.NewConnectionIdFrame;
import io.mqttd.quic.frame.NewTokenFrame;
import io.mqttd.quic.frame.PathChallengeFrame;
import io.mqttd.quic.frame.PathResponseFrame;
import io.mqttd.quic.frame.PingFrame;
import io.mqttd.quic.frame.ResetStreamFrame;
import io.mqttd.quic.frame.RetireConnectionIdFrame;
import io.mqttd.quic.frame.StopSendingFrame;
import io.mqttd.quic.frame.StreamDataBlockedFrame;
import io.mqttd.quic.frame.StreamFrame;
import io.mqttd.quic.frame.StreamsBlockedFrame;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Peer-controlled bytes never escape a connection as an exception (ARCHITECTURE.md "Errors and bad
 * input"): random datagrams, mutated real datagrams, and random or mutated frame sequences injected
 * as if authenticated, in every state. At most the connection closes, with a transport error code
 * that is never INTERNAL_ERROR (which would mean a bug of ours was caught).
 */
class QuicConnectionFuzzProperties {

    enum Stage { CLIENT_STARTED, SERVER_HANDSHAKING, ESTABLISHED, CLOSING }

    private static ConnectionPair pairAt(Stage stage, long seed) {
        ConnectionPair pair = new ConnectionPair(seed, LinkConditions.delay(5 * MS),
                b -> b.transport(TransportSettings.defaults().withMaxDatagramFrameSize(1200)), b -> b, false);
        switch (stage) {
            case CLIENT_STARTED -> {
            }
            case SERVER_HANDSHAKING -> pair.runUntil(() -> pair.serverConnection() != null, SECOND);
            case ESTABLISHED -> pair.runUntil(pair::handshakeDone, 5 * SECOND);
            case CLOSING -> {
                pair.runUntil(pair::handshakeDone, 5 * SECOND);
                pair.client.close(1, "done");
            }
        }
        return pair;
    }

    private static List<QuicConnection> targets(ConnectionPair pair) {
        List<QuicConnection> list = new ArrayList<>();
        list.add(pair.client);
        if (pair.serverConnection() != null) {
            list.add(pair.serverConnection());
        }
        return list;
    }

    @Property(tries = 60)
    void randomDatagramsNeverThrow(@ForAll Stage stage, @ForAll @Size(max = 1500) byte[] datagram,
            @ForAll @IntRange(min = 0, max = 0xff) int firstByte) {
        ConnectionPair pair = pairAt(stage, 31);
        if (datagram.length > 0) {
            datagram[0] = (byte) firstByte;
        }
        for (QuicConnection c : targets(pair)) {
            feed(pair, c, datagram);
        }
    }

    @Property(tries = 60)
    void mutatedRealDatagramsNeverThrow(@ForAll Stage stage, @ForAll long mutationSeed,
            @ForAll @IntRange(min = 1, max = 8) int mutations) {
        ConnectionPair pair = pairAt(stage, 32);
        Random random = new Random(mutationSeed);
        for (QuicConnection target : targets(pair)) {
            QuicConnection source = target == pair.client ? pair.serverConnection() : pair.client;
            if (source == null) {
                continue;
            }
            long id = source.openStream(true);
            if (id >= 0) {
                source.write(id, ByteBuffer.wrap(new byte[3000]));
            }
            ByteBuffer out = ByteBuffer.allocate(1500);
            if (source.pollTransmit(pair.network.now(), out) == null) {
                continue;
            }
            out.flip();
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            for (int i = 0; i < mutations; i++) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            }
            feed(pair, target, bytes);
        }
    }

    @Property(tries = 150)
    void randomFrameSequencesInAuthenticatedPacketsNeverThrow(@ForAll Stage stage,
            @ForAll("frames") List<Frame> frames, @ForAll long mutationSeed,
            @ForAll @IntRange(min = 0, max = 3) int mutations) {
        ConnectionPair pair = pairAt(stage, 33);
        ByteBuffer payload = ByteBuffer.allocate(frames.stream().mapToInt(Frame::encodedSize).sum() + 1);
        frames.forEach(f -> f.encode(payload));
        payload.flip();
        Random random = new Random(mutationSeed);
        for (int i = 0; i < mutations && payload.limit() > 0; i++) {
            int at = random.nextInt(payload.limit());
            payload.put(at, (byte) (payload.get(at) ^ (1 + random.nextInt(255))));
        }
        for (QuicConnection c : targets(pair)) {
            for (PacketType type : new PacketType[] {PacketType.INITIAL, PacketType.HANDSHAKE, PacketType.ONE_RTT}) {
                c.injectFramesForTest(pair.network.now(), type, payload.duplicate());
                assertNoInternalError(c);
            }
            c.pollTransmit(pair.network.now(), ByteBuffer.allocate(1500));
            c.handleTimeout(Math.max(pair.network.now(), Math.min(c.nextTimeoutNanos(), pair.network.now() + SECOND)));
            assertNoInternalError(c);
        }
    }

    private static void feed(ConnectionPair pair, QuicConnection c, byte[] datagram) {
        long now = pair.network.now();
        c.handleDatagram(now, ConnectionPair.SERVER_ADDRESS, ByteBuffer.wrap(datagram));
        c.pollTransmit(now, ByteBuffer.allocate(1500));
        long next = c.nextTimeoutNanos();
        if (next != Long.MAX_VALUE) {
            c.handleTimeout(Math.max(now, next));
        }
        assertNoInternalError(c);
    }

    private static void assertNoInternalError(QuicConnection c) {
        ConnectionEvent e;
        while ((e = c.pollEvent()) != null) {
            if (e instanceof ConnectionEvent.ConnectionClosed closed && !closed.application() && !closed.byPeer()) {
                assertThat(closed.errorCode()).as(closed.reason())
                        .isNotEqualTo(TransportErrorCode.INTERNAL_ERROR.code());
            }
        }
    }

    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<Long> streamId = Arbitraries.longs().between(0, 40);
        Arbitrary<Long> small = Arbitraries.longs().between(0, 1 << 20);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Frame> frame = Arbitraries.oneOf(
                Arbitraries.just(PingFrame.INSTANCE),
                Arbitraries.just(HandshakeDoneFrame.INSTANCE),
                net.jqwik.api.Combinators.combine(streamId, small, data, Arbitraries.of(true, false))
                        .as((id, off, d, fin) -> StreamFrame.of(id, off, ByteBuffer.wrap(d), fin)),
                net.jqwik.api.Combinators.combine(small, data).as((off, d) -> CryptoFrame.of(off, ByteBuffer.wrap(d))),
                small.map(MaxDataFrame::new),
                net.jqwik.api.Combinators.combine(streamId, small).as(MaxStreamDataFrame::new),
                net.jqwik.api.Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs().between(0, 1000))
                        .as(MaxStreamsFrame::new),
                small.map(DataBlockedFrame::new),
                net.jqwik.api.Combinators.combine(streamId, small).as(StreamDataBlockedFrame::new),
                net.jqwik.api.Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs().between(0, 1000))
                        .as(StreamsBlockedFrame::new),
                net.jqwik.api.Combinators.combine(streamId, small, small).as(ResetStreamFrame::new),
                net.jqwik.api.Combinators.combine(streamId, small).as(StopSendingFrame::new),
                net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, 10), Arbitraries.longs().between(0, 10),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20))
                        .as((seq, rpt, cid) -> new NewConnectionIdFrame(seq, Math.min(seq, rpt), ConnectionId.of(cid),
                                new byte[16])),
                Arbitraries.longs().between(0, 10).map(RetireConnectionIdFrame::new),
                Arbitraries.longs().map(PathChallengeFrame::new),
                Arbitraries.longs().map(PathResponseFrame::new),
                net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, 100), Arbitraries.longs().between(0, 50))
                        .as((largest, length) -> AckFrame.ofRange(0, Math.max(0, largest - length), largest)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40).map(NewTokenFrame::new),
                data.map(d -> DatagramFrame.of(ByteBuffer.wrap(d))),
                Arbitraries.longs().between(0, 0x20).map(code -> ConnectionCloseFrame.transport(code, 0, "x")));
        return frame.list().ofMinSize(1).ofMaxSize(6);
    }
}
