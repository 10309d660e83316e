package io.mqttd.mqtt.server.broker;

import static io.mqttd.mqtt.server.broker.Packets.publish;
import static io.mqttd.mqtt.server.broker.Packets.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Pingreq;
import io.mqttd.mqtt.codec.packet.Pingresp;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Peer bytes never break the broker (ARCHITECTURE.md, errors): random bytes, and valid sessions
 * with bytes flipped, truncated or split at random, end at worst in a DISCONNECT with a protocol
 * reason code, never in an exception out of {@code onBytes}, never in 0x83 (which the core only
 * sends when its own code failed), and another client is served afterwards.
 */
class HostileInputProperties {

    private static byte[] validSession(ProtocolVersion v) {
        MqttEncoder enc = new MqttEncoder(v);
        boolean v5 = v.isV5();
        MqttProperties alias = v5 ? MqttProperties.builder().put(MqttProperty.TOPIC_ALIAS, 1).build() : MqttProperties.EMPTY;
        List<MqttPacket> packets = List.of(Connect.of(v, "hostile", false, 30), subscribe(1, "a/#", Qos.EXACTLY_ONCE),
                Packets.publish("a/b", Qos.EXACTLY_ONCE, 2, "x", true, alias), Pubrel.of(2),
                publish("a/c", Qos.AT_LEAST_ONCE, 3, "y"), Puback.of(1), Pingreq.INSTANCE,
                new Unsubscribe(4, List.of("a/#"), MqttProperties.EMPTY), Disconnect.NORMAL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MqttPacket p : packets) {
            ByteBuffer b = enc.encode(p);
            out.write(b.array(), 0, b.remaining());
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<byte[]> mutatedSessions() {
        return Arbitraries.of(ProtocolVersion.MQTT_5, ProtocolVersion.MQTT_3_1_1).flatMap(v -> {
            byte[] valid = validSession(v);
            return Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(4)
                    .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                        byte[] m = valid.clone();
                        for (int i = 0; i < positions.size(); i++) {
                            m[positions.get(i)] = values.get(i);
                        }
                        return m;
                    }));
        });
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        // Mostly starting like a CONNECT, so that the random part reaches past the first byte.
        Arbitrary<byte[]> afterConnect = any.map(tail -> {
            byte[] head = validSession(ProtocolVersion.MQTT_5);
            int connectLength = 2 + (head[1] & 0xFF);
            byte[] m = new byte[connectLength + tail.length];
            System.arraycopy(head, 0, m, 0, connectLength);
            System.arraycopy(tail, 0, m, connectLength, tail.length);
            return m;
        });
        return Arbitraries.oneOf(any, afterConnect);
    }

    @Property(tries = 400)
    void mutatedSessionsNeverEscapeAsExceptions(@ForAll("mutatedSessions") byte[] bytes, @ForAll("chunk") int chunk) {
        feed(bytes, chunk);
    }

    @Property(tries = 400)
    void randomBytesNeverEscapeAsExceptions(@ForAll("randomBytes") byte[] bytes, @ForAll("chunk") int chunk) {
        feed(bytes, chunk);
    }

    @Provide
    Arbitrary<Integer> chunk() {
        return Arbitraries.of(1, 3, 7, 64, 100_000);
    }

    private static void feed(byte[] bytes, int chunk) {
        try (BrokerHarness h = new BrokerHarness(BrokerSettings.defaults().withTopicAliasMaximum(4))) {
            TestClient c = h.client(ProtocolVersion.MQTT_5);
            for (int i = 0; i < bytes.length; i += chunk) {
                c.sendRaw(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)).slice());
            }
            List<MqttPacket> got;
            try {
                got = c.take();
            } catch (AssertionError undecodable) {
                got = List.of(); // a 3.1.1 session's replies do not decode as 5.0; the point is no exception
            }
            assertThat(got).noneMatch(p -> p instanceof Disconnect d && d.reasonCode() == ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
            c.drop();
            TestClient healthy = h.connectV5("healthy");
            healthy.send(Pingreq.INSTANCE);
            assertThat(healthy.take()).containsExactly(Pingresp.INSTANCE);
        }
    }
}
