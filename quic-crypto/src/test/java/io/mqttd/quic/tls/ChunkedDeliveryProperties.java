package io.mqttd.quic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * RFC 9001 §4.1.3: CRYPTO data may arrive in any split. Every flight is cut into random chunks,
 * and the chunks of a later level are sometimes all delivered before the earlier level's (each
 * level's stream stays in order, as QUIC guarantees); the handshake must always complete.
 */
class ChunkedDeliveryProperties {
    static TlsClientConfig clientConfig;
    static TlsServerConfig serverConfig;

    @BeforeContainer
    static void configs() {
        clientConfig = HandshakeTest.client(TestPki.EC_P256).build();
        serverConfig = HandshakeTest.server(TestPki.EC_P256).build();
    }

    record Chunk(io.mqttd.quic.crypto.EncryptionLevel level, byte[] data) {
    }

    @Property(tries = 60)
    void handshakeCompletesWhateverTheChunking(@ForAll @IntRange(min = 1, max = 300) int maxChunk, @ForAll long seed) {
        Random random = new Random(seed);
        ClientHandshake client = new ClientHandshake(clientConfig, "localhost", HandshakeTest.CLIENT_TP, null);
        ServerHandshake server = new ServerHandshake(serverConfig, HandshakeTest.SERVER_TP);
        client.start();
        boolean moved = true;
        while (moved) {
            moved = deliver(client, server, maxChunk, random) | deliver(server, client, maxChunk, random);
        }
        assertThat(client.isComplete()).isTrue();
        assertThat(server.isComplete()).isTrue();
    }

    private static boolean deliver(TlsHandshake from, TlsHandshake to, int maxChunk, Random random) {
        List<TlsEvent> events = HandshakeTest.drain(from);
        Deque<Chunk> chunks = new ArrayDeque<>();
        for (TlsEvent e : events) {
            if (e instanceof TlsEvent.HandshakeData d) {
                for (int i = 0; i < d.data().length; ) {
                    int n = Math.min(1 + random.nextInt(maxChunk), d.data().length - i);
                    chunks.add(new Chunk(d.level(), java.util.Arrays.copyOfRange(d.data(), i, i + n)));
                    i += n;
                }
            }
        }
        // Each level's stream stays in order, but a later level's chunks sometimes all come first.
        if (random.nextBoolean()) {
            io.mqttd.quic.crypto.EncryptionLevel first = chunks.isEmpty() ? null : chunks.peekFirst().level();
            chunks.stream().filter(c -> c.level() != first).forEach(c -> to.handle(c.level(), c.data()));
            chunks.stream().filter(c -> c.level() == first).forEach(c -> to.handle(c.level(), c.data()));
        } else {
            chunks.forEach(c -> to.handle(c.level(), c.data()));
        }
        return !events.isEmpty();
    }
}
