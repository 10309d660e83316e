package io.mqttd.bench.broker.load;

/**
 * One load: {@code publishers} clients each publish {@code messagesPerPublisher} messages of
 * {@code payloadBytes} at {@code qos}; {@code subscribers} clients receive them.
 *
 * <p>Topologies: {@code fan-in} — every publisher to one topic, every subscriber on it (each
 * message reaches every subscriber); {@code pairs} — publisher i to topic i, subscriber i on topic i
 * (publishers and subscribers must be equal in number).
 *
 * @param window QoS 1/2 messages a publisher keeps unacknowledged (ignored for QoS 0)
 */
public record LoadSpec(String name, int publishers, int subscribers, int qos, int payloadBytes,
        int messagesPerPublisher, String topology, int window) {

    public LoadSpec {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos 0..2: " + qos);
        }
        if (payloadBytes < 8) {
            throw new IllegalArgumentException("payload carries an 8-byte timestamp: at least 8 bytes");
        }
        if (!topology.equals("one-topic") && !topology.equals("pairs")) {
            throw new IllegalArgumentException("topology one-topic or pairs: " + topology);
        }
        if (topology.equals("pairs") && publishers != subscribers) {
            throw new IllegalArgumentException("pairs needs as many publishers as subscribers");
        }
    }

    String topicOfPublisher(int i) {
        return topology.equals("pairs") ? "load/" + i : "load/all";
    }

    String filterOfSubscriber(int i) {
        return topology.equals("pairs") ? "load/" + i : "load/all";
    }

    /** Messages each subscriber should receive. */
    long expectedPerSubscriber() {
        return topology.equals("pairs") ? messagesPerPublisher : (long) publishers * messagesPerPublisher;
    }

    long expectedTotal() {
        return expectedPerSubscriber() * subscribers;
    }
}
