package io.mqttd.mqtt.server.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The reference server against Mosquitto's command-line clients (Debian mosquitto-clients). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoClientsEndToEndTest {

    static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, binary)));
    }

    private static Process run(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String output(Process p) throws Exception {
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", p.info().commandLine().orElse("client")).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void ok(Process p) throws Exception {
        String out = output(p);
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void mosquittoClientsPublishAndResumeAPersistentSessionInBothProtocolVersions() throws Exception {
        assumeTrue(onPath("mosquitto_pub") && onPath("mosquitto_sub"),
                "mosquitto_pub/mosquitto_sub not installed (Debian package mosquitto-clients; .ci/run installs it)");
        try (InProcessBroker broker = InProcessBroker.inMemory()) {
            String port = Integer.toString(broker.port());
            for (String version : List.of("mqttv5", "mqttv311")) {
                String id = "msub-" + version;
                List<String> common = List.of("-h", "127.0.0.1", "-p", port, "-V", version);
                // Subscribe with a persistent session (-c) and leave at once (-E): the subscription
                // now exists in the broker, so nothing below races with a connecting subscriber.
                ok(run(concat(List.of("mosquitto_sub"), common, List.of("-i", id, "-c", "-q", "2", "-t", "mosq/#", "-E"))));
                List<String> expected = new ArrayList<>();
                for (int qos = 1; qos <= 2; qos++) {
                    String payload = version + "-q" + qos;
                    ok(run(concat(List.of("mosquitto_pub"), common,
                            List.of("-t", "mosq/" + qos, "-q", Integer.toString(qos), "-m", payload))));
                    expected.add("mosq/" + qos + " " + payload);
                }
                Process resumed = run(concat(List.of("mosquitto_sub"), common,
                        List.of("-i", id, "-c", "-q", "2", "-t", "mosq/#", "-C", "2", "-v", "-W", "20")));
                String out = output(resumed);
                assertThat(resumed.exitValue()).as(out).isZero();
                assertThat(out.lines().toList()).as("queued while away, in order").containsExactlyElementsOf(expected);

                // QoS 0 to a live subscriber: publish until it has one (it may still be connecting).
                Process live = run(concat(List.of("mosquitto_sub"), common,
                        List.of("-i", id + "-live", "-t", "live/" + version, "-C", "1", "-v", "-W", "20")));
                while (live.isAlive()) {
                    ok(run(concat(List.of("mosquitto_pub"), common, List.of("-t", "live/" + version, "-m", "zero"))));
                    live.waitFor(100, TimeUnit.MILLISECONDS);
                }
                String liveOut = output(live);
                assertThat(live.exitValue()).as(liveOut).isZero();
                assertThat(liveOut.strip()).isEqualTo("live/" + version + " zero");
            }
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
