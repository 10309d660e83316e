package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** RFC 9000 §18: random parameter sets round-trip; random and mutated encodings only fail as TRANSPORT_PARAMETER_ERROR. */
class TransportParametersProperties {

    private static <T> Arbitrary<T> maybe(Arbitrary<T> a) {
        return a.injectNull(0.4);
    }

    private static Arbitrary<Long> maybeVarInt(long min, long max) {
        return Arbitraries.oneOf(Arbitraries.just(-1L), Arbitraries.longs().between(min, max),
                Arbitraries.of(min, max));
    }

    @Provide
    Arbitrary<TransportParameters> serverParameters() {
        Arbitrary<PreferredAddress> preferred = Combinators.combine(FrameArbitraries.bytes(4, 4),
                Arbitraries.integers().between(0, 65535), FrameArbitraries.bytes(16, 16),
                Arbitraries.integers().between(0, 65535), FrameArbitraries.connectionId(1),
                FrameArbitraries.bytes(16, 16)).as(PreferredAddress::new);
        Arbitrary<VersionInformation> versions = Combinators.combine(
                Arbitraries.integers().filter(v -> v != 0),
                Arbitraries.integers().filter(v -> v != 0).list().ofMaxSize(5))
                .as((chosen, list) -> new VersionInformation(chosen, list.stream().mapToInt(i -> i).toArray()));
        Arbitrary<List<Long>> integers = Combinators.combine(
                maybeVarInt(0, VarInt.MAX_VALUE), maybeVarInt(1200, VarInt.MAX_VALUE), maybeVarInt(0, VarInt.MAX_VALUE),
                maybeVarInt(0, VarInt.MAX_VALUE), maybeVarInt(0, VarInt.MAX_VALUE), maybeVarInt(0, VarInt.MAX_VALUE),
                maybeVarInt(0, 1L << 60), maybeVarInt(0, 1L << 60))
                .as(List::of);
        Arbitrary<List<Long>> moreIntegers = Combinators.combine(maybeVarInt(0, 20), maybeVarInt(0, (1 << 14) - 1),
                maybeVarInt(2, VarInt.MAX_VALUE), maybeVarInt(0, VarInt.MAX_VALUE)).as(List::of);
        Arbitrary<List<Object>> objects = Combinators.combine(maybe(FrameArbitraries.connectionId(0)),
                maybe(FrameArbitraries.bytes(16, 16)), maybe(preferred), maybe(FrameArbitraries.connectionId(0)),
                maybe(FrameArbitraries.connectionId(0)), maybe(versions), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(Arrays::asList);
        return Combinators.combine(integers, moreIntegers, objects).as((ints, more, objs) -> {
            TransportParameters.Builder b = TransportParameters.builder();
            set(ints.get(0), b::maxIdleTimeoutMs);
            set(ints.get(1), b::maxUdpPayloadSize);
            set(ints.get(2), b::initialMaxData);
            set(ints.get(3), b::initialMaxStreamDataBidiLocal);
            set(ints.get(4), b::initialMaxStreamDataBidiRemote);
            set(ints.get(5), b::initialMaxStreamDataUni);
            set(ints.get(6), b::initialMaxStreamsBidi);
            set(ints.get(7), b::initialMaxStreamsUni);
            set(more.get(0), v -> b.ackDelayExponent((int) v));
            set(more.get(1), b::maxAckDelayMs);
            set(more.get(2), b::activeConnectionIdLimit);
            set(more.get(3), b::maxDatagramFrameSize);
            b.originalDestinationConnectionId((io.mqttd.quic.packet.ConnectionId) objs.get(0));
            b.statelessResetToken((byte[]) objs.get(1));
            b.preferredAddress((PreferredAddress) objs.get(2));
            b.initialSourceConnectionId((io.mqttd.quic.packet.ConnectionId) objs.get(3));
            b.retrySourceConnectionId((io.mqttd.quic.packet.ConnectionId) objs.get(4));
            b.versionInformation((VersionInformation) objs.get(5));
            b.disableActiveMigration((Boolean) objs.get(6));
            b.greaseQuicBit((Boolean) objs.get(7));
            return b.build();
        });
    }

    private static void set(long value, java.util.function.LongConsumer setter) {
        if (value >= 0) {
            setter.accept(value);
        }
    }

    @Property(tries = 1000)
    void serverParametersRoundTripAtTheirEncodedSize_rfc9000_18(@ForAll("serverParameters") TransportParameters t) {
        byte[] bytes = t.toBytes();
        assertThat(bytes).hasSize(t.encodedSize());

        TransportParameters decoded = TransportParameters.decode(ByteBuffer.wrap(bytes), EndpointRole.SERVER);

        assertThat(decoded).isEqualTo(t);
        assertThat(decoded.hashCode()).isEqualTo(t.hashCode());
    }

    @Property(tries = 500)
    void clientParametersRoundTripWhileServerOnlyOnesAreRejected_rfc9000_18_2(
            @ForAll("serverParameters") TransportParameters t) {
        TransportParameters client = t.toBuilder().originalDestinationConnectionId(null).statelessResetToken(null)
                .preferredAddress(null).retrySourceConnectionId(null).build();
        assertThat(TransportParameters.decode(ByteBuffer.wrap(client.toBytes()), EndpointRole.CLIENT)).isEqualTo(client);

        boolean hasServerOnly = !client.equals(t);
        if (hasServerOnly) {
            try {
                TransportParameters.decode(ByteBuffer.wrap(t.toBytes()), EndpointRole.CLIENT);
                throw new AssertionError("server-only parameters accepted from a client");
            } catch (TransportError e) {
                assertThat(e.errorCode()).isEqualTo(TransportErrorCode.TRANSPORT_PARAMETER_ERROR);
            }
        }
    }

    @Property(tries = 500)
    void greasedParametersAnywhereAreSkipped_rfc9000_18_1(@ForAll("serverParameters") TransportParameters t,
            @ForAll("grease") byte[] greased) {
        byte[] bytes = t.toBytes();
        ByteBuffer both = ByteBuffer.allocate(greased.length + bytes.length).put(greased).put(bytes).flip();
        assertThat(TransportParameters.decode(both, EndpointRole.SERVER)).isEqualTo(t);
    }

    @Provide
    Arbitrary<byte[]> grease() {
        return Combinators.combine(Arbitraries.longs().between(0, (VarInt.MAX_VALUE - 27) / 31),
                FrameArbitraries.bytes(0, 40)).as((n, value) -> {
                    long id = 31 * n + 27;
                    ByteBuffer b = ByteBuffer.allocate(16 + value.length);
                    VarInt.write(b, id);
                    VarInt.write(b, value.length);
                    b.put(value);
                    return Arrays.copyOf(b.array(), b.position());
                });
    }

    @Provide
    Arbitrary<byte[]> mutatedEncodings() {
        return Combinators.combine(serverParameters(), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, 255))
                .as((t, kind, where, value) -> {
                    byte[] b = t.toBytes();
                    if (b.length == 0) {
                        return new byte[] {(byte) (int) value};
                    }
                    int i = where % b.length;
                    switch (kind) {
                        case 0:
                            return Arrays.copyOf(b, i);
                        case 1:
                            b[i] ^= (byte) (1 << (value & 7));
                            return b;
                        case 2:
                            b[i] = (byte) (int) value;
                            return b;
                        default:
                            byte[] out = new byte[b.length - 1];
                            System.arraycopy(b, 0, out, 0, i);
                            System.arraycopy(b, i + 1, out, i, b.length - i - 1);
                            return out;
                    }
                });
    }

