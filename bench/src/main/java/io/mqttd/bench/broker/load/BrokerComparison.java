package io.mqttd.bench.broker.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mqttd against Mosquitto, same loads, same machine, same run. Both brokers run as their own
 * processes on loopback; the load generator ({@link LoadRun}: our codec over blocking NIO sockets,
 * one thread per connection) runs in this JVM. Prints a Markdown table, then mqttd's heap per idle
 * connection (measured with jcmd in the broker process).
 *
 * <pre>
 * mvn -B -ntp -q -pl mqtt-server,bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar io.mqttd.bench.broker.load.BrokerComparison \
 *      [--mqttd-jar mqtt-server/target/mqttd.jar] [--mosquitto /usr/sbin/mosquitto] [--scale 1.0] [--idle 5000]
 *      [--only NAME-SUBSTRING]
 * </pre>
 *
 * Mosquitto runs with persistence off; mqttd runs in memory (--in-memory) for the like-for-like
 * rows and additionally on RocksDB with group commit for the QoS 1 row, where every
 * acknowledged message is fsynced before PUBACK (Mosquitto promises nothing of the kind).
 */
public final class BrokerComparison {

    private BrokerComparison() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path mqttdJar = Path.of(opts.getOrDefault("--mqttd-jar", "mqtt-server/target/mqttd.jar")).toAbsolutePath();
        String mosquitto = opts.getOrDefault("--mosquitto", "/usr/sbin/mosquitto");
        double scale = Double.parseDouble(opts.getOrDefault("--scale", "1.0"));
        int idle = Integer.parseInt(opts.getOrDefault("--idle", "5000"));
        String only = opts.getOrDefault("--only", "");

        List<LoadSpec> loads = List.of(
                new LoadSpec("qos0 fan-in", 4, 1, 0, 64, n(100_000, scale), "one-topic", 1),
                new LoadSpec("qos0 fan-out", 1, 8, 0, 64, n(50_000, scale), "one-topic", 1),
                new LoadSpec("qos1 pairs", 4, 4, 1, 64, n(25_000, scale), "pairs", 64),
                new LoadSpec("qos2 pairs", 4, 4, 2, 64, n(10_000, scale), "pairs", 64),
                new LoadSpec("qos1 1KiB fan-in", 4, 1, 1, 1024, n(10_000, scale), "one-topic", 64),
                // Closed loop, one message in flight: latency without queueing.
                new LoadSpec("qos1 latency", 1, 1, 1, 64, n(5_000, scale), "pairs", 1));
        LoadSpec warmup = new LoadSpec("warm-up", 2, 2, 1, 64, n(20_000, scale), "pairs", 64);

        List<LoadResult> results = new ArrayList<>();
        Path data = Files.createTempDirectory("mqttd-bench");
        try (BrokerUnderTest mqttdMem = BrokerUnderTest.mqttd(mqttdJar, "--in-memory");
             BrokerUnderTest mosq = BrokerUnderTest.mosquitto(mosquitto)) {
            new LoadRun(mqttdMem.address, warmup, 3).run("mqttd");
            new LoadRun(mosq.address, warmup, 3).run("mosquitto");
            for (LoadSpec spec : loads) {
                if (!spec.name().contains(only)) {
                    continue;
                }
                results.add(new LoadRun(mqttdMem.address, spec, 3).run("mqttd (memory)"));
                results.add(new LoadRun(mosq.address, spec, 3).run("mosquitto"));
                System.err.println(results.get(results.size() - 2).markdownRow());
                System.err.println(results.get(results.size() - 1).markdownRow());
            }
        }
        if (only.isEmpty()) try (BrokerUnderTest mqttdDisk = BrokerUnderTest.mqttd(mqttdJar, "--data-dir", data.toString(),
                "--durability", "group-commit")) {
            new LoadRun(mqttdDisk.address, warmup, 3).run("mqttd");
            results.add(new LoadRun(mqttdDisk.address, loads.get(2), 3).run("mqttd (RocksDB, group commit)"));
        }
        System.out.println(LoadResult.markdownHeader());
        results.forEach(r -> System.out.println(r.markdownRow()));

