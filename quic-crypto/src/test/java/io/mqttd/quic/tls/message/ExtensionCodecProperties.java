package io.mqttd.quic.tls.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.tls.message.Extension.*;
import io.mqttd.quic.tls.message.HandshakeMessage.ClientHello;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Encode/decode round trips of ClientHellos carrying random values of every ClientHello extension. */
class ExtensionCodecProperties {

    @Provide
    Arbitrary<List<Extension>> extensions() {
        Arbitrary<List<Integer>> u16s = Arbitraries.integers().between(0, 0xffff).list().ofMinSize(1).ofMaxSize(10);
        Arbitrary<byte[]> opaque = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
        Arbitrary<Extension> one = Arbitraries.oneOf(
                names.map(ServerName::new),
                u16s.map(SupportedVersions::new),
                u16s.map(SupportedGroups::new),
                u16s.map(v -> new SignatureAlgorithms(v, false)),
                u16s.map(v -> new SignatureAlgorithms(v, true)),
                Combinators.combine(Arbitraries.integers().between(0, 0xffff), opaque).as(KeyShareEntry::new)
                        .list().ofMaxSize(3).uniqueElements(KeyShareEntry::group).map(KeyShareClientHello::new),
                names.list().ofMinSize(1).ofMaxSize(4).map(Alpn::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(QuicTransportParameters::new),
                Arbitraries.integers().between(0, 255).list().ofMinSize(1).ofMaxSize(3).map(PskKeyExchangeModes::new),
                Arbitraries.just(new EarlyData(-1)),
                opaque.map(Cookie::new),
                Combinators.combine(Arbitraries.integers().between(0x1000, 0xfeff), Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
                        .as(Unknown::new));
        return one.list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void clientHelloRoundTripsWithAnyExtensions(@ForAll("extensions") List<Extension> extensions,
                                                @ForAll("psk") List<PskIdentity> identities) {
        Map<Integer, Extension> unique = new LinkedHashMap<>();
        // RFC 8446 §4.1.2: a ClientHello's extension block is at least 8 bytes.
        unique.put(0x0fff, new Unknown(0x0fff, new byte[4]));
        for (Extension e : extensions) {
            unique.putIfAbsent(e.type(), e);
        }
        List<Extension> list = new ArrayList<>(unique.values());
        if (!identities.isEmpty()) {
            List<byte[]> binders = identities.stream().map(i -> new byte[32]).toList();
            list.add(new PreSharedKeyClientHello(identities, binders));
        }
        ClientHello ch = new ClientHello(new byte[32], new byte[0], List.of(0x1301), list);
        byte[] encoded = HandshakeCodec.encode(ch);
        ClientHello back = (ClientHello) HandshakeCodec.decode(1, Arrays.copyOfRange(encoded, 4, encoded.length));
        assertThat(back.extensions()).hasSameSizeAs(list);
        assertThat(back.extensions()).extracting(Extension::type).containsExactlyElementsOf(list.stream().map(Extension::type).toList());
        assertThat(HandshakeCodec.encode(back)).isEqualTo(encoded);
    }

    @Provide
    Arbitrary<List<PskIdentity>> psk() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(50),
                Arbitraries.longs().between(0, 0xffffffffL)).as(PskIdentity::new).list().ofMaxSize(2);
    }
}
