package io.mqttd.quic.tls;

import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Receives traffic secrets in the NSS key log format (SSLKEYLOGFILE) so Wireshark can decrypt a
 * capture: {@code LABEL <client_random hex> <secret hex>}. Labels used: CLIENT_EARLY_TRAFFIC_SECRET,
 * CLIENT_HANDSHAKE_TRAFFIC_SECRET, SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0,
 * SERVER_TRAFFIC_SECRET_0, EXPORTER_SECRET.
 */
@FunctionalInterface
public interface KeyLogSink {

    void log(String label, byte[] clientRandom, byte[] secret);

    /** A sink writing one NSS-format line per secret to {@code lines} (e.g. a file appender). */
    static KeyLogSink nss(Consumer<String> lines) {
        HexFormat hex = HexFormat.of();
        return (label, random, secret) -> lines.accept(label + " " + hex.formatHex(random) + " " + hex.formatHex(secret));
    }
}
