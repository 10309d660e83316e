package io.mqttd.interop;

import io.mqttd.quic.tls.KeyLogSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends TLS secrets to an NSS key log file (the SSLKEYLOGFILE convention Wireshark reads). */
public final class KeyLogFile {
    private KeyLogFile() {
    }

    /** A sink appending to {@code file}; lines are written whole, under a lock, as secrets come. */
    public static KeyLogSink appendingTo(Path file) {
        Object lock = new Object();
        return KeyLogSink.nss(line -> {
            synchronized (lock) {
                try {
                    Files.writeString(file, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the key log " + file, e);
                }
            }
        });
    }

    /** The sink for {@code explicit}, else for $SSLKEYLOGFILE, else null. */
    public static KeyLogSink fromOptionOrEnvironment(Path explicit) {
        if (explicit != null) {
            return appendingTo(explicit);
        }
        String env = System.getenv("SSLKEYLOGFILE");
        return env == null || env.isBlank() ? null : appendingTo(Path.of(env));
    }
}
