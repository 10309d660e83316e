package io.mqttd.mqtt.server.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValuesProperties {

    @Property(tries = 200)
    void anyTextIsAValueOrAConfigException(@ForAll String text) {
        for (Runnable parse : new Runnable[] {
            () -> ConfigValues.duration(text), () -> ConfigValues.size(text), () -> ConfigValues.integer(text),
            () -> ConfigValues.bool(text), () -> ConfigValues.enumValue(java.time.DayOfWeek.class, text)}) {
            try {
                parse.run();
            } catch (ConfigException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Property(tries = 100)
    void sizesInKiBAreTimes1024(@ForAll @IntRange(min = 0, max = 2_000_000) int n) {
        assertThat(ConfigValues.size(n + "KiB")).isEqualTo(n * 1024);
        assertThat(ConfigValues.size(Integer.toString(n))).isEqualTo(n);
    }

    @Test
    void durationsNeedAUnit() {
        assertThat(ConfigValues.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigValues.duration("10 s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigValues.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConfigValues.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ConfigValues.duration("10")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConfigValues.duration("-1s")).isInstanceOf(ConfigException.class);
    }

    @Test
    void rejectsSizesBeyondAnInt() {
        assertThatThrownBy(() -> ConfigValues.size("4096MiB")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConfigValues.integer("99999999999")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConfigValues.integer("١٢")).isInstanceOf(ConfigException.class);
    }
}
