package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.RetainHandling;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of store values for the property tests. */
final class StoreArbitraries {
    private StoreArbitraries() {
    }

    static Arbitrary<String> names() {
        // Includes multi-byte UTF-8 and a supplementary character, whose UTF-8 and UTF-16 orders differ.
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e4', '\u20ac', '\uff5e')
                .ofMinLength(0).ofMaxLength(12)
                .injectDuplicates(0.2)
                .edgeCases(c -> c.add("\uD83D\uDE00"));
    }

    static Arbitrary<byte[]> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    static Arbitrary<Qos> qos() {
        return Arbitraries.of(Qos.class);
    }

    static Arbitrary<StoredMessage> messages() {
        Arbitrary<Long> expiry = Arbitraries.oneOf(Arbitraries.just(StoredMessage.NO_EXPIRY),
                Arbitraries.longs().between(Long.MIN_VALUE, Long.MAX_VALUE - 1));
        return Combinators.combine(names(), bytes(40), qos(), Arbitraries.of(true, false), bytes(8), expiry, names())
                .as(StoredMessage::new);
    }

    static Arbitrary<StoredSubscription> subscriptions() {
        return Combinators.combine(names(), qos(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.of(RetainHandling.class),
                        Arbitraries.integers().between(0, StoredSubscription.MAX_IDENTIFIER))
                .as((filter, qos, noLocal, rap, rh, id) ->
                        new StoredSubscription(filter, new SubscriptionOptions(qos, noLocal, rap, rh), id));
    }

    static Arbitrary<WillMessage> wills() {
        return Combinators.combine(names(), bytes(16), qos(), Arbitraries.of(true, false), bytes(8),
                        Arbitraries.longs().between(0, 0xFFFF_FFFFL))
                .as(WillMessage::new);
    }

    static Arbitrary<SessionState> sessions(Arbitrary<String> clientIds) {
        Arbitrary<Long> disconnected = Arbitraries.oneOf(Arbitraries.just(SessionState.CONNECTED),
                Arbitraries.longs().between(0, 4_000_000_000_000L));
        return Combinators.combine(clientIds, Arbitraries.of(3, 4, 5),
                        Arbitraries.longs().between(0, SessionState.NEVER_EXPIRES), disconnected,
                        subscriptions().list().ofMaxSize(3), wills().optional(0.5))
                .as(SessionState::new);
    }

}
