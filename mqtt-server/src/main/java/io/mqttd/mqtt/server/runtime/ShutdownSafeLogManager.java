package io.mqttd.mqtt.server.runtime;

import java.util.logging.LogManager;

/**
 * A java.util.logging manager that keeps logging through shutdown. The JDK's LogManager closes
 * every handler from a shutdown hook of its own, which runs concurrently with the server's, so
 * the "shutting down" and "stopped" lines, and any warning while the store closes, would be lost.
 * This manager ignores resets while the JVM shuts down; {@link ServerProcess} calls
 * {@link #resetAfterShutdown()} when the server is closed. Installed through the
 * {@code java.util.logging.manager} system property, set before anything logs (see
 * {@code MqttdMain}); calling a static method of this class would already initialise
 * {@link LogManager} with the default manager, hence no {@code install()} here.
 */
public final class ShutdownSafeLogManager extends LogManager {

    @Override
    public void reset() {
        if (!jvmShuttingDown()) {
            super.reset();
        }
    }

    /** Flushes and closes the handlers: the last step of the server's shutdown hook. */
    public void resetAfterShutdown() {
        super.reset();
    }

    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
