package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.ConnectionId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The reader's contract: in place, no copies, runs of PADDING folded, visitor dispatch. */
class FrameReaderTest {

    private static ByteBuffer hex(String s) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(s.replace(" ", "")));
    }

    @Test
    void foldsConsecutivePaddingIntoOneFrame_rfc9000_19_1() {
        assertThat(FrameReader.decodeAll(hex("00000000 01 0000")))
                .containsExactly(new PaddingFrame(4), PingFrame.INSTANCE, new PaddingFrame(2));
    }

    @Test
    void streamDataIsAViewOfThePayloadNotACopy_rfc9000_19_8() {
        ByteBuffer payload = hex("0b 04 03 616263");
        StreamFrame frame = (StreamFrame) FrameReader.decodeAll(payload).get(0);

        payload.put(4, (byte) 'X');

        ByteBuffer data = frame.data();
        assertThat(StandardCharsets.US_ASCII.decode(data).toString()).isEqualTo("aXc");
        assertThat(frame.data().isReadOnly()).isTrue();
        assertThatThrownBy(() -> frame.data().put(0, (byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void cryptoAndDatagramDataAreViewsOfThePayload_rfc9000_19_6_rfc9221_4() {
        ByteBuffer payload = hex("06 00 02 6869 31 01 7a");
        List<Frame> frames = FrameReader.decodeAll(payload);
        payload.put(3, (byte) 'H');
        payload.put(7, (byte) 'Z');
        assertThat(((CryptoFrame) frames.get(0)).data().get(0)).isEqualTo((byte) 'H');
        assertThat(((DatagramFrame) frames.get(1)).data().get(0)).isEqualTo((byte) 'Z');
    }

    @Test
    void readsBetweenPositionAndLimitWithoutMovingThem() {
        ByteBuffer buf = hex("ff ff 01 1e ff");
        buf.position(2).limit(4);

        List<Frame> frames = FrameReader.decodeAll(buf);

        assertThat(frames).containsExactly(PingFrame.INSTANCE, HandshakeDoneFrame.INSTANCE);
        assertThat(buf.position()).isEqualTo(2);
        assertThat(buf.limit()).isEqualTo(4);
    }

    @Test
    void decodesALittleEndianBufferInNetworkOrder_rfc9000_16() {
        ByteBuffer buf = hex("1a 0102030405060708 10 4040").order(ByteOrder.LITTLE_ENDIAN);
        assertThat(FrameReader.decodeAll(buf))
                .containsExactly(new PathChallengeFrame(0x0102030405060708L), new MaxDataFrame(64));
    }

    @Test
    void streamDataStartsAtTheRightOffsetInsideALargerBuffer() {
        ByteBuffer buf = hex("eeee 0a 00 02 6162 eeee");
        buf.position(2).limit(7);
        StreamFrame frame = (StreamFrame) FrameReader.decodeAll(buf).get(0);
        ByteBuffer out = ByteBuffer.allocate(2);
        frame.copyDataTo(out);
        assertThat(new String(out.array(), StandardCharsets.US_ASCII)).isEqualTo("ab");
    }

    @Test
    void isReusableAcrossPayloads() {
        FrameReader reader = new FrameReader();
        reader.reset(hex("01"), null);
        assertThat(reader.next()).isEqualTo(PingFrame.INSTANCE);
        assertThat(reader.hasNext()).isFalse();
        reader.reset(hex("1e"), null);
        assertThat(reader.next()).isEqualTo(HandshakeDoneFrame.INSTANCE);
        assertThat(reader.consumed()).isEqualTo(1);
        assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void visitorGetsEachFrameThroughItsOwnMethod() {
        byte[] token = new byte[16];
        List<Frame> frames = List.of(new PaddingFrame(1), PingFrame.INSTANCE, AckFrame.ofRange(0, 0, 0),
                new ResetStreamFrame(0, 0, 0), new StopSendingFrame(0, 0), CryptoFrame.of(0, ByteBuffer.allocate(1)),
                new NewTokenFrame(new byte[] {1}), StreamFrame.of(0, 0, ByteBuffer.allocate(1), false),
                new MaxDataFrame(0), new MaxStreamDataFrame(0, 0), new MaxStreamsFrame(true, 0),
                new DataBlockedFrame(0), new StreamDataBlockedFrame(0, 0), new StreamsBlockedFrame(false, 0),
                new NewConnectionIdFrame(0, 0, ConnectionId.fromHex("01"), token), new RetireConnectionIdFrame(0),
                new PathChallengeFrame(0), new PathResponseFrame(0), ConnectionCloseFrame.application(0, ""),
                HandshakeDoneFrame.INSTANCE, DatagramFrame.of(ByteBuffer.allocate(1)));
        RecordingVisitor visitor = new RecordingVisitor();

        new FrameReader(FrameArbitraries.encode(frames)).readAll(visitor);

        assertThat(visitor.methods).containsExactly("padding", "ping", "ack", "resetStream", "stopSending",
                "crypto", "newToken", "stream", "maxData", "maxStreamData", "maxStreams", "dataBlocked",
                "streamDataBlocked", "streamsBlocked", "newConnectionId", "retireConnectionId", "pathChallenge",
                "pathResponse", "connectionClose", "handshakeDone", "datagram");
        assertThat(visitor.frames).isEqualTo(frames);
    }

    @Test
    void onlyAckPaddingAndConnectionCloseAreNotAckEliciting_rfc9002_2() {
        for (Frame f : List.of(new PaddingFrame(1), AckFrame.ofRange(0, 0, 0),
                ConnectionCloseFrame.transport(0, 0, ""), ConnectionCloseFrame.application(0, ""))) {
            assertThat(f.isAckEliciting()).as(f.toString()).isFalse();
        }
        for (Frame f : List.of(PingFrame.INSTANCE, new MaxDataFrame(1), HandshakeDoneFrame.INSTANCE,
                DatagramFrame.of(ByteBuffer.allocate(0)), new PathResponseFrame(1))) {
            assertThat(f.isAckEliciting()).as(f.toString()).isTrue();
        }
    }

    @Test
    void probingFramesArePathChallengeResponseNewConnectionIdAndPadding_rfc9000_9_1() {
        assertThat(new PaddingFrame(1).isProbing()).isTrue();
        assertThat(new PathChallengeFrame(1).isProbing()).isTrue();
        assertThat(new PathResponseFrame(1).isProbing()).isTrue();
        assertThat(new NewConnectionIdFrame(1, 0, ConnectionId.fromHex("01"), new byte[16]).isProbing()).isTrue();
        assertThat(PingFrame.INSTANCE.isProbing()).isFalse();
        assertThat(StreamFrame.of(0, 0, ByteBuffer.allocate(0), false).isProbing()).isFalse();
    }

    @Test
    void pathChallengeResponseEchoesTheData_rfc9000_19_17() {
        assertThat(new PathChallengeFrame(42).response()).isEqualTo(new PathResponseFrame(42));
    }
}
