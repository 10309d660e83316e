package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.server.store.BrokerStore;
import io.mqttd.mqtt.server.store.InMemoryBrokerStore;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * Drives a {@link Broker} deterministically in one thread: every connection's executor is one
 * task queue that {@link #drain} runs to exhaustion, time is a {@link ManualScheduler}, and
 * clients speak real codec bytes.
 */
final class BrokerHarness implements AutoCloseable {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Executor executor = queue::add;
    final ManualScheduler scheduler;
    private final BrokerStore store;
    private Broker broker;

    BrokerHarness() {
        this(BrokerSettings.defaults(), new InMemoryBrokerStore());
    }

    BrokerHarness(BrokerSettings settings) {
        this(settings, new InMemoryBrokerStore());
    }

    BrokerHarness(BrokerSettings settings, BrokerStore store) {
        this(settings, store, 1_000_000L);
    }

    /** A broker whose clock starts at {@code startMillis}: a restart later than the previous run. */
    BrokerHarness(BrokerSettings settings, BrokerStore store, long startMillis) {
        this.scheduler = new ManualScheduler(startMillis);
        this.store = store;
        this.broker = new Broker(settings, store, scheduler, scheduler);
        drain();
    }

    Broker broker() {
        return broker;
    }

    BrokerStore store() {
        return store;
    }

    Executor executor() {
        return executor;
    }

    void drain() {
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
        }
    }

    /** Advances the virtual clock, running due timers and whatever they post. */
    void advanceSeconds(double seconds) {
        drain();
        scheduler.advance((long) (seconds * 1000), this::drain);
        drain();
    }

    TestClient client(ProtocolVersion version) {
        return new TestClient(this, version);
    }

    /** A client that sent CONNECT and got a successful CONNACK. */
    TestClient connect(Connect connect) {
        TestClient c = client(connect.protocolVersion());
        c.send(connect);
        List<MqttPacket> got = c.take();
        if (got.isEmpty() || !(got.get(0) instanceof Connack ack) || ack.reasonCode() != ReasonCode.SUCCESS) {
            throw new AssertionError("expected a successful CONNACK first, got " + got);
        }
        c.pushBack(got.subList(1, got.size()));
        return c;
    }

    TestClient connectV5(String clientId) {
        return connect(Connect.of(ProtocolVersion.MQTT_5, clientId, true, 0));
    }

    /**
     * Closes the broker. {@link Broker#close} waits for the connections' executors, which here
     * is this thread's queue: it runs on another thread while this one drains.
     */
    @Override
    public void close() {
        Thread closer = new Thread(broker::close, "broker-close");
        closer.start();
        while (closer.isAlive()) {
            drain();
            Thread.onSpinWait();
        }
        drain();
    }
}
