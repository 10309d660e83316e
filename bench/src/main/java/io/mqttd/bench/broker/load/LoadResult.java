package io.mqttd.bench.broker.load;

/**
 * What one load run measured.
 *
 * @param sent          PUBLISH packets the publishers sent
 * @param expected      deliveries the subscribers should see without loss
 * @param received      deliveries the subscribers saw
 * @param seconds       from the start signal to the last delivery
 * @param p50Micros     end-to-end latency (publisher write to subscriber read), median
 * @param p99Micros     99th percentile
 */
public record LoadResult(String broker, LoadSpec spec, long sent, long expected, long received, double seconds,
        double p50Micros, double p99Micros) {

    /** Deliveries per second. */
    public double deliveredPerSecond() {
        return received / seconds;
    }

    public String markdownRow() {
        return String.format("| %s | %s | %d | %d | %d | %d B | %s | %s | %,.0f | %.1f%% | %,.0f | %,.0f |",
                spec.name(), broker, spec.publishers(), spec.subscribers(), spec.qos(), spec.payloadBytes(),
                spec.topology(), spec.qos() == 0 ? "-" : Integer.toString(spec.window()), deliveredPerSecond(),
                100.0 * received / expected, p50Micros, p99Micros);
    }

    public static String markdownHeader() {
        return "| load | broker | pubs | subs | QoS | payload | topology | window | delivered msg/s | delivered | p50 µs | p99 µs |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|";
    }
}
