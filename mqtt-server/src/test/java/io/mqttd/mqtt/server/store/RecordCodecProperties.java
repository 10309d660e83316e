package io.mqttd.mqtt.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The record and key encodings round-trip, and bytes read back from disk (random or damaged valid
 * records) decode to a value or fail with {@link CorruptRecordException}, never anything else.
 */
class RecordCodecProperties {

    @Provide
    Arbitrary<StoredMessage> messages() {
        return StoreArbitraries.messages();
    }

    @Provide
    Arbitrary<SessionState> sessions() {
        return StoreArbitraries.sessions(StoreArbitraries.names());
    }

    @Property
    void messageRoundTrips(@ForAll("messages") StoredMessage m) {
        assertThat(RecordCodec.decodeMessage(RecordCodec.encodeMessage(m))).isEqualTo(m);
    }

    @Property(tries = 300)
    void sessionRoundTrips(@ForAll("sessions") SessionState s) {
        assertThat(RecordCodec.decodeSession(s.clientId(), RecordCodec.encodeSession(s))).isEqualTo(s);
    }

    @Property
    void deliveryStateRoundTrips(@ForAll("inFlight") DeliveryState state,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 65535) int packetId) {
        int packed = RecordCodec.decodeState(RecordCodec.encodeState(state, packetId));
        assertThat(QueueIndex.stateOf(packed)).isEqualTo(state);
        assertThat(QueueIndex.packetIdOf(packed)).isEqualTo(packetId);
    }

    @Provide
    Arbitrary<DeliveryState> inFlight() {
        return Arbitraries.of(DeliveryState.PUBLISH_SENT, DeliveryState.PUBREL_SENT);
    }

    @Property
    void entryKeysRoundTripAndSortBySequenceWithinAClient(@ForAll("names") String clientId,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = Long.MAX_VALUE) long a,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = Long.MAX_VALUE) long b) {
        byte[] ka = StoreKeys.entryKey(clientId, a);
        byte[] kb = StoreKeys.entryKey(clientId, b);
        assertThat(StoreKeys.clientIdOf(ka, StoreKeys.SEQUENCE_BYTES)).isEqualTo(clientId);
        assertThat(StoreKeys.sequenceOf(ka)).isEqualTo(a);
        assertThat(Integer.signum(Arrays.compareUnsigned(ka, kb))).isEqualTo(Long.signum(Long.compare(a, b)));
        byte[] prefix = StoreKeys.clientPrefix(clientId);
        assertThat(Arrays.compareUnsigned(ka, StoreKeys.prefixEnd(prefix))).isNegative();
    }

    @Property
    void keysOfOtherClientsFallOutsideAClientsRange(@ForAll("names") String x, @ForAll("names") String y,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = Long.MAX_VALUE) long seq) {
        byte[] prefix = StoreKeys.clientPrefix(x);
        byte[] other = StoreKeys.entryKey(y, seq);
        boolean inRange = Arrays.compareUnsigned(other, prefix) >= 0
                && Arrays.compareUnsigned(other, StoreKeys.prefixEnd(prefix)) < 0;
        assertThat(inRange).isEqualTo(x.equals(y));
    }

    @Provide
    Arbitrary<String> names() {
        return StoreArbitraries.names();
    }

    @Property
    void randomBytesNeverEscapeAsAnythingButCorruptRecord(@ForAll("records") byte[] bytes) {
        decodeAll(bytes);
    }

    @Property(tries = 300)
    void damagedValidRecordsNeverEscapeAsAnythingButCorruptRecord(@ForAll("damaged") byte[] bytes) {
        decodeAll(bytes);
    }

    @Provide
    Arbitrary<byte[]> records() {
        return StoreArbitraries.bytes(64);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> valid = Arbitraries.oneOf(
                StoreArbitraries.messages().map(RecordCodec::encodeMessage),
                StoreArbitraries.sessions(StoreArbitraries.names()).map(RecordCodec::encodeSession));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
                .as(RecordCodecProperties::damage);
    }

    /** Flips a byte, overwrites one, truncates or extends: what a torn or bit-rotten record looks like. */
    private static byte[] damage(byte[] record, int how, int where, byte value) {
        int at = where % record.length;
        byte[] out;
        switch (how) {
            case 0 -> {
                out = record.clone();
                out[at] ^= (byte) (1 << (where % 8));
            }
            case 1 -> {
                out = record.clone();
                out[at] = value;
            }
            case 2 -> out = Arrays.copyOf(record, at);
            default -> {
                out = Arrays.copyOf(record, record.length + 1 + where % 4);
                out[record.length] = value;
            }
        }
        return out;
    }

    private static void decodeAll(byte[] bytes) {
        expectValueOrCorrupt(() -> RecordCodec.decodeMessage(bytes));
        expectValueOrCorrupt(() -> RecordCodec.decodeSession("c", bytes));
        expectValueOrCorrupt(() -> RecordCodec.decodeState(bytes));
        expectValueOrCorrupt(() -> StoreKeys.clientIdOf(bytes, StoreKeys.SEQUENCE_BYTES));
        expectValueOrCorrupt(() -> StoreKeys.clientIdOf(bytes, StoreKeys.PACKET_ID_BYTES));
    }

    private static void expectValueOrCorrupt(java.util.function.Supplier<?> decode) {
        try {
            assertThat(decode.get()).isNotNull();
        } catch (CorruptRecordException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
