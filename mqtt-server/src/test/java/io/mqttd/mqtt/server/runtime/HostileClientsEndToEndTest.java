package io.mqttd.mqtt.server.runtime;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttd.mqtt.server.net.ListenerCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad and hostile clients against the in-process reference server while a well-behaved HiveMQ
 * client (the canary) does QoS 1 round trips throughout: malformed and oversize packets, a client
 * that never sends CONNECT, a subscriber that never reads, 10,000 connections opened and dropped.
 * None of them may stop the canary or crash the server (ARCHITECTURE.md: one bad peer never hurts
 * another connection).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileClientsEndToEndTest {

    private static final int MAX_PACKET = 8 * 1024;

    private InProcessBroker broker;
    private Canary canary;

    @BeforeEach
    void start() throws Exception {
        broker = InProcessBroker.start(null, c -> c
                .withBroker(c.broker().withMaximumPacketSize(MAX_PACKET))
                .withConnectionLimits(c.connectionLimits().withConnectTimeout(Duration.ofMillis(500))));
        canary = new Canary(broker.port());
        canary.start();
        canary.awaitRoundTrips(1);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            canary.stopAndCheck();
        } finally {
            broker.close();
        }
    }

    /** Publishes QoS 1 to itself in a loop; any failure or lost message is recorded. */
    static final class Canary extends Thread {
        private final Mqtt5BlockingClient client;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger roundTrips = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();

        Canary(int port) {
            super("canary");
            client = MqttClient.builder().useMqttVersion5().identifier("canary")
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            setDaemon(true);
        }

        @Override
        public void run() {
            try (Mqtt5BlockingClient.Mqtt5Publishes in = client.publishes(MqttGlobalPublishFilter.ALL)) {
                client.connect();
                client.subscribeWith().topicFilter("canary").qos(MqttQos.AT_LEAST_ONCE).send();
                int i = 0;
                while (running.get()) {
                    String payload = "c" + i++;
                    client.publishWith().topic("canary").qos(MqttQos.AT_LEAST_ONCE)
                            .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
                    Optional<Mqtt5Publish> p = in.receive(30, TimeUnit.SECONDS);
                    if (p.isEmpty()) {
                        failures.add("round trip " + payload + " got nothing within 30 s");
                        return;
                    }
                    String got = new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
                    if (!got.equals(payload)) {
                        failures.add("expected " + payload + " got " + got);
                        return;
                    }
                    roundTrips.incrementAndGet();
                    Thread.sleep(5);
                }
                client.disconnect();
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }

        void awaitRoundTrips(int more) throws InterruptedException {
            int target = roundTrips.get() + more;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (roundTrips.get() < target && failures.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(failures).isEmpty();
            assertThat(roundTrips.get()).as("canary round trips").isGreaterThanOrEqualTo(target);
        }

        void stopAndCheck() throws InterruptedException {
            awaitRoundTrips(1);
            running.set(false);
            join(60_000);
            assertThat(failures).isEmpty();
        }
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", broker.port());
        s.setSoTimeout(20_000);
        return s;
    }

    /** Reads until the server closes; returns the bytes it sent. */
    private static byte[] readUntilClosed(Socket s) throws IOException {
        try {
            return s.getInputStream().readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server kept the connection open", e);
        } catch (IOException reset) {
            return new byte[0];
        }
    }

    /** Reads one packet: first byte and body. */
    private static byte[] readPacket(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int first = d.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = d.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] packet = new byte[length + 1];
        packet[0] = (byte) first;
        d.readFully(packet, 1, length);
        return packet;
    }

    @Test
    void closesConnectionsThatSendGarbageOrMalformedPackets_4_13() throws Exception {
        Random random = new Random(20261121);
        for (int i = 0; i < 200; i++) {
            try (Socket s = socket()) {
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    s.getOutputStream().write(RawMqtt.connect("junk" + i));
                    assertThat(readPacket(s.getInputStream())[0]).as("CONNACK").isEqualTo((byte) 0x20);
                    // A packet type with reserved flags set is Malformed whatever follows (§2.1.3).
                    junk[0] = (byte) 0x31 | 0x06;
                } else if (junk[0] == 0x10) {
                    junk[0] = (byte) 0xF0;
                }
                s.getOutputStream().write(junk);
                s.shutdownOutput();
                readUntilClosed(s);
            }
        }
        canary.awaitRoundTrips(3);
    }

    @Test
    void refusesAPacketOverTheMaximumPacketSizeWithReasonCode0x95_3_2_2_3_6() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(RawMqtt.connect("big"));
            byte[] connack = readPacket(s.getInputStream());
            assertThat(connack[0]).isEqualTo((byte) 0x20);
            s.getOutputStream().write(RawMqtt.publishQos0("big", new byte[MAX_PACKET * 4]));
            byte[] rest = readUntilClosed(s);
            assertThat(rest).as("DISCONNECT before close").isNotEmpty();
            assertThat(rest[0]).isEqualTo((byte) 0xE0);
            assertThat(rest[2]).as("Packet too large").isEqualTo((byte) 0x95);
        }
        canary.awaitRoundTrips(3);
    }

    @Test
    void closesAClientThatNeverSendsConnect_3_1_4() throws Exception {
        ListenerCounters counters = broker.server.listeners().get(0).counters();
        long before = counters.connectTimeouts();
        try (Socket silent = socket(); Socket trickle = socket()) {
            trickle.getOutputStream().write(RawMqtt.connect("slowloris"), 0, 6);
            assertThat(silent.getInputStream().read()).as("silent connection closed").isEqualTo(-1);
            assertThat(readUntilClosed(trickle)).as("trickling connection closed without CONNACK").isEmpty();
        }
        assertThat(counters.connectTimeouts() - before).isEqualTo(2);
        canary.awaitRoundTrips(3);
    }

    @Test
    void aSubscriberThatStopsReadingDoesNotStallOthers() throws Exception {
        Mqtt5BlockingClient pub = MqttClient.builder().useMqttVersion5().identifier("flooder")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        try (Socket stuck = socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.getOutputStream().write(RawMqtt.connect("stuck"));
            readPacket(stuck.getInputStream());
            stuck.getOutputStream().write(RawMqtt.subscribe("flood/#", 0));
            assertThat(readPacket(stuck.getInputStream())[0]).as("SUBACK").isEqualTo((byte) 0x90);
            // From here on the stuck subscriber reads nothing.
            pub.connect();
            byte[] payload = new byte[2048];
            for (int i = 0; i < 20_000; i++) {
                pub.publishWith().topic("flood/x").qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
            }
            pub.publishWith().topic("flood/x").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
            canary.awaitRoundTrips(5);
            assertThat(broker.server.broker().stats().dropped())
                    .as("QoS 0 messages for the congested subscriber were dropped, not buffered without bound")
                    .isPositive();
        } finally {
            pub.disconnect();
        }
    }

    @Test
    void survivesTenThousandConnectionsOpenedAndDropped() throws Exception {
        ListenerCounters counters = broker.server.listeners().get(0).counters();
        long acceptedBefore = counters.accepted();
        int total = 10_000;
        int batch = 500;
        for (int done = 0; done < total; done += batch) {
            List<Socket> open = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                Socket s = new Socket("127.0.0.1", broker.port());
                if (i % 2 == 0) {
                    s.getOutputStream().write(RawMqtt.connect("churn-" + (done + i)));
                }
                if (i % 3 == 0) {
                    s.setSoLinger(true, 0); // RST instead of FIN
                }
                open.add(s);
            }
            for (Socket s : open) {
                s.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counters.accepted() - acceptedBefore < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counters.accepted() - acceptedBefore).isEqualTo(total);
        while (counters.open() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counters.open()).as("only the canary is left").isEqualTo(1);
        canary.awaitRoundTrips(3);
        assertThat(broker.server.broker().stats().connections()).isEqualTo(1);
    }
}
