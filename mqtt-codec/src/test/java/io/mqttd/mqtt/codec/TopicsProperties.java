package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.wire.Topics;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the topic syntax checks (MQTT 5.0 §4.7, §4.8.2). */
class TopicsProperties {

    @Provide
    Arbitrary<String> topicish() {
        return Arbitraries.of("a", "/", "+", "#", "$share/", "$share", "g", "\u0000", "é")
                .list().ofMaxSize(8).map(l -> String.join("", l));
    }

    /** The decoder checks a 5.0 filter once with the shared syntax; the record re-checks it as plain levels. */
    @Property(tries = 3000)
    void validSharedSyntaxImpliesValidPlainLevels(@ForAll("topicish") String f) {
        if (Topics.checkTopicFilter(f, true) == null) {
            assertThat(Topics.checkTopicFilter(f, false)).isNull();
        }
    }

    /** A valid Topic Name is a valid Topic Filter that matches only itself (no wildcards, MQTT-3.3.2-2). */
    @Property(tries = 3000)
    void validTopicNameIsValidFilterWithoutWildcards(@ForAll("topicish") String t) {
        if (Topics.checkTopicName(t) == null) {
            assertThat(t).doesNotContain("+", "#");
            assertThat(Topics.checkTopicFilter(t, false)).isNull();
        }
    }
}
