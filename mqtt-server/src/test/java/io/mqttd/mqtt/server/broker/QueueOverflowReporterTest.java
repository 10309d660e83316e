package io.mqttd.mqtt.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.server.store.OverflowPolicy;
import io.mqttd.mqtt.server.store.QueueOverflow;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueOverflowReporterTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Logger logger = Logger.getLogger(Broker.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private long now = 1_000;

    QueueOverflowReporterTest() {
        logger.addHandler(capture);
    }

    @AfterEach
    void detach() {
        logger.removeHandler(capture);
    }

    private static QueueOverflow overflow(String client, long seq) {
        return new QueueOverflow(client, OverflowPolicy.DROP_OLDEST, seq);
    }

    @Test
    void logsTheFirstOverflowAtOnceThenAtMostOneSummaryPerInterval() {
        QueueOverflowReporter reporter = new QueueOverflowReporter(() -> now, 10_000);
        reporter.report(List.of(overflow("a", 7)));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getMessage()).contains("1 message(s)", "client a", "DROP_OLDEST", "older message");

        now += 5_000;
        reporter.report(List.of(overflow("b", 8), overflow("c", QueueOverflow.NEW_MESSAGE)));
        assertThat(records).as("within the interval: summed, not logged").hasSize(1);

        now += 5_000;
        reporter.report(List.of(overflow("d", 9)));
        assertThat(records).hasSize(2);
        assertThat(records.get(1).getMessage()).contains("3 message(s)", "client d");
    }

    @Test
    void staysQuietWithoutOverflows() {
        new QueueOverflowReporter(() -> now, 10_000).report(List.of());
        assertThat(records).isEmpty();
    }
}
