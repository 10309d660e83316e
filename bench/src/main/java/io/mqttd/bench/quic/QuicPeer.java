package io.mqttd.bench.quic;

import java.net.InetSocketAddress;

/**
 * One QUIC implementation under the end-to-end benchmarks, as server and client of the same tiny
 * protocol over one bidirectional stream per exchange:
 * <ul>
 *   <li>a stream starting with {@code 'B'} is a bulk upload: the server reads to FIN, then answers
 *       {@code 'K'} and FIN;</li>
 *   <li>a stream starting with {@code 'P'} is an echo: the server writes back every later byte as it
 *       arrives, until FIN.</li>
 * </ul>
 */
interface QuicPeer extends AutoCloseable {
    String ALPN = "bench";
    byte BULK = 'B';
    byte PING = 'P';

    String name();

    /** Starts this implementation's server on a loopback port. */
    InetSocketAddress startServer() throws Exception;

    /** A handshake-complete client connection to {@code server}. */
    Client connect(InetSocketAddress server) throws Exception;

    /** One client connection. */
    interface Client extends AutoCloseable {
        /** Uploads {@code bytes} on one stream and waits for the server's acknowledgment. */
        void bulk(long bytes) throws Exception;

        /** {@code rounds} round trips of {@code size} bytes on one echo stream; the time of each, in nanoseconds. */
        long[] pingPong(int rounds, int size) throws Exception;

        @Override
        void close() throws Exception;
    }
}
