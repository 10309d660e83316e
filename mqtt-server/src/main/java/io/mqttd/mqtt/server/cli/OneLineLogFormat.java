package io.mqttd.mqtt.server.cli;

/**
 * Log lines for an operator's terminal: one line per record, time to the millisecond, level,
 * the logger's simple name, the message. mqttd, its broker core and Netty all log through
 * java.util.logging (via System.Logger), so this one format covers them.
 */
final class OneLineLogFormat {

    static final String PROPERTY = "java.util.logging.SimpleFormatter.format";

    private OneLineLogFormat() {
    }

    /** Sets the format unless the operator chose one ({@code -D...format=} or a logging.properties). */
    static void installUnlessConfigured() {
        if (System.getProperty(PROPERTY) == null && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty(PROPERTY, "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        }
    }
}
