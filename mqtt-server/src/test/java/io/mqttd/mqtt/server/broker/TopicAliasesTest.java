package io.mqttd.mqtt.server.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicAliasesTest {

    @Test
    void acceptsOnlyAliasesFromOneToTheAnnouncedMaximum_MQTT_3_3_2_8_and_9() {
        TopicAliases aliases = new TopicAliases(10);
        assertThat(aliases.isValid(0)).isFalse();
        assertThat(aliases.isValid(1)).isTrue();
        assertThat(aliases.isValid(10)).isTrue();
        assertThat(aliases.isValid(11)).isFalse();
    }

    @Test
    void mapsAndRemapsAliases_3_3_2_3_4() {
        TopicAliases aliases = new TopicAliases(65535);
        assertThat(aliases.resolve(65535)).isNull();
        aliases.put(65535, "a/b");
        aliases.put(3, "c");
        assertThat(aliases.resolve(65535)).isEqualTo("a/b");
        assertThat(aliases.resolve(3)).isEqualTo("c");
        aliases.put(3, "d");
        assertThat(aliases.resolve(3)).isEqualTo("d");
        assertThat(aliases.resolve(4)).isNull();
    }

    @Test
    void refusesAMaximumOutsideTheProtocolRange() {
        assertThatThrownBy(() -> new TopicAliases(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicAliases(65536)).isInstanceOf(IllegalArgumentException.class);
    }
}
