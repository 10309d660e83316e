/**
 * Topic matching (MQTT 5.0 §4.7): a trie of subscriptions keyed by topic levels, with the
 * {@code +} and {@code #} wildcards, the {@code $}-topic rule (MQTT-4.7.2-1) and Shared
 * Subscription groups (§4.8.2). No regular expressions; matching a topic allocates nothing but
 * what the caller's visitor allocates.
 */
package io.mqttd.mqtt.server.routing;
