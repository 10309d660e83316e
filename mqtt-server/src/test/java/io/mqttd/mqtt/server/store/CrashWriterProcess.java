package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The process that {@link CrashRecoveryTest} kills: it opens the RocksDB store, appends QoS 1/2
 * messages for one offline client without end, and prints {@code ACK n} only after the commit
 * holding message n completed, exactly when a broker would send PUBACK/PUBREC. Every tenth commit
 * also stores a session {@code s-n}, every QoS 2 message a QoS 2 inbound packet id.
 *
 * <p>Arguments: data directory, {@link Durability}, how many commits may be outstanding at once
 * (more than one lets group commit batch them).
 */
public final class CrashWriterProcess {
    static final String CLIENT = "crash-client";
    static final String PUBLISHER = "crash-publisher";

    private CrashWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1]);
        Semaphore outstanding = new Semaphore(Integer.parseInt(args[2]));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.US_ASCII);
        StoreConfig config = StoreConfig.defaults().withDataDirectory(dir).withDurability(durability)
                .withQueueLimit(Integer.MAX_VALUE, OverflowPolicy.DROP_NEWEST);
        BrokerStore store = RocksDbBrokerStore.open(config);
        out.println("OPEN");
        out.flush();
        for (int n = 0; ; n++) {
            outstanding.acquire();
            Qos qos = n % 2 == 0 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE;
            StoredMessage m = new StoredMessage("crash/topic", Integer.toString(n).getBytes(StandardCharsets.US_ASCII),
                    qos, false, new byte[0], StoredMessage.NO_EXPIRY, PUBLISHER);
            StoreBatch batch = store.batch().enqueue(CLIENT, m);
            if (qos == Qos.EXACTLY_ONCE) {
                batch.addInboundQos2(PUBLISHER, packetId(n));
            }
            if (n % 10 == 0) {
                batch.putSession(new SessionState("s-" + n, 5, SessionState.NEVER_EXPIRES, SessionState.CONNECTED,
                        List.of(StoredSubscription.of("crash/#", Qos.EXACTLY_ONCE)), Optional.empty()));
            }
            int acked = n;
            // Completions come in commit order (group commit completes a batch in order), so ACKs do too.
            batch.commit().whenComplete((result, error) -> {
                if (error == null) {
                    synchronized (out) {
                        out.println("ACK " + acked);
                        out.flush();
                    }
                } else {
                    error.printStackTrace();
                    System.exit(2);
                }
                outstanding.release();
            });
        }
    }

    static int packetId(int n) {
        return n % 65535 + 1;
    }
}
