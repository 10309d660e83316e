package io.mqttd.bench.quic;

import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end comparison over UDP loopback, in one JVM run, of mqttd against kwik and Netty QUIC:
 * bulk upload (one connection, one stream), handshakes per second (sequential connect + close),
 * and a request/response ping-pong of 100 bytes on one stream (p50/p99).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.mqttd.bench.quic.QuicEndToEnd [bulkMB]
 * [handshakeSeconds] [pingRounds] [peers]}, peers a comma list of mqttd, kwik, netty-quic,
 * netty-quic-epoll. The
 * handshake rate is measured after an untimed warm-up of at least ten seconds; a handshakeSeconds
 * of 0 skips that phase.
 */
public final class QuicEndToEnd {
    private static final double MIB = 1024.0 * 1024.0;
    private static final double HANDSHAKE_WARM_UP_SECONDS = 10;

    record Result(String peer, double bulkMibPerSecond, double handshakesPerSecond, double p50Micros,
            double p99Micros) {
    }

    private QuicEndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        long bulkBytes = (args.length > 0 ? Long.parseLong(args[0]) : 100) << 20;
        double handshakeSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int pingRounds = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        List<String> peers = Arrays.asList((args.length > 3 ? args[3] : "mqttd,kwik,netty-quic,netty-quic-epoll").split(","));
        CertifiedKey cert = SelfSignedCertificate.generate("localhost");
        List<Result> results = new ArrayList<>();
        for (String name : peers) {
            try (QuicPeer peer = create(name, cert)) {
                results.add(run(peer, bulkBytes, handshakeSeconds, pingRounds));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %12s %10s %12s %9s %9s %10s%n", "peer", "bulk MiB/s", "vs mqttd",
                "handshakes/s", "vs mqttd", "p50 us", "p99 us");
        Result base = results.stream().filter(r -> r.peer().equals("mqttd")).findFirst().orElse(results.get(0));
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-11s %12.1f %10.2f %12.1f %9.2f %9.0f %10.0f%n", r.peer(),
                    r.bulkMibPerSecond(), r.bulkMibPerSecond() / base.bulkMibPerSecond(), r.handshakesPerSecond(),
                    r.handshakesPerSecond() / base.handshakesPerSecond(), r.p50Micros(), r.p99Micros());
        }
    }

    /** Bytes allocated so far by every live thread (HotSpot's per-thread counters). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, a);
        }
        return total;
    }

    private static QuicPeer create(String name, CertifiedKey cert) {
        return switch (name.trim()) {
            case "mqttd" -> new MqttdPeer(cert);
            case "kwik" -> new KwikPeer(cert);
            case "netty-quic" -> new NettyPeer(cert, false);
            case "netty-quic-epoll" -> new NettyPeer(cert, true);
            default -> throw new IllegalArgumentException("unknown peer " + name + " (mqttd, kwik, netty-quic, netty-quic-epoll)");
        };
    }

    private static Result run(QuicPeer peer, long bulkBytes, double handshakeSeconds, int pingRounds) throws Exception {
        InetSocketAddress server = peer.startServer();
        double mibPerSecond;
        long[] rtts;
        try (QuicPeer.Client client = peer.connect(server)) {
            client.bulk(Math.min(bulkBytes, 16L << 20)); // warm-up: JIT, windows, congestion window
            long allocatedBefore = allocatedBytes();
            long start = System.nanoTime();
            client.bulk(bulkBytes);
            double seconds = (System.nanoTime() - start) / 1e9;
            double allocatedPerMib = (allocatedBytes() - allocatedBefore) / (bulkBytes / MIB);
            mibPerSecond = bulkBytes / MIB / seconds;
            System.out.printf(Locale.ROOT, "%s: %d MiB in %.2f s = %.1f MiB/s, heap allocated %.0f KiB per MiB "
                    + "(client and server, all threads)%n", peer.name(), bulkBytes >> 20, seconds, mibPerSecond,
                    allocatedPerMib / 1024);
            client.pingPong(Math.min(1000, pingRounds), 100);
            rtts = client.pingPong(pingRounds, 100);
        }
        Arrays.sort(rtts);
        double p50 = rtts[rtts.length / 2] / 1e3;
        double p99 = rtts[(int) (rtts.length * 0.99)] / 1e3;
        System.out.printf(Locale.ROOT, "%s: ping-pong 100 B p50 %.0f us, p99 %.0f us%n", peer.name(), p50, p99);
        if (handshakeSeconds <= 0) {
            return new Result(peer.name(), mibPerSecond, Double.NaN, p50, p99);
        }
        // Warm-up by time, not by count: the handshake runs Bouncy Castle's field arithmetic, whose
        // large methods C2 is still compiling after the first several thousand handshakes here.
        long warmUpEnd = System.nanoTime() + (long) (Math.max(HANDSHAKE_WARM_UP_SECONDS, handshakeSeconds) * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            peer.connect(server).close();
        }
        long end = System.nanoTime() + (long) (handshakeSeconds * 1e9);
        long start = System.nanoTime();
        int handshakes = 0;
        while (System.nanoTime() < end) {
            peer.connect(server).close();
            handshakes++;
        }
        double perSecond = handshakes / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "%s: %.1f handshakes/s (sequential connect + close)%n", peer.name(), perSecond);
        return new Result(peer.name(), mibPerSecond, perSecond, p50, p99);
    }
}
