package io.mqttd.mqtt.codec.wire;

/**
 * Topic Name and Topic Filter syntax (MQTT 5.0 §4.7, shared subscriptions §4.8.2). The checks return
 * the normative statement a string violates, or {@code null} if it is valid, so that the decoder can
 * turn a violation into its own error and a local caller into an IllegalArgumentException.
 */
public final class Topics {
    /** The prefix of a Shared Subscription's Topic Filter (§4.8.2). */
    public static final String SHARE_PREFIX = "$share/";

    private Topics() {
    }

    /**
     * Checks a Topic Name as carried in PUBLISH or a Will. The empty name is reported as
     * MQTT-4.7.3-1 here; the caller allows it where a Topic Alias stands in for it (§3.3.2.3.4).
     */
    public static String checkTopicName(String name) {
        if (name.isEmpty()) {
            return "MQTT-4.7.3-1";
        }
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c == '+' || c == '#') {
                return "MQTT-3.3.2-2";
            }
            if (c == 0) {
                return "MQTT-4.7.3-2";
            }
        }
        return null;
    }

    /**
     * Checks a Topic Filter: '#' alone in the last level (MQTT-4.7.1-1), '+' alone in its level
     * (MQTT-4.7.1-2), non-empty (MQTT-4.7.3-1), no U+0000 (MQTT-4.7.3-2) and, when
     * {@code sharedSyntax} holds (MQTT 5.0), a well-formed {@code $share/{ShareName}/{filter}}
     * (MQTT-4.8.2-1, MQTT-4.8.2-2). MQTT 3.1.1 has no shared subscriptions, so there the prefix is
     * an ordinary level.
     */
    public static String checkTopicFilter(String filter, boolean sharedSyntax) {
        if (filter.isEmpty()) {
            return "MQTT-4.7.3-1";
        }
        int start = 0;
        if (sharedSyntax && filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            if (slash <= SHARE_PREFIX.length()) {
                return "MQTT-4.8.2-1"; // empty ShareName, or none followed by '/'
            }
            for (int i = SHARE_PREFIX.length(); i < slash; i++) {
                char c = filter.charAt(i);
                if (c == '+' || c == '#') {
                    return "MQTT-4.8.2-2";
                }
                if (c == 0) {
                    return "MQTT-4.7.3-2";
                }
            }
            if (slash == filter.length() - 1) {
                return "MQTT-4.8.2-2"; // the '/' after ShareName must be followed by a filter
            }
            start = slash + 1;
        }
        for (int i = start, n = filter.length(); i < n; i++) {
            char c = filter.charAt(i);
            if (c == 0) {
                return "MQTT-4.7.3-2";
            }
            boolean levelStart = i == start || filter.charAt(i - 1) == '/';
            boolean levelEnd = i == n - 1 || filter.charAt(i + 1) == '/';
            if (c == '#' && (!levelStart || i != n - 1)) {
                return "MQTT-4.7.1-1";
            }
            if (c == '+' && (!levelStart || !levelEnd)) {
                return "MQTT-4.7.1-2";
            }
        }
        return null;
    }

    /** Whether the filter names a Shared Subscription (§4.8.2). */
    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }
}
