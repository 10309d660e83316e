package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.server.store.QueueOverflow;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs that offline queues overflowed. What a full queue does is a configured policy
 * ({@code OverflowPolicy}: drop the newest or the oldest message); an operator must still learn that
 * messages were dropped. A broker under a flood can overflow thousands of times a second, so the
 * first overflow is logged at once and later ones are summed into at most one line per interval.
 */
final class QueueOverflowReporter {
    private static final Logger LOG = Logger.getLogger(Broker.class.getName());

    private final TimeSource time;
    private final long intervalMillis;
    private long nextReportAt = Long.MIN_VALUE;
    private long unreported;

    QueueOverflowReporter(TimeSource time, long intervalMillis) {
        this.time = time;
        this.intervalMillis = intervalMillis;
    }

    /** Called with the overflows of one commit; thread-safe. */
    void report(List<QueueOverflow> overflows) {
        if (overflows.isEmpty()) {
            return;
        }
        String line;
        synchronized (this) {
            long now = time.nowMillis();
            unreported += overflows.size();
            if (now < nextReportAt) {
                return;
            }
            QueueOverflow last = overflows.get(overflows.size() - 1);
            line = unreported + " message(s) dropped from full offline queues since the last report; latest: client "
                    + last.clientId() + ", policy " + last.policy()
                    + (last.droppedNewMessage() ? ", the new message dropped" : ", an older message dropped");
            unreported = 0;
            nextReportAt = now + intervalMillis;
        }
        LOG.log(Level.WARNING, line);
    }
}
