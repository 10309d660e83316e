package io.mqttd.mqtt.server.net;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one listener has seen, for logs, metrics and tests. Updated from every event loop, read from
 * anywhere; {@link LongAdder}s so that busy loops do not contend on one cache line.
 */
public final class ListenerCounters {

    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder connectTimeouts = new LongAdder();
    private final LongAdder readPauses = new LongAdder();

    void opened() {
        opened.increment();
    }

    void closed() {
        closed.increment();
    }

    void received(int bytes) {
        bytesReceived.add(bytes);
    }

    void connectTimedOut() {
        connectTimeouts.increment();
    }

    void readPaused() {
        readPauses.increment();
    }

    /** Connections accepted since start. */
    public long accepted() {
        return opened.sum();
    }

    /** Connections open now. */
    public long open() {
        return opened.sum() - closed.sum();
    }

    /** Bytes read from all connections since start. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Connections closed because their first packet was not complete in time. */
    public long connectTimeouts() {
        return connectTimeouts.sum();
    }

    /** How often a connection stopped being read because its peer did not take our bytes. */
    public long readPauses() {
        return readPauses.sum();
    }

    @Override
    public String toString() {
        return "accepted=" + accepted() + " open=" + open() + " bytesReceived=" + bytesReceived()
                + " connectTimeouts=" + connectTimeouts() + " readPauses=" + readPauses();
    }
}
