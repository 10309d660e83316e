package io.mqttd.quic.connection.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.QuicVersion;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Peer-controlled bytes never escape the endpoint as an exception, and whatever it answers is
 * smaller than 3x what it received (RFC 9000 §8, §10.3: no amplification from stateless answers).
 */
class QuicEndpointProperties {
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 1234);

    static QuicEndpoint endpoint(boolean retry) {
        QuicEndpoint[] holder = new QuicEndpoint[1];
        holder[0] = QuicEndpoint.server(EndpointConfig.defaults().withRetry(retry),
                (incoming, slot, now) -> new FakeConnection(holder[0], incoming, 1));
        return holder[0];
    }

    @Provide
    Arbitrary<ByteBuffer> validInitials() {
        Arbitrary<byte[]> cids = Arbitraries.bytes().array(byte[].class).ofMinSize(8).ofMaxSize(20);
        Arbitrary<byte[]> tokens = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        return net.jqwik.api.Combinators.combine(Arbitraries.of(QuicVersion.V1, QuicVersion.V2), cids, cids, tokens,
                Arbitraries.integers().between(1200, 1500))
                .as((v, d, s, t, size) -> Datagrams.initial(v.value(), ConnectionId.of(d), ConnectionId.of(s), t, size));
    }

    @Property(tries = 300)
    void randomDatagramsNeverThrow(@ForAll @Size(max = 1300) byte[] datagram, @ForAll boolean retry) {
        QuicEndpoint endpoint = endpoint(retry);
        endpoint.handleDatagram(0, PEER, ByteBuffer.wrap(datagram));
        assertAnswersAreSmall(endpoint, datagram.length);
    }

    @Property(tries = 300)
    void sharedClientEndpointNeverThrowsNorAnswersRandomDatagrams(@ForAll @Size(max = 1300) byte[] datagram,
            @ForAll boolean routedPrefix) {
        QuicEndpoint endpoint = QuicEndpoint.sharedClient(EndpointConfig.defaults());
        FakeConnection[] c = new FakeConnection[1];
        endpoint.connect(slot -> c[0] = new FakeConnection(endpoint, null, 1));
        endpoint.pollTransmit(0, ByteBuffer.allocate(1500));
        if (routedPrefix && datagram.length > 9) {
            // Short header to the connection's ID: reaches it, with random bytes after the ID.
            datagram[0] = (byte) (datagram[0] & 0x7f);
            System.arraycopy(c[0].issued.get(0).toByteArray(), 0, datagram, 1, 8);
        }
        endpoint.handleDatagram(0, PEER, ByteBuffer.wrap(datagram));
        assertThat(endpoint.pollTransmit(0, ByteBuffer.allocate(1500))).isNull();
        if (routedPrefix && datagram.length > 9) {
            assertThat(c[0].received).hasSize(1);
        }
    }

    @Property(tries = 300)
    void mutatedInitialsNeverThrow(@ForAll("validInitials") ByteBuffer initial, @ForAll boolean retry,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 1499) Integer> positions,
            @ForAll byte xor, @ForAll @IntRange(min = 0, max = 1500) int truncateTo) {
        QuicEndpoint endpoint = endpoint(retry);
        for (int p : positions) {
            if (p < initial.limit()) {
                initial.put(p, (byte) (initial.get(p) ^ (xor == 0 ? 1 : xor)));
            }
        }
        initial.limit(Math.min(initial.limit(), Math.max(truncateTo, 1)));
        int size = initial.remaining();
        endpoint.handleDatagram(0, PEER, initial);
        endpoint.handleDatagram(0, PEER, initial.rewind());
        assertAnswersAreSmall(endpoint, size);
    }

    private static void assertAnswersAreSmall(QuicEndpoint endpoint, int received) {
        ByteBuffer out = ByteBuffer.allocate(1500);
        // Stateless answers come first; the fake connections send nothing.
        while (endpoint.pollTransmit(0, out.clear()) != null) {
            assertThat(out.position()).isLessThan(3 * received);
        }
    }
}
