package io.mqttd.mqtt.server.routing;

/**
 * Matching of one Topic Filter against one Topic Name (MQTT 5.0 §4.7), for the cases that have
 * a single filter in hand, such as finding the retained messages of a new subscription
 * (§3.3.1.3). The {@link SubscriptionTrie} applies the same rules to many filters at once.
 */
public final class TopicFilters {
    private TopicFilters() {
    }

    /** Whether {@code filter} (valid, not {@code $share/}) matches {@code topic} (a valid Topic Name). */
    public static boolean matches(String filter, String topic) {
        // MQTT-4.7.2-1: a leading wildcard never matches a topic starting with '$'.
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (true) {
            int fEnd = filter.indexOf('/', f);
            if (fEnd < 0) {
                fEnd = fl;
            }
            if (fEnd - f == 1 && filter.charAt(f) == '#') {
                return true; // matches the parent level and everything below (§4.7.1.2)
            }
            if (t > tl) {
                return false; // topic exhausted, filter has more levels
            }
            int tEnd = topic.indexOf('/', t);
            if (tEnd < 0) {
                tEnd = tl;
            }
            boolean plus = fEnd - f == 1 && filter.charAt(f) == '+';
            if (!plus && (fEnd - f != tEnd - t || !filter.regionMatches(f, topic, t, fEnd - f))) {
                return false;
            }
            f = fEnd + 1;
            t = tEnd + 1;
            if (f > fl) {
                return t > tl;
            }
        }
    }
}
