package io.mqttd.bench.tls;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;

/**
 * CPU time per handshake (client and server together, one thread), read from the thread's CPU
 * clock rather than the wall clock, so the figure stays meaningful on a loaded shared machine where
 * JMH's wall-clock scores swing widely. Run:
 * {@code java -cp bench/target/benchmarks.jar io.mqttd.bench.tls.HandshakeCpuTime [iterations]}.
 */
public final class HandshakeCpuTime {
    private HandshakeCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        HandshakeBenchmark b = new HandshakeBenchmark();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up " : "measured ";
            report(mx, label + "mqttd full handshake (x25519, ECDSA P-256)", n, b::mqttdFullHandshake);
            report(mx, label + "mqttd PSK resumption (psk_dhe_ke, x25519)", n, b::mqttdPskResumption);
            report(mx, label + "JDK SSLEngine full handshake (x25519, ECDSA P-256)", n / 4, b::jdkSslEngineFullHandshake);
        }
    }

    private static void report(ThreadMXBean mx, String label, int n, Callable<Boolean> handshake) throws Exception {
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            if (!handshake.call()) {
                throw new IllegalStateException("handshake did not complete: " + label);
            }
        }
        double micros = (mx.getCurrentThreadCpuTime() - cpu0) / 1000.0 / n;
        System.out.printf("%-60s %9.1f us CPU per handshake (both sides), n=%d%n", label, micros, n);
    }
}
