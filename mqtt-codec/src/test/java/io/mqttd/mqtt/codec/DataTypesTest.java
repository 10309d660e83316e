package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import io.mqttd.mqtt.codec.packet.RetainHandling;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.codec.property.PropertyContext;
import io.mqttd.mqtt.codec.wire.VariableByteInteger;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data representation (§1.5), the property table (§2.2.2.2) and reason code table (§2.4). */
class DataTypesTest {

    @Test
    void variableByteIntegerBoundariesFromTable1_1_1_5_5() throws Exception {
        int[][] cases = {{0, 1}, {127, 1}, {128, 2}, {16_383, 2}, {16_384, 3}, {2_097_151, 3}, {2_097_152, 4},
            {268_435_455, 4}};
        for (int[] c : cases) {
            ByteBuffer b = ByteBuffer.allocate(4);
            VariableByteInteger.write(b, c[0]);
            assertThat(b.position()).as("%d", c[0]).isEqualTo(c[1]).isEqualTo(VariableByteInteger.encodedLength(c[0]));
            b.flip();
            assertThat(VariableByteInteger.read(b)).isEqualTo(c[0]);
        }
        ByteBuffer max = ByteBuffer.allocate(4);
        VariableByteInteger.write(max, 268_435_455);
        assertThat(max.array()).containsExactly(0xFF, 0xFF, 0xFF, 0x7F);
        assertThatThrownBy(() -> VariableByteInteger.encodedLength(268_435_456)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertyTableMatchesSpecification_2_2_2_2() {
        assertThat(MqttProperty.values()).hasSize(27);
        assertThat(MqttProperty.ofId(0x26)).isEqualTo(MqttProperty.USER_PROPERTY);
        assertThat(MqttProperty.ofId(0x04)).isNull();
        assertThat(MqttProperty.WILL_DELAY_INTERVAL.contexts()).containsExactly(PropertyContext.WILL);
        assertThat(MqttProperty.REASON_STRING.isAllowedIn(PropertyContext.PUBLISH)).isFalse();
        assertThat(MqttProperty.SUBSCRIPTION_IDENTIFIER.isRepeatableIn(PropertyContext.PUBLISH)).isTrue();
        assertThat(MqttProperty.SUBSCRIPTION_IDENTIFIER.isRepeatableIn(PropertyContext.SUBSCRIBE)).isFalse();
    }

    @Test
    void reasonCodeZeroHasOneNamePerPacket_2_4() {
        assertThat(ReasonCode.of(0x00, ControlPacketType.DISCONNECT)).isEqualTo(ReasonCode.NORMAL_DISCONNECTION);
        assertThat(ReasonCode.of(0x00, ControlPacketType.SUBACK)).isEqualTo(ReasonCode.GRANTED_QOS_0);
        assertThat(ReasonCode.of(0x00, ControlPacketType.PUBACK)).isEqualTo(ReasonCode.SUCCESS);
        assertThat(ReasonCode.of(0x8B, ControlPacketType.CONNACK)).isNull();
        assertThat(ReasonCode.values()).hasSize(45); // Table 2-6: 43 values, 0x00 under three names
    }

    @Test
    void builderRejectsRepeatedSingleValuedProperty_2_2_2_2() {
        MqttProperties.Builder b = MqttProperties.builder().put(MqttProperty.CONTENT_TYPE, "a");
        assertThatThrownBy(() -> b.put(MqttProperty.CONTENT_TYPE, "b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MqttProperties.builder().addUserProperty("k", "v").addUserProperty("k", "v").build()
                .userProperties()).hasSize(2);
    }

    @Test
    void packetsRejectPropertiesNotAllowedInThem_2_2_2_2() {
        MqttProperties connackOnly = MqttProperties.builder().put(MqttProperty.MAXIMUM_QOS, 1).build();
        assertThatThrownBy(() -> new Publish(false, Qos.AT_MOST_ONCE, false, "t", 0, ByteBuffer.allocate(0), connackOnly))
                .isInstanceOf(IllegalArgumentException.class);
        MqttProperties twoIds = MqttProperties.builder().addSubscriptionIdentifier(1).addSubscriptionIdentifier(2).build();
        assertThatThrownBy(() -> new Subscribe(1, List.of(Subscription.of("a", Qos.AT_MOST_ONCE)), twoIds))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishWithoutPropertiesSharesTheEmptyList() throws Exception {
        ByteBuffer wire = new MqttEncoder(ProtocolVersion.MQTT_5).encode(Publish.qos0("t", new byte[] {1}));
        Publish p = (Publish) MqttDecoder.forClient(ProtocolVersion.MQTT_5, 100).decode(wire);
        assertThat(p.properties()).isSameAs(MqttProperties.EMPTY);
    }

    @Test
    void propertyAccessorsReturnValuesOrDefaults() {
        MqttProperties p = MqttProperties.builder()
                .put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 0xFFFF_FFFFL)
                .put(MqttProperty.CONTENT_TYPE, "json")
                .put(MqttProperty.CORRELATION_DATA, new byte[] {7})
                .build();
        assertThat(p.numeric(MqttProperty.MESSAGE_EXPIRY_INTERVAL, -1)).isEqualTo(0xFFFF_FFFFL);
        assertThat(p.numeric(MqttProperty.TOPIC_ALIAS, -1)).isEqualTo(-1);
        assertThat(p.string(MqttProperty.CONTENT_TYPE)).isEqualTo("json");
        assertThat(p.string(MqttProperty.RESPONSE_TOPIC)).isNull();
        assertThat(p.binary(MqttProperty.CORRELATION_DATA).get()).isEqualTo((byte) 7);
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThatThrownBy(() -> p.string(MqttProperty.TOPIC_ALIAS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mqtt311EncoderRefusesWhatItCannotCarry() {
        MqttEncoder e = new MqttEncoder(ProtocolVersion.MQTT_3_1_1);
        assertThatThrownBy(() -> e.encodedSize(new Puback(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, MqttProperties.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.encodedSize(Connack.of(false, ReasonCode.BANNED))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.encodedSize(Disconnect.of(ReasonCode.SERVER_BUSY))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.encodedSize(new Subscribe(1, List.of(new Subscription("a",
                new SubscriptionOptions(Qos.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE))), MqttProperties.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.encodedSize(new io.mqttd.mqtt.codec.packet.Auth(ReasonCode.SUCCESS, MqttProperties.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mqtt5UsesShortFormsForDefaultReasonCodes_3_4_2_1_and_3_14_2_1() {
        MqttEncoder e = new MqttEncoder(ProtocolVersion.MQTT_5);
        assertThat(PahoInteropTest.hex(e.encode(Puback.of(1)))).isEqualTo("40020001");
        assertThat(PahoInteropTest.hex(e.encode(new Puback(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, MqttProperties.EMPTY))))
                .isEqualTo("4003000110");
        assertThat(PahoInteropTest.hex(e.encode(Disconnect.NORMAL))).isEqualTo("e000");
        assertThat(PahoInteropTest.hex(e.encode(Disconnect.of(ReasonCode.SERVER_SHUTTING_DOWN)))).isEqualTo("e0018b");
    }

    @Test
    void encoderThrowsBufferOverflowWithoutWritingWhenBufferTooSmall() {
        MqttEncoder e = new MqttEncoder(ProtocolVersion.MQTT_5);
        ByteBuffer small = ByteBuffer.allocate(3);
        assertThatThrownBy(() -> e.encode(Publish.qos0("topic", new byte[10]), small))
                .isInstanceOf(java.nio.BufferOverflowException.class);
        assertThat(small.position()).isZero();
    }

    @Test
    void packetIsNotChangedByLaterMovesOfTheCallersBuffer() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3}).asReadOnlyBuffer();
        Publish p = new Publish(false, Qos.AT_MOST_ONCE, false, "t", 0, payload, MqttProperties.EMPTY);
        payload.position(2);
        assertThat(p.payloadBytes()).containsExactly(1, 2, 3);
        p.payload().position(3);
        assertThat(p.payload().remaining()).isEqualTo(3);
    }
}
