package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of a writing broker process loses no acknowledged message and no session: a separate JVM
 * ({@link CrashWriterProcess}) commits messages and prints an ACK after each completed commit; the
 * test kills it with SIGKILL mid-stream, reopens the store and finds every acknowledged message,
 * in order, without duplicates. {@link Durability#NONE} is included because it promises survival
 * of a process crash too (not of a power loss, which this test cannot produce).
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    private static Process startWriter(Path data, Durability durability, Path stderr) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CrashWriterProcess.class.getName(), data.toString(), durability.name(), "16")
                .redirectError(stderr.toFile())
                .start();
    }

    @Test
    void secondBrokerProcessCannotOpenTheDirectoryOfARunningOne() throws Exception {
        Path data = dir.resolve("data");
        Process writer = startWriter(data, Durability.NONE, dir.resolve("writer.err"));
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(out.readLine()).isEqualTo("OPEN");
            StoreConfig config = StoreConfig.defaults().withDataDirectory(data);
            assertThatThrownBy(() -> RocksDbBrokerStore.open(config))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is locked")
                    .hasMessageContaining(data.toAbsolutePath().toString());
            writer.toHandle().destroyForcibly();
        } finally {
            writer.toHandle().destroyForcibly();
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        // The kernel released the dead process's lock.
        RocksDbBrokerStore.open(StoreConfig.defaults().withDataDirectory(data)).close();
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void acknowledgedMessagesAndSessionsSurviveKill9(Durability durability) throws Exception {
        Path data = dir.resolve("data");
        Path stderr = dir.resolve("writer.err");
        Process writer = startWriter(data, durability, stderr);
        // Never hang the build: a writer that stalls is killed, which ends its stdout.
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(() -> writer.toHandle().destroyForcibly(), 30, TimeUnit.SECONDS);
        int killAfter = 200 + ThreadLocalRandom.current().nextInt(300);
        List<Integer> acks = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acks.add(Integer.parseInt(line.substring(4)));
                    if (acks.size() == killAfter) {
                        // SIGKILL. Through the handle, because Process.destroyForcibly() also
                        // closes our end of the pipe, and the ACKs still in it count.
                        writer.toHandle().destroyForcibly();
                    }
                }
            }
            // Lines printed before the kill landed were acknowledged too: read to the end.
        } finally {
            watchdog.shutdownNow();
        }
        assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        if (acks.size() < killAfter) {
            fail("writer stopped after " + acks.size() + " ACKs, exit " + writer.exitValue() + ": "
                    + Files.readString(stderr));
        }
        assertThat(writer.exitValue()).as("killed, not exited").isNotZero();
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acks.get(i)).as("ACKs arrive in commit order").isEqualTo(i);
        }
        int lastAck = acks.get(acks.size() - 1);

        try (RocksDbBrokerStore store = RocksDbBrokerStore.open(StoreConfig.defaults().withDataDirectory(data))) {
            List<OutboundEntry> queue = store.queue(CrashWriterProcess.CLIENT);
            List<Integer> recovered = new ArrayList<>();
            for (OutboundEntry e : queue) {
                recovered.add(Integer.parseInt(new String(e.message().payload(), StandardCharsets.US_ASCII)));
                assertThat(e.message().qos()).isEqualTo(recovered.size() % 2 == 1 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE);
            }
            // Every acknowledged message, in order, no duplicates; commits written but not yet
            // acknowledged may follow, and RocksDB recovers a prefix of the WAL, so no gaps either.
            assertThat(recovered.size()).isGreaterThan(lastAck);
            for (int i = 0; i < recovered.size(); i++) {
                assertThat(recovered.get(i)).isEqualTo(i);
            }
            assertThat(store.queueDepth(CrashWriterProcess.CLIENT)).isEqualTo(recovered.size());
            assertThat(queue).extracting(OutboundEntry::sequence).isSorted().doesNotHaveDuplicates();
            for (int n = 0; n <= lastAck; n += 10) {
                assertThat(store.session("s-" + n)).as("session of commit %d", n).isPresent();
            }
            List<Integer> inbound = store.inboundQos2PacketIds(CrashWriterProcess.PUBLISHER);
            for (int n = 1; n <= lastAck; n += 2) {
                assertThat(inbound).contains(CrashWriterProcess.packetId(n));
            }
            // The reopened store goes on where the dead one stopped.
            long next = store.batch().enqueue(CrashWriterProcess.CLIENT,
                    StoredMessage.of("t", new byte[0], Qos.AT_LEAST_ONCE, false, "p")).commit().join().sequence(0);
            assertThat(next).isGreaterThan(queue.get(queue.size() - 1).sequence());
        }
    }
}
