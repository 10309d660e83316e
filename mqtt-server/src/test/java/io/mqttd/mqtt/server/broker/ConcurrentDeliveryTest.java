package io.mqttd.mqtt.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.MqttDecodeException;
import io.mqttd.mqtt.codec.MqttDecoder;
import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.packet.Suback;
import io.mqttd.mqtt.server.store.BrokerStore;
import io.mqttd.mqtt.server.store.Durability;
import io.mqttd.mqtt.server.store.InMemoryBrokerStore;
import io.mqttd.mqtt.server.store.RocksDbBrokerStore;
import io.mqttd.mqtt.server.store.StoreConfig;
import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker under real threads, as a listener drives it: each connection on one of several
 * single-threaded executors (event loops), several publishers at once, store commits completing
 * on the store's own thread. Every QoS 1/2 message reaches every subscriber, and none twice
 * without DUP. Bounded waits only guard against a hang; nothing here measures time.
 */
class ConcurrentDeliveryTest {
    @TempDir
    Path dir;

    /** A client on an event loop; it answers QoS 1/2 at once, as a client library would. */
    static final class LoopClient implements MqttTransport {
        final ExecutorService loop;
        final MqttConnectionHandler handler;
        final MqttEncoder encoder = new MqttEncoder(ProtocolVersion.MQTT_5);
        final MqttDecoder decoder = MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET);
        final Map<String, AtomicInteger> nonDup = new ConcurrentHashMap<>();
        final AtomicInteger acks = new AtomicInteger();
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch subscribed = new CountDownLatch(1);
        final List<String> errors = new ArrayList<>();

        LoopClient(Broker broker, ExecutorService loop) throws InterruptedException {
            this.loop = loop;
            CountDownLatch created = new CountDownLatch(1);
            MqttConnectionHandler[] h = new MqttConnectionHandler[1];
            loop.execute(() -> {
                h[0] = broker.connect(this);
                created.countDown();
            });
            created.await();
            this.handler = h[0];
        }

        void send(MqttPacket p) {
            ByteBuffer b = encoder.encode(p);
            loop.execute(() -> handler.onBytes(b));
        }

        @Override
        public void write(ByteBuffer bytes) {
            try {
                MqttPacket p;
                while ((p = decoder.decode(bytes)) != null) {
                    onPacket(p);
                }
            } catch (MqttDecodeException e) {
                synchronized (errors) {
                    errors.add(e.toString());
                }
            }
        }

        private void onPacket(MqttPacket p) {
            if (p instanceof Connack) {
                connected.countDown();
            } else if (p instanceof Suback) {
                subscribed.countDown();
            } else if (p instanceof Publish pub) {
                if (!pub.dup()) {
                    nonDup.computeIfAbsent(Packets.text(pub), k -> new AtomicInteger()).incrementAndGet();
                }
                // Answers are handed to the loop, like bytes arriving from the network.
                if (pub.qos() == Qos.AT_LEAST_ONCE) {
                    send(Puback.of(pub.packetId()));
                } else if (pub.qos() == Qos.EXACTLY_ONCE) {
                    send(Pubrec.of(pub.packetId()));
                }
            } else if (p instanceof Pubrel rel) {
                send(Pubcomp.of(rel.packetId()));
            } else if (p instanceof Puback || p instanceof Pubcomp) {
                acks.incrementAndGet();
            } else if (p instanceof Pubrec rec) {
                send(Pubrel.of(rec.packetId()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            loop.execute(handler::onTransportClosed);
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return InetSocketAddress.createUnresolved("loop", 1);
        }

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return loop;
        }
    }

    @Test
    void concurrentPublishersReachEverySubscriberExactlyOnce_inMemory() throws Exception {
        run(new InMemoryBrokerStore());
    }

    @Test
    void concurrentPublishersReachEverySubscriberExactlyOnce_rocksDbGroupCommit() throws Exception {
        run(RocksDbBrokerStore.open(StoreConfig.defaults().withDataDirectory(dir).withDurability(Durability.GROUP_COMMIT)));
    }

    private void run(BrokerStore store) throws Exception {
        int loops = 4;
        int publishers = 4;
        int subscribers = 3;
        int perPublisher = 150;
        List<ExecutorService> eventLoops = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            eventLoops.add(Executors.newSingleThreadExecutor());
        }
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Broker broker = new Broker(BrokerSettings.defaults(), store, TimeSource.system(), timers);
        try {
            List<LoopClient> subs = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                LoopClient c = new LoopClient(broker, eventLoops.get(i % loops));
                c.send(Packets.connect("sub" + i, false, 3600));
                assertThat(c.connected.await(30, TimeUnit.SECONDS)).isTrue();
                c.send(Packets.subscribe(1, "load/#", i == 0 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE));
                assertThat(c.subscribed.await(30, TimeUnit.SECONDS)).isTrue();
                subs.add(c);
            }
            List<LoopClient> pubs = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                LoopClient c = new LoopClient(broker, eventLoops.get((p + 1) % loops));
                c.send(Packets.connect("pub" + p, true, 0));
                assertThat(c.connected.await(30, TimeUnit.SECONDS)).isTrue();
                pubs.add(c);
            }
            for (int n = 0; n < perPublisher; n++) {
                for (int p = 0; p < publishers; p++) {
                    Qos q = n % 2 == 0 ? Qos.AT_LEAST_ONCE : Qos.EXACTLY_ONCE;
                    pubs.get(p).send(Packets.publish("load/" + p, q, n % 60000 + 1, "p" + p + "-" + n));
                }
            }
            int total = publishers * perPublisher;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !(subs.stream().allMatch(s -> s.nonDup.size() == total)
                    && pubs.stream().mapToInt(p -> p.acks.get()).sum() == total)) {
                Thread.sleep(20);
            }
            for (LoopClient s : subs) {
                assertThat(s.errors).isEmpty();
                assertThat(s.nonDup).hasSize(total);
                assertThat(s.nonDup.values()).allMatch(n -> n.get() == 1);
            }
            assertThat(pubs.stream().mapToInt(p -> p.acks.get()).sum()).isEqualTo(total);
        } finally {
            broker.close();
            timers.shutdownNow();
            for (ExecutorService e : eventLoops) {
                e.shutdownNow();
            }
        }
    }
}
