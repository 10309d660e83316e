package io.mqttd.mqtt.server.broker;

import java.util.Arrays;

/**
 * The inbound Topic Aliases of one MQTT 5 connection (MQTT 5.0 §3.3.2.3.4): alias number to topic
 * name, for aliases 1 to the Topic Alias Maximum the broker announced in CONNACK (§3.2.2.3.8).
 *
 * <p>The table grows as the client uses aliases, so announcing the protocol's maximum (65535)
 * costs an idle connection nothing; only a client that really uses many aliases pays for them, and
 * never beyond the announced maximum.
 */
final class TopicAliases {
    private static final String[] NONE = new String[0];
    private static final int FIRST_GROWTH = 8;

    private final int maximum;
    private String[] topics = NONE;

    TopicAliases(int maximum) {
        if (maximum < 1 || maximum > 65535) {
            throw new IllegalArgumentException("Topic Alias Maximum out of 1..65535: " + maximum);
        }
        this.maximum = maximum;
    }

    /** MQTT-3.3.2-8/-9: 0 and values above the announced maximum are not aliases. */
    boolean isValid(int alias) {
        return alias >= 1 && alias <= maximum;
    }

    /** The topic mapped to a valid alias, or null when the client has not set it yet. */
    String resolve(int alias) {
        return alias < topics.length ? topics[alias] : null;
    }

    /** Maps (or remaps) a valid alias to a topic name (§3.3.2.3.4). */
    void put(int alias, String topic) {
        if (alias >= topics.length) {
            int grown = Math.max(alias + 1, Math.max(FIRST_GROWTH, topics.length * 2));
            topics = Arrays.copyOf(topics, Math.min(grown, maximum + 1));
        }
        topics[alias] = topic;
    }
}