    private static void decodeOnlyFailsWithTransportParameterError(byte[] bytes, EndpointRole role) {
        try {
            TransportParameters t = TransportParameters.decode(ByteBuffer.wrap(bytes), role);
            assertThat(t.toBytes()).hasSize(t.encodedSize());
        } catch (TransportError e) {
            assertThat(e.errorCode()).isEqualTo(TransportErrorCode.TRANSPORT_PARAMETER_ERROR);
        }
    }

    @Property(tries = 2000)
    void mutatedEncodingsFailOnlyWithTransportParameterError(@ForAll("mutatedEncodings") byte[] bytes,
            @ForAll EndpointRole role) {
        decodeOnlyFailsWithTransportParameterError(bytes, role);
    }

    @Property(tries = 2000)
    void randomBytesFailOnlyWithTransportParameterError(@ForAll("randomEncodings") byte[] bytes,
            @ForAll EndpointRole role) {
        decodeOnlyFailsWithTransportParameterError(bytes, role);
    }

    @Provide
    Arbitrary<byte[]> randomEncodings() {
        // Mostly small ids and lengths so that the known parameters are hit, not only skipped.
        Arbitrary<byte[]> tuple = Combinators.combine(Arbitraries.integers().between(0, 0x21),
                FrameArbitraries.bytes(0, 50), Arbitraries.integers().between(-2, 2)).as((id, value, skew) -> {
                    int length = Math.max(0, value.length + skew);
                    ByteBuffer b = ByteBuffer.allocate(16 + value.length);
                    VarInt.write(b, id);
                    VarInt.write(b, length);
                    b.put(value);
                    return Arrays.copyOf(b.array(), b.position());
                });
        return Arbitraries.oneOf(FrameArbitraries.bytes(0, 100),
                tuple.list().ofMaxSize(6).map(list -> {
                    ByteBuffer all = ByteBuffer.allocate(list.stream().mapToInt(a -> a.length).sum());
                    list.forEach(all::put);
                    return all.array();
                }));
    }
}
