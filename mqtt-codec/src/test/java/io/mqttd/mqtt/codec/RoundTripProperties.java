package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Encode then decode gives the same packet, for every type and version, with random properties. */
class RoundTripProperties {

    @Provide
    Arbitrary<ProtocolVersion> versions() {
        return Arbitraries.of(ProtocolVersion.values());
    }

    @Property(tries = 3000)
    void everyPacketTypeRoundTrips(@ForAll("versions") ProtocolVersion v, @ForAll("seeds") long seed) throws Exception {
        MqttPacket p = RandomPackets.packet(new java.util.Random(seed), v);
        MqttEncoder e = new MqttEncoder(v);
        ByteBuffer wire = e.encode(p);
        assertThat(wire.remaining()).isEqualTo(e.encodedSize(p));
        MqttDecoder d = MqttDecoder.forClient(v, MqttDecoder.LARGEST_PACKET);
        assertThat(d.decode(wire)).isEqualTo(p);
        assertThat(wire.hasRemaining()).isFalse();
        assertThat(d.hasPartialPacket()).isFalse();
    }

    @Property(tries = 1000)
    void connectRoundTripsAndSetsTheVersion(@ForAll("versions") ProtocolVersion v, @ForAll("seeds") long seed) throws Exception {
        Connect c = RandomPackets.connect(new java.util.Random(seed), v);
        ByteBuffer wire = new MqttEncoder(ProtocolVersion.MQTT_5).encode(c);
        MqttDecoder d = MqttDecoder.forServer(MqttDecoder.LARGEST_PACKET);
        assertThat(d.decode(wire)).isEqualTo(c);
        assertThat(d.protocolVersion()).isEqualTo(v);
    }

    @Property(tries = 300)
    void byteOrderOfCallerBuffersDoesNotMatter(@ForAll("seeds") long seed) throws Exception {
        MqttPacket p = RandomPackets.packet(new java.util.Random(seed), ProtocolVersion.MQTT_5);
        MqttEncoder e = new MqttEncoder(ProtocolVersion.MQTT_5);
        ByteBuffer little = ByteBuffer.allocate(e.encodedSize(p)).order(ByteOrder.LITTLE_ENDIAN);
        e.encode(p, little);
        little.flip();
        assertThat(little).isEqualTo(e.encode(p));
        assertThat(MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET).decode(little)).isEqualTo(p);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}
