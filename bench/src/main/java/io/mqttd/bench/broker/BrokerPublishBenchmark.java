package io.mqttd.bench.broker;

import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.server.broker.Broker;
import io.mqttd.mqtt.server.broker.BrokerSettings;
import io.mqttd.mqtt.server.broker.TimeSource;
import io.mqttd.mqtt.server.store.InMemoryBrokerStore;
import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker core's publish path in one thread, no network: a publisher's PUBLISH bytes go into
 * {@code onBytes}, are decoded, routed through the trie and written to each subscriber's
 * transport (which only counts bytes). {@code qos0FanOut}: QoS 0 to {@code subscribers}
 * subscribers. {@code qos1RoundTrip}: QoS 1 to one subscriber through the in-memory store
 * (enqueue, PUBLISH, PUBACK from the subscriber, PUBACK to the publisher): the store's commit
 * logic without disk. Reports ns per publish and, with {@code -prof gc}, bytes allocated per publish.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BrokerPublishBenchmark {

    @Param({"1", "100"})
    int subscribers;

    private Broker broker;
    private ScheduledExecutorService timers;
    private Client publisher;
    private Client qos1Subscriber;
    private final List<Client> clients = new ArrayList<>();
    private ByteBuffer qos0;
    private final ByteBuffer[] qos1 = new ByteBuffer[65535];
    private int nextId;

    /** A transport that runs its tasks inline and counts what the broker writes. */
    static final class Client implements MqttTransport {
        final MqttConnectionHandler handler;
        final MqttEncoder encoder = new MqttEncoder(ProtocolVersion.MQTT_5);
        long bytesWritten;
        /** Packet ids of QoS 1 PUBLISH packets to acknowledge, parsed from the fixed header. */
        final ArrayDeque<Integer> toAck = new ArrayDeque<>();
        boolean autoAck;

        Client(Broker broker) {
            handler = broker.connect(this);
        }

        void send(MqttPacket p) {
            handler.onBytes(encoder.encode(p));
        }

        @Override
        public void write(ByteBuffer b) {
            int first = b.get(b.position()) & 0xFF;
            if (autoAck && (first & 0xF0) == 0x30 && (first & 0x06) == 0x02) {
                // PUBLISH QoS 1: remaining length, topic length, topic, then the packet id.
                int p = b.position() + 1;
                while ((b.get(p) & 0x80) != 0) {
                    p++;
                }
                p++;
                int topicLength = (b.get(p) & 0xFF) << 8 | b.get(p + 1) & 0xFF;
                int id = (b.get(p + 2 + topicLength) & 0xFF) << 8 | b.get(p + 3 + topicLength) & 0xFF;
                toAck.add(id);
            }
            bytesWritten += b.remaining();
            b.position(b.limit());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return InetSocketAddress.createUnresolved("bench", 1);
        }

        @Override
        public String kind() {
            return "bench";
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        timers = Executors.newSingleThreadScheduledExecutor();
        broker = new Broker(BrokerSettings.defaults(), new InMemoryBrokerStore(), TimeSource.system(), timers);
        for (int i = 0; i < subscribers; i++) {
            Client c = new Client(broker);
            c.send(Connect.of(ProtocolVersion.MQTT_5, "sub" + i, true, 0));
            c.send(new Subscribe(1, List.of(Subscription.of("bench/+/x", Qos.AT_MOST_ONCE)), MqttProperties.EMPTY));
            clients.add(c);
        }
        qos1Subscriber = new Client(broker);
        qos1Subscriber.autoAck = true;
        qos1Subscriber.send(Connect.of(ProtocolVersion.MQTT_5, "qos1", true, 0));
        qos1Subscriber.send(new Subscribe(1, List.of(Subscription.of("q1/#", Qos.AT_LEAST_ONCE)), MqttProperties.EMPTY));
        publisher = new Client(broker);
        publisher.send(Connect.of(ProtocolVersion.MQTT_5, "pub", true, 0));
        byte[] payload = new byte[64];
        MqttEncoder enc = new MqttEncoder(ProtocolVersion.MQTT_5);
        qos0 = enc.encode(new Publish(false, Qos.AT_MOST_ONCE, false, "bench/a/x", 0, ByteBuffer.wrap(payload),
                MqttProperties.EMPTY));
        for (int i = 0; i < qos1.length; i++) {
            qos1[i] = enc.encode(new Publish(false, Qos.AT_LEAST_ONCE, false, "q1/a", i + 1, ByteBuffer.wrap(payload),
                    MqttProperties.EMPTY));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        broker.close();
        timers.shutdownNow();
    }

    @Benchmark
    public long qos0FanOut() {
        publisher.handler.onBytes(qos0.duplicate());
        return clients.get(0).bytesWritten;
    }

    @Benchmark
    public long qos1RoundTrip() {
        int i = nextId;
        nextId = i == qos1.length - 1 ? 0 : i + 1;
        publisher.handler.onBytes(qos1[i].duplicate());
        Integer id;
        while ((id = qos1Subscriber.toAck.poll()) != null) {
            qos1Subscriber.send(Puback.of(id));
        }
        return publisher.bytesWritten;
    }
}
