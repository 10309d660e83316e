package io.mqttd.bench.broker.load;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.property.MqttProperties;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one {@link LoadSpec} against a broker: subscribers connect and subscribe first, then every
 * publisher starts on one signal. A publisher writes pre-encoded PUBLISH packets, patching the
 * packet identifier and an 8-byte {@link System#nanoTime()} stamp at the start of the payload;
 * subscribers acknowledge per QoS and record latency from that stamp (same host, same clock).
 * The run ends when every expected delivery arrived, or when none arrived for
 * {@code idleSeconds} after the publishers finished (QoS 0 may be dropped under overload).
 */
final class LoadRun {

    private static final int BATCH_BYTES = 64 * 1024;

    private final InetSocketAddress broker;
    private final LoadSpec spec;
    private final int idleSeconds;

    LoadRun(InetSocketAddress broker, LoadSpec spec, int idleSeconds) {
        this.broker = broker;
        this.spec = spec;
        this.idleSeconds = idleSeconds;
    }

    LoadResult run(String brokerName) throws Exception {
        List<SubscriberLoop> subs = new ArrayList<>();
        List<PublisherLoop> pubs = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        String runId = Long.toString(System.nanoTime(), 36);
        try {
            for (int i = 0; i < spec.subscribers(); i++) {
                LoadConnection c = LoadConnection.open(broker, "sub-" + runId + "-" + i);
                c.subscribe(spec.filterOfSubscriber(i), spec.qos());
                subs.add(new SubscriberLoop(c, spec.qos(), (int) Math.min(spec.expectedPerSubscriber(), 50_000_000)));
            }
            for (int i = 0; i < spec.publishers(); i++) {
                LoadConnection c = LoadConnection.open(broker, "pub-" + runId + "-" + i);
                pubs.add(new PublisherLoop(c, spec, spec.topicOfPublisher(i), start));
            }
            subs.forEach(Thread::start);
            pubs.forEach(Thread::start);
            long t0 = System.nanoTime();
            start.countDown();

            long expected = spec.expectedTotal();
            long lastTotal = -1;
            long lastProgress = System.nanoTime();
            while (true) {
                Thread.sleep(20);
                long total = subs.stream().mapToLong(s -> s.received.get()).sum();
                boolean publishersDone = pubs.stream().noneMatch(Thread::isAlive);
                if (total >= expected) {
                    break;
                }
                if (total != lastTotal) {
                    lastTotal = total;
                    lastProgress = System.nanoTime();
                } else if (publishersDone && System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(idleSeconds)) {
                    break;
                }
                for (PublisherLoop p : pubs) {
                    if (p.failure != null) {
                        throw new IOException("publisher failed", p.failure);
                    }
                }
                for (SubscriberLoop s : subs) {
                    if (s.failure != null) {
                        throw new IOException("subscriber failed", s.failure);
                    }
                }
            }
            long received = subs.stream().mapToLong(s -> s.received.get()).sum();
            long last = subs.stream().mapToLong(s -> s.lastReceiveNanos).max().orElse(t0);
            long sent = pubs.stream().mapToLong(p -> p.sent).sum();
            long[] latencies = LatencyRecorder.merged(subs.stream().map(s -> s.latencies).toList());
            return new LoadResult(brokerName, spec, sent, expected, received, Math.max(1, last - t0) / 1e9,
                    LatencyRecorder.quantile(latencies, 0.50) / 1e3, LatencyRecorder.quantile(latencies, 0.99) / 1e3);
        } finally {
            for (PublisherLoop p : pubs) {
                p.interrupt();
                p.connection.close();
            }
            for (SubscriberLoop s : subs) {
                s.connection.close();
            }
            for (Thread t : pubs) {
                t.join(5000);
            }
            for (Thread t : subs) {
                t.join(5000);
            }
        }
    }

    /** Reads PUBLISH packets, acknowledges per QoS, records latency. */
    static final class SubscriberLoop extends Thread {
        final LoadConnection connection;
        final int qos;
        final AtomicLong received = new AtomicLong();
        final LatencyRecorder latencies;
        volatile long lastReceiveNanos;
        volatile Throwable failure;
        private final ByteBuffer acks = ByteBuffer.allocate(BATCH_BYTES);

        SubscriberLoop(LoadConnection connection, int qos, int expected) {
            super("load-sub");
            this.connection = connection;
            this.qos = qos;
            this.latencies = new LatencyRecorder(expected);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    connection.pump(this::onPacket);
                    if (acks.position() > 0) {
                        connection.write(acks.flip());
                        acks.clear();
                    }
                }
            } catch (IOException e) {
                if (connection.channel.isOpen()) {
                    failure = e;
                }
            }
        }

        private void onPacket(MqttPacket p) throws IOException {
            if (p instanceof Publish pub) {
                long now = System.nanoTime();
                latencies.record(now - pub.payload().getLong(0));
                lastReceiveNanos = now;
                received.incrementAndGet();
                if (pub.qos() == Qos.AT_LEAST_ONCE) {
                    ack(0x40, pub.packetId());
                } else if (pub.qos() == Qos.EXACTLY_ONCE) {
                    ack(0x50, pub.packetId());
                }
            } else if (p instanceof Pubrel rel) {
                ack(0x70, rel.packetId());
            }
        }

        /** PUBACK / PUBREC / PUBCOMP in the short form of MQTT 5.0 §3.4.2.1: Success, no properties. */
        private void ack(int firstByte, int packetId) throws IOException {
            if (acks.remaining() < 4) {
                connection.write(acks.flip());
                acks.clear();
            }
            acks.put((byte) firstByte).put((byte) 2).putShort((short) packetId);
        }
    }

    /** Writes its messages as fast as the window (QoS 1/2) or the socket (QoS 0) allows. */
    static final class PublisherLoop extends Thread {
        final LoadConnection connection;
        private final LoadSpec spec;
        private final CountDownLatch start;
        private final byte[] template;
        private final int idOffset;
        private final int stampOffset;
        private final Semaphore window;
        volatile long sent;
        volatile Throwable failure;

        PublisherLoop(LoadConnection connection, LoadSpec spec, String topic, CountDownLatch start) {
            super("load-pub");
            this.connection = connection;
            this.spec = spec;
            this.start = start;
            Qos q = Qos.of(spec.qos());
            ByteBuffer encoded = connection.encoder.encode(new Publish(false, q, false, topic, q == Qos.AT_MOST_ONCE ? 0 : 1,
                    ByteBuffer.allocate(spec.payloadBytes()), MqttProperties.EMPTY));
            template = new byte[encoded.remaining()];
            encoded.get(template);
            stampOffset = template.length - spec.payloadBytes();
            // Packet Identifier, then Property Length 0 (§3.3.2): just before the payload.
            idOffset = stampOffset - 3;
            // MQTT-3.3.4-9: never more unacknowledged QoS 1/2 PUBLISH packets than the broker's Receive Maximum.
            window = new Semaphore(Math.min(spec.window(), connection.receiveMaximum));
            setDaemon(true);
        }

        @Override
        public void run() {
            Thread acks = null;
            try {
                if (spec.qos() > 0) {
                    acks = new Thread(this::readAcks, "load-pub-acks");
                    acks.setDaemon(true);
                    acks.start();
                }
                start.await();
                ByteBuffer batch = ByteBuffer.allocate(Math.max(BATCH_BYTES, template.length));
                int id = 0;
                long n = spec.messagesPerPublisher();
                long done = 0;
                while (done < n) {
                    int room = batch.capacity() / template.length;
                    int take = (int) Math.min(Math.max(1, room), n - done);
                    if (spec.qos() > 0) {
                        window.acquire();
                        int more = Math.min(take - 1, window.availablePermits());
                        if (more > 0 && window.tryAcquire(more)) {
                            take = more + 1;
                        } else {
                            take = 1;
                        }
                    }
                    batch.clear();
                    long stamp = System.nanoTime();
                    for (int k = 0; k < take; k++) {
                        int at = batch.position();
                        batch.put(template);
                        batch.putLong(at + stampOffset, stamp);
                        if (spec.qos() > 0) {
                            id = id == 65535 ? 1 : id + 1;
                            batch.putShort(at + idOffset, (short) id);
                        }
                    }
                    connection.write(batch.flip());
                    done += take;
                    sent = done;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                if (connection.channel.isOpen()) {
                    failure = e;
                }
            }
        }

        private void readAcks() {
            ByteBuffer rel = ByteBuffer.allocate(4);
            try {
                while (true) {
                    connection.pump(p -> {
                        if (p instanceof Puback || p instanceof Pubcomp) {
                            window.release();
                        } else if (p instanceof Pubrec rec) {
                            rel.clear();
                            rel.put((byte) 0x62).put((byte) 2).putShort((short) rec.packetId()).flip();
                            connection.write(rel);
                        }
                    });
                }
            } catch (IOException e) {
                if (connection.channel.isOpen()) {
                    failure = e;
                }
            }
        }
    }
}
