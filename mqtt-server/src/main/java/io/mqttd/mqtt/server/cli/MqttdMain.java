package io.mqttd.mqtt.server.cli;

import io.mqttd.mqtt.server.config.ConfigException;
import io.mqttd.mqtt.server.runtime.ShutdownSafeLogManager;
import picocli.CommandLine;

/**
 * The entry point of {@code mqttd.jar}: {@code java -jar mqttd.jar [options]}. Exit status 0 after
 * a clean shutdown (SIGTERM or SIGINT included), 1 when the server cannot start, 2 for bad options.
 */
public final class MqttdMain {

    private MqttdMain() {
    }

    public static void main(String[] args) {
        // A class literal, not a call: touching the subclass would initialise LogManager first.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        OneLineLogFormat.installUnlessConfigured();
        CommandLine cli = new CommandLine(new MqttdCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("mqttd: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("mqttd: cannot start: " + e);
            return 1;
        });
        int status = cli.execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
