package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The helpers a packet builder uses to fill a packet exactly (RFC 9000 §19.6, §19.8, §19.19). */
class FrameSizingProperties {

    @Property(tries = 1000)
    void streamMaxDataLengthFillsTheRoomAndNoMore(@ForAll @LongRange(min = 0, max = 1L << 40) long streamId,
            @ForAll @LongRange(min = 0, max = 1L << 50) long offset, @ForAll @IntRange(min = 0, max = 70000) int room,
            @ForAll boolean explicitLength) {
        int n = StreamFrame.maxDataLength(streamId, offset, room, explicitLength);
        if (n < 0) {
            StreamFrame empty = frame(streamId, offset, 0, explicitLength);
            assertThat(empty.encodedSize()).isGreaterThan(room);
            return;
        }
        assertThat(frame(streamId, offset, n, explicitLength).encodedSize()).isLessThanOrEqualTo(room);
        assertThat(frame(streamId, offset, n + 1, explicitLength).encodedSize()).isGreaterThan(room);
    }

    private static StreamFrame frame(long streamId, long offset, int length, boolean explicitLength) {
        StreamFrame f = StreamFrame.of(streamId, offset, ByteBuffer.allocate(length), false);
        return explicitLength ? f : f.withoutLength();
    }

    @Property(tries = 1000)
    void cryptoMaxDataLengthFillsTheRoomAndNoMore(@ForAll @LongRange(min = 0, max = 1L << 40) long offset,
            @ForAll @IntRange(min = 0, max = 70000) int room) {
        int n = CryptoFrame.maxDataLength(offset, room);
        if (n < 0) {
            assertThat(CryptoFrame.of(offset, ByteBuffer.allocate(0)).encodedSize()).isGreaterThan(room);
            return;
        }
        assertThat(CryptoFrame.of(offset, ByteBuffer.allocate(n)).encodedSize()).isLessThanOrEqualTo(room);
        assertThat(CryptoFrame.of(offset, ByteBuffer.allocate(n + 1)).encodedSize()).isGreaterThan(room);
    }

    @Property(tries = 1000)
    void datagramMaxDataLengthFillsTheRoomAndNoMore_rfc9221_3(@ForAll @IntRange(min = 0, max = 70000) int room,
            @ForAll boolean explicitLength) {
        int n = DatagramFrame.maxDataLength(room, explicitLength);
        if (n < 0) {
            assertThat(datagram(0, explicitLength).encodedSize()).isGreaterThan(room);
            return;
        }
        assertThat(datagram(n, explicitLength).encodedSize()).isLessThanOrEqualTo(room);
        assertThat(datagram(n + 1, explicitLength).encodedSize()).isGreaterThan(room);
    }

    private static DatagramFrame datagram(int length, boolean explicitLength) {
        DatagramFrame f = DatagramFrame.of(ByteBuffer.allocate(length));
        return explicitLength ? f : f.withoutLength();
    }

    @Property(tries = 500)
    void connectionCloseReasonIsCutToFitThePacket_rfc9000_19_19(@ForAll @IntRange(min = 0, max = 300) int reasonLength,
            @ForAll @IntRange(min = 0, max = 300) int room, @ForAll boolean application) {
        ConnectionCloseFrame close = new ConnectionCloseFrame(application, 0x0a, application ? 0 : 0x08,
                new byte[reasonLength]);
        ConnectionCloseFrame fitted = close.withReasonPhraseFitting(room);
        if (fitted == null) {
            assertThat(new ConnectionCloseFrame(application, 0x0a, application ? 0 : 0x08, new byte[0]).encodedSize())
                    .isGreaterThan(room);
            return;
        }
        assertThat(fitted.encodedSize()).isLessThanOrEqualTo(room);
        assertThat(fitted.errorCode()).isEqualTo(0x0a);
        if (fitted.reasonPhrase().length < reasonLength) {
            ConnectionCloseFrame oneMore = new ConnectionCloseFrame(application, 0x0a, application ? 0 : 0x08,
                    new byte[fitted.reasonPhrase().length + 1]);
            assertThat(oneMore.encodedSize()).isGreaterThan(room);
        }
    }
}