        if (idle > 0) {
            System.out.println();
            try (BrokerUnderTest mqttd = BrokerUnderTest.mqttd(mqttdJar, "--in-memory")) {
                System.out.println("defaults: " + IdleHeap.measure(mqttd, idle));
            }
        }
    }

    private static int n(int base, double scale) {
        return Math.max(1000, (int) (base * scale));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i], args[i + 1]);
        }
        return m;
    }

    /** A broker process on a free loopback port. */
    static final class BrokerUnderTest implements AutoCloseable {
        final Process process;
        final InetSocketAddress address;
        private final Path scratch;

        private BrokerUnderTest(Process process, InetSocketAddress address, Path scratch) {
            this.process = process;
            this.address = address;
            this.scratch = scratch;
        }

        static BrokerUnderTest mqttd(Path jar, String... extra) throws Exception {
            int port = freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-jar", jar.toString(),
                    "--listen", "127.0.0.1:" + port));
            cmd.addAll(List.of(extra));
            Path scratch = Files.createTempDirectory("mqttd-run");
            Process p = new ProcessBuilder(cmd).directory(scratch.toFile())
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("mqttd.log").toFile()).start();
            return started(p, port, scratch);
        }

        static BrokerUnderTest mosquitto(String binary) throws Exception {
            int port = freePort();
            Path scratch = Files.createTempDirectory("mosquitto-run");
            Path conf = scratch.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
                    "max_queued_messages 1000",
                    // Announced as Receive Maximum: the same 64-message window mqttd's publishers get.
                    "max_inflight_messages 64",
                    "log_dest stderr",
                    "log_type error",
                    ""), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(binary, "-c", conf.toString()).directory(scratch.toFile())
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("mosquitto.log").toFile()).start();
            return started(p, port, scratch);
        }

        private static BrokerUnderTest started(Process p, int port, Path scratch) throws Exception {
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException("broker exited: " + Files.readString(scratch.resolve(
                            Files.list(scratch).filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow()
                                    .getFileName())));
                }
                try (Socket s = new Socket(a.getAddress(), port)) {
                    return new BrokerUnderTest(p, a, scratch);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            throw new IOException("broker did not listen on " + a);
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Heap of the broker process per idle MQTT connection, from jcmd after full GCs. */
    static final class IdleHeap {
        private static final Pattern USED = Pattern.compile("used (\\d+)K");

        static String measure(BrokerUnderTest broker, int connections) throws Exception {
            long before = usedHeapKiB(broker.pid());
            List<LoadConnection> open = new ArrayList<>(connections);
            try {
                for (int i = 0; i < connections; i++) {
                    LoadConnection c = LoadConnection.open(broker.address, "idle-" + i, 256);
                    c.subscribe("idle/" + i, 1);
                    open.add(c);
                }
                long after = usedHeapKiB(broker.pid());
                return String.format(Locale.ROOT,
                        "mqttd heap per idle connection (CONNECT + one subscription, in memory): %d connections, "
                                + "heap used %d KiB -> %d KiB after full GC: %.0f bytes per connection",
                        connections, before, after, (after - before) * 1024.0 / connections);
            } finally {
                open.forEach(LoadConnection::close);
            }
        }

        private static long usedHeapKiB(long pid) throws Exception {
            jcmd(pid, "GC.run");
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            Matcher m = USED.matcher(info);
            if (!m.find()) {
                throw new IOException("no heap figure in jcmd output: " + info);
            }
            return Long.parseLong(m.group(1));
        }

        private static String jcmd(long pid, String command) throws Exception {
            Path javaHome = Path.of(System.getProperty("java.home"));
            Path jcmd = javaHome.resolve("bin/jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        }
    }
}
