package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.property.MqttProperties;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The decoder's copy discipline: in place when whole, gathered once when split. */
class DecoderZeroCopyTest {
    private final MqttEncoder encoder = new MqttEncoder(ProtocolVersion.MQTT_5);

    @Test
    void decodesCompletePacketInPlaceSoPayloadIsASliceOfTheInput() throws Exception {
        Publish sent = new Publish(false, Qos.AT_LEAST_ONCE, false, "t", 1, ByteBuffer.wrap(new byte[] {1, 2, 3}),
                MqttProperties.EMPTY);
        ByteBuffer in = ByteBuffer.allocateDirect(encoder.encodedSize(sent));
        encoder.encode(sent, in);
        in.flip();
        Publish got = (Publish) MqttDecoder.forClient(ProtocolVersion.MQTT_5, 1000).decode(in);
        assertThat(got.payload().isDirect()).as("a copy would be a heap buffer").isTrue();
        assertThat(got.payload().isReadOnly()).isTrue();
        assertThat(got.payload().position()).isZero();
        assertThat(got.payload().get(0)).isEqualTo((byte) 1);
        in.put(in.limit() - 1, (byte) 9);
        assertThat(got.payloadBytes()).containsExactly(1, 2, 9);
        assertThat(got.withCopiedPayload().payload().isDirect()).isFalse();
    }

    @Test
    void splitPacketIsGatheredIntoItsOwnArraySoLaterInputCannotChangeIt() throws Exception {
        Publish sent = Publish.qos0("t", new byte[] {5, 6, 7});
        byte[] wire = PahoInteropTest.toArray(encoder.encode(sent));
        MqttDecoder d = MqttDecoder.forClient(ProtocolVersion.MQTT_5, 1000);
        ByteBuffer first = ByteBuffer.wrap(wire, 0, 4);
        assertThat(d.decode(first)).isNull();
        assertThat(d.hasPartialPacket()).isTrue();
        ByteBuffer rest = ByteBuffer.wrap(wire, 4, wire.length - 4);
        Publish got = (Publish) d.decode(rest);
        java.util.Arrays.fill(wire, (byte) 0);
        assertThat(got).isEqualTo(sent);
    }

    @Test
    void manyPacketsInOneChunkComeOutOneByOne() throws Exception {
        ByteBuffer in = ByteBuffer.allocate(64);
        for (int i = 1; i <= 3; i++) {
            encoder.encode(io.mqttd.mqtt.codec.packet.Puback.of(i), in);
        }
        in.flip();
        MqttDecoder d = MqttDecoder.forClient(ProtocolVersion.MQTT_5, 1000);
        assertThat(d.decode(in)).isEqualTo(io.mqttd.mqtt.codec.packet.Puback.of(1));
        assertThat(d.decode(in)).isEqualTo(io.mqttd.mqtt.codec.packet.Puback.of(2));
        assertThat(d.decode(in)).isEqualTo(io.mqttd.mqtt.codec.packet.Puback.of(3));
        assertThat(d.decode(in)).isNull();
    }
}
