package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Peer-controlled payloads never escape as anything but a TransportError (FRAME_ENCODING_ERROR or
 * PROTOCOL_VIOLATION): random bytes, and valid payloads that are then truncated, bit-flipped,
 * overwritten, cut or extended. What does decode must re-encode to exactly its encodedSize.
 */
class FrameDecoderFuzzProperties {

    @Provide
    Arbitrary<byte[]> randomPayloads() {
        // Bias the first byte towards known frame types so the fuzz reaches field parsing.
        Arbitrary<Byte> first = Arbitraries.oneOf(Arbitraries.bytes().between((byte) 0, (byte) 0x1f),
                Arbitraries.of((byte) 0x30, (byte) 0x31), Arbitraries.bytes());
        return Combinators.combine(first, FrameArbitraries.bytes(0, 120)).as((f, rest) -> {
            byte[] b = new byte[rest.length + 1];
            b[0] = f;
            System.arraycopy(rest, 0, b, 1, rest.length);
            return b;
        });
    }

    /** A valid payload with 1 to 4 mutations applied. */
    @Provide
    Arbitrary<byte[]> mutatedPayloads() {
        Arbitrary<int[]> mutation = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, 255))
                .as((kind, where, value) -> new int[] {kind, where, value});
        return Combinators.combine(FrameArbitraries.payload(), mutation.list().ofMinSize(1).ofMaxSize(4))
                .as((frames, mutations) -> {
                    ByteBuffer encoded = FrameArbitraries.encode(frames);
                    byte[] b = new byte[encoded.remaining()];
                    encoded.get(b);
                    for (int[] m : mutations) {
                        b = mutate(b, m[0], m[1], m[2]);
                    }
                    return b;
                });
    }

    private static byte[] mutate(byte[] b, int kind, int where, int value) {
        if (b.length == 0) {
            return new byte[] {(byte) value};
        }
        int i = where % b.length;
        switch (kind) {
            case 0: // truncate
                return java.util.Arrays.copyOf(b, i);
            case 1: // flip one bit
                b[i] ^= (byte) (1 << (value & 7));
                return b;
            case 2: // overwrite one byte
                b[i] = (byte) value;
                return b;
            case 3: { // delete one byte
                byte[] out = new byte[b.length - 1];
                System.arraycopy(b, 0, out, 0, i);
                System.arraycopy(b, i + 1, out, i, b.length - i - 1);
                return out;
            }
            default: { // insert one byte
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, i);
                out[i] = (byte) value;
                System.arraycopy(b, i, out, i + 1, b.length - i);
                return out;
            }
        }
    }

    private static void decodeOnlyFailsWithTransportError(byte[] bytes, PacketType packetType) {
        FrameReader reader = new FrameReader().reset(ByteBuffer.wrap(bytes), packetType);
        try {
            while (reader.hasNext()) {
                Frame frame = reader.next();
                ByteBuffer out = ByteBuffer.allocate(frame.encodedSize());
                frame.encode(out);
                assertThat(out.hasRemaining()).as("encodedSize of decoded %s", frame).isFalse();
            }
        } catch (TransportError e) {
            assertThat(e.errorCode()).isIn(TransportErrorCode.FRAME_ENCODING_ERROR,
                    TransportErrorCode.PROTOCOL_VIOLATION);
        }
    }

    @Property(tries = 3000)
    void randomBytesFailOnlyWithTransportError(@ForAll("randomPayloads") byte[] bytes) {
        decodeOnlyFailsWithTransportError(bytes, null);
    }

    @Property(tries = 2000)
    void mutatedValidPayloadsFailOnlyWithTransportError(@ForAll("mutatedPayloads") byte[] bytes,
            @ForAll PacketType packetType) {
        decodeOnlyFailsWithTransportError(bytes, null);
        decodeOnlyFailsWithTransportError(bytes, packetType);
    }

    @Provide
    Arbitrary<Frame> framesWithDetectableEnd() {
        return FrameArbitraries.frame().filter(f -> !(f instanceof PaddingFrame)
                && !(f instanceof StreamFrame s && !s.hasExplicitLength())
                && !(f instanceof DatagramFrame d && !d.hasExplicitLength())
                && f.encodedSize() > 1);
    }

    @Property(tries = 1000)
    void everyTruncationOfAFrameIsAFrameEncodingErrorNamingIt_rfc9000_12_4(
            @ForAll("framesWithDetectableEnd") Frame frame, @ForAll java.util.Random random) {
        ByteBuffer encoded = FrameArbitraries.encode(List.of(frame));
        int cut = 1 + random.nextInt(encoded.limit() - 1);
        encoded.limit(cut);
        try {
            FrameReader.decodeAll(encoded);
            throw new AssertionError("truncated " + frame + " at " + cut + " decoded");
        } catch (TransportError e) {
            assertThat(e.errorCode()).isEqualTo(TransportErrorCode.FRAME_ENCODING_ERROR);
            assertThat(e.frameType()).isEqualTo(frame.type());
        }
    }
}
