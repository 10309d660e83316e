package io.mqttd.mqtt.server.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Process life of the reference server: serve until SIGTERM/SIGINT, then shut down gracefully
 * within a bound and leave with exit status 0.
 *
 * <p>The JVM runs shutdown hooks on SIGTERM and then exits with status 143 (128 + signal 15).
 * A supervisor (systemd, Kubernetes, a test) should see 0 after a clean stop, so the hook halts
 * with 0 once {@link MqttdServer#close()} returned, and with 1 when the close did not finish in
 * time. {@code halt} skips the remaining hooks; ours is the only one that matters, and it
 * flushes the standard streams first.
 */
public final class ServerProcess {

    private static final System.Logger LOG = System.getLogger(ServerProcess.class.getName());

    private ServerProcess() {
    }

    /** Blocks the calling thread until the JVM is asked to exit; never returns normally. */
    public static void serveUntilTerminated(MqttdServer server, Duration shutdownTimeout) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = closeWithin(server, shutdownTimeout) ? 0 : 1;
            stopped.countDown();
            if (java.util.logging.LogManager.getLogManager() instanceof ShutdownSafeLogManager m) {
                m.resetAfterShutdown();
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(status);
        }, "mqttd-shutdown"));
        stopped.await();
    }

    private static boolean closeWithin(MqttdServer server, Duration timeout) {
        boolean[] clean = new boolean[1];
        Thread closer = new Thread(() -> {
            try {
                server.close();
                clean[0] = true;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "shutdown failed", e);
            }
        }, "mqttd-close");
        closer.start();
        try {
            closer.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.log(Level.ERROR, "shutdown did not finish within {0}; exiting anyway", timeout);
            return false;
        }
        // join() orders the closer's write of clean[0] before this read.
        return clean[0];
    }
}
