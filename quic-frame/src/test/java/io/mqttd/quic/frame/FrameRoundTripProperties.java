package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** RFC 9000 §19, RFC 9221 §4: every frame type survives encode then decode, at its exact size. */
class FrameRoundTripProperties {

    @Provide
    Arbitrary<Frame> frames() {
        return FrameArbitraries.frame();
    }

    @Provide
    Arbitrary<List<Frame>> payloads() {
        return FrameArbitraries.payload();
    }

    @Property(tries = 2000)
    void everyFrameRoundTripsAtItsEncodedSize(@ForAll("frames") Frame frame) {
        ByteBuffer buf = ByteBuffer.allocate(frame.encodedSize() + 8);
        frame.encode(buf);
        assertThat(buf.position()).isEqualTo(frame.encodedSize());
        buf.flip();

        List<Frame> decoded = FrameReader.decodeAll(buf);

        assertThat(decoded).containsExactly(frame);
        assertThat(decoded.get(0).type()).isEqualTo(frame.type());
        assertThat(decoded.get(0).hashCode()).isEqualTo(frame.hashCode());
    }

    @Property(tries = 1000)
    void sequencesOfFramesRoundTripIncludingALastFrameWithoutLength(@ForAll("payloads") List<Frame> frames) {
        ByteBuffer payload = FrameArbitraries.encode(frames);
        int limit = payload.limit();

        List<Frame> decoded = FrameReader.decodeAll(payload);

        assertThat(decoded).isEqualTo(frames);
        assertThat(payload.position()).as("reader leaves the caller's position alone").isZero();
        assertThat(payload.limit()).isEqualTo(limit);
    }

    @Property(tries = 300)
    void reEncodingADecodedPayloadGivesTheSameBytes(@ForAll("payloads") List<Frame> frames) {
        ByteBuffer payload = FrameArbitraries.encode(frames);

        ByteBuffer again = FrameArbitraries.encode(FrameReader.decodeAll(payload));

        assertThat(again).isEqualTo(payload);
    }

    @Property(tries = 500)
    void readerWithAPacketTypeRejectsTheFirstFrameNotPermittedInIt_rfc9000_12_4(
            @ForAll("payloads") List<Frame> frames, @ForAll PacketType packetType) {
        ByteBuffer payload = FrameArbitraries.encode(frames);
        Frame firstForbidden = frames.stream()
                .filter(f -> !PermittedFrames.isPermitted(f.type(), packetType)).findFirst().orElse(null);
        FrameReader reader = new FrameReader().reset(payload, packetType);
        try {
            int decoded = 0;
            while (reader.hasNext()) {
                assertThat(reader.next()).isEqualTo(frames.get(decoded++));
            }
            assertThat(firstForbidden).isNull();
        } catch (TransportError e) {
            assertThat(firstForbidden).isNotNull();
            assertThat(e.errorCode()).isEqualTo(TransportErrorCode.PROTOCOL_VIOLATION);
            assertThat(e.frameType()).isEqualTo(firstForbidden.type());
        }
    }

    @Property(tries = 300)
    void visitorSeesTheSameFramesAsTheIterator(@ForAll("payloads") List<Frame> frames) {
        ByteBuffer payload = FrameArbitraries.encode(frames);
        RecordingVisitor visitor = new RecordingVisitor();

        int count = new FrameReader(payload).readAll(visitor);

        assertThat(count).isEqualTo(frames.size());
        assertThat(visitor.frames).isEqualTo(frames);
    }
}
