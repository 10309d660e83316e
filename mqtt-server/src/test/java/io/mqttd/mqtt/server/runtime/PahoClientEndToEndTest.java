package io.mqttd.mqtt.server.runtime;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference server against the Eclipse Paho clients, MQTT 5 (mqttv5) and 3.1.1 (mqttv3). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PahoClientEndToEndTest {

    private InProcessBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = InProcessBroker.inMemory();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private String uri() {
        return "tcp://127.0.0.1:" + broker.port();
    }

    record Received(String topic, String payload, int qos, boolean retained) {
    }

    @Test
    void mqtt5PublishSubscribeAtEveryQos() throws Exception {
        BlockingQueue<Received> got = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttClient sub =
                new org.eclipse.paho.mqttv5.client.MqttClient(uri(), "paho5-sub", new MemoryPersistence());
        org.eclipse.paho.mqttv5.client.MqttClient pub =
                new org.eclipse.paho.mqttv5.client.MqttClient(uri(), "paho5-pub", new MemoryPersistence());
        try {
            sub.connect(new MqttConnectionOptions());
            sub.subscribe(new MqttSubscription[] {new MqttSubscription("paho/#", 2)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) ->
                        got.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(),
                                m.isRetained()))});
            pub.connect(new MqttConnectionOptions());
            for (int qos = 0; qos <= 2; qos++) {
                MqttMessage m = new MqttMessage(("q" + qos).getBytes(StandardCharsets.UTF_8));
                m.setQos(qos);
                pub.publish("paho/" + qos, m);
            }
            for (int qos = 0; qos <= 2; qos++) {
                Received r = got.poll(10, TimeUnit.SECONDS);
                assertThat(r).isEqualTo(new Received("paho/" + qos, "q" + qos, qos, false));
            }
        } finally {
            pub.disconnect();
            sub.disconnect();
            pub.close();
            sub.close();
        }
    }

    @Test
    void mqtt311RetainedAndQos2() throws Exception {
        MqttClient pub = new MqttClient(uri(), "paho3-pub", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttClient sub = new MqttClient(uri(), "paho3-sub", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        try {
            pub.connect(o);
            pub.publish("p3/retained", "kept".getBytes(StandardCharsets.UTF_8), 1, true);
            BlockingQueue<Received> got = new LinkedBlockingQueue<>();
            sub.connect(o);
            sub.subscribe("p3/#", 2, (topic, m) ->
                    got.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(),
                            m.isRetained())));
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo(new Received("p3/retained", "kept", 1, true));
            pub.publish("p3/live", "two".getBytes(StandardCharsets.UTF_8), 2, false);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo(new Received("p3/live", "two", 2, false));
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).as("QoS 2 arrives once").isNull();
        } finally {
            for (MqttClient c : List.of(pub, sub)) {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            }
        }
    }
}
