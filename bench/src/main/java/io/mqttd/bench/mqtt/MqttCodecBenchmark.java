package io.mqttd.bench.mqtt;

import io.mqttd.mqtt.codec.MqttDecodeException;
import io.mqttd.mqtt.codec.MqttDecoder;
import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MQTT 5.0 codec hot paths: a QoS 1 PUBLISH with a 100-byte payload and three properties (Message
 * Expiry Interval, Content Type, one User Property), and a SUBSCRIBE with 10 Topic Filters. Encode
 * writes into a reused buffer; decode reads a whole packet from the caller's buffer (the in-place
 * path a socket read of a complete packet takes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MqttCodecBenchmark {
    private final MqttEncoder encoder = new MqttEncoder(ProtocolVersion.MQTT_5);
    private MqttDecoder decoder;
    private Publish publish;
    private Subscribe subscribe;
    private ByteBuffer out;
    private ByteBuffer publishWire;
    private ByteBuffer subscribeWire;

    @Setup
    public void setup() {
        MqttProperties props = MqttProperties.builder()
                .put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 3600)
                .put(MqttProperty.CONTENT_TYPE, "application/json")
                .addUserProperty("trace-id", "4bf92f3577b34da6")
                .build();
        publish = new Publish(false, Qos.AT_LEAST_ONCE, false, "sensors/building-7/floor-3/temperature", 4711,
                ByteBuffer.wrap(new byte[100]), props);
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            subs.add(Subscription.of("devices/+/group-" + i + "/#", Qos.AT_LEAST_ONCE));
        }
        subscribe = new Subscribe(17, subs, MqttProperties.EMPTY);
        out = ByteBuffer.allocateDirect(4096);
        publishWire = encoder.encode(publish);
        subscribeWire = encoder.encode(subscribe);
        decoder = MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET);
    }

    @Benchmark
    public int encodePublish() {
        out.clear();
        encoder.encode(publish, out);
        return out.position();
    }

    @Benchmark
    public MqttPacket decodePublish() throws MqttDecodeException {
        publishWire.rewind();
        return decoder.decode(publishWire);
    }

    @Benchmark
    public int encodeSubscribe10() {
        out.clear();
        encoder.encode(subscribe, out);
        return out.position();
    }

    @Benchmark
    public MqttPacket decodeSubscribe10() throws MqttDecodeException {
        subscribeWire.rewind();
        return decoder.decode(subscribeWire);
    }
}
