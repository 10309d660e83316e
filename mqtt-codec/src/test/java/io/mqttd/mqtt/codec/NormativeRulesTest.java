package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One test per normative statement the decoder enforces, on hand-built bytes. */
class NormativeRulesTest {
    private static MqttPacket decode(ProtocolVersion v, ByteBuffer in) throws MqttDecodeException {
        return MqttDecoder.forClient(v, MqttDecoder.LARGEST_PACKET).decode(in);
    }

    private static MqttPacket decode5(ByteBuffer in) throws MqttDecodeException {
        return decode(ProtocolVersion.MQTT_5, in);
    }

    private static MqttPacket decodeServer(ByteBuffer in) throws MqttDecodeException {
        return MqttDecoder.forServer(MqttDecoder.LARGEST_PACKET).decode(in);
    }

    private static void assertRejected(ThrowingDecode decode, ReasonCode code, String statement) {
        assertThatThrownBy(decode::run)
                .isInstanceOfSatisfying(MqttDecodeException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(code);
                    assertThat(e.statement()).isEqualTo(statement);
                });
    }

    @FunctionalInterface
    interface ThrowingDecode {
        Object run() throws MqttDecodeException;
    }

    private static ByteBuffer publishWithTopicBytes(byte[] topic) {
        return Wire.body().utf8(topic).bytes(0).packet(0x30);
    }

    // §1.5.4 UTF-8 Encoded Strings

    @Test
    void rejectsSurrogateCodePointInUtf8_MQTT_1_5_4_1() {
        assertRejected(() -> decode5(publishWithTopicBytes(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80})),
                ReasonCode.MALFORMED_PACKET, "MQTT-1.5.4-1");
    }

    @Test
    void rejectsIllFormedUtf8_MQTT_1_5_4_1() {
        // overlong encoding of '/', a stray continuation byte, and a truncated sequence
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {'a', (byte) 0xE2, (byte) 0x82}}) {
            assertRejected(() -> decode5(publishWithTopicBytes(bad)), ReasonCode.MALFORMED_PACKET, "MQTT-1.5.4-1");
        }
    }

    @Test
    void rejectsNullCharacterInUtf8_MQTT_1_5_4_2() {
        assertRejected(() -> decode5(publishWithTopicBytes(new byte[] {'a', 0, 'b'})), ReasonCode.MALFORMED_PACKET, "MQTT-1.5.4-2");
        assertRejected(() -> decode5(publishWithTopicBytes(new byte[] {(byte) 0xC3, (byte) 0xA9, 0})),
                ReasonCode.MALFORMED_PACKET, "MQTT-1.5.4-2");
    }

    @Test
    void keepsByteOrderMarkInsteadOfStrippingIt_MQTT_1_5_4_3() throws Exception {
        byte[] topic = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a'};
        Publish p = (Publish) decode5(publishWithTopicBytes(topic));
        assertThat(p.topicName()).isEqualTo("\uFEFFa");
        assertThat(p.topicName().getBytes(StandardCharsets.UTF_8)).isEqualTo(topic);
    }

    @Test
    void encoderRefusesNullCharacterAndUnpairedSurrogate_MQTT_1_5_4_1_and_2() {
        assertThatThrownBy(() -> Publish.qos0("a\u0000b", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Publish.qos0("a\uD800b", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    // §1.5.5 Variable Byte Integer

    @Test
    void rejectsFifthRemainingLengthByte_1_5_5() {
        ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
        assertRejected(() -> decode5(in), ReasonCode.MALFORMED_PACKET, "§1.5.5");
    }

    @Test
    void rejectsFifthRemainingLengthByteWhenFedByteByByte_1_5_5() {
        MqttDecoder d = MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET);
        assertRejected(() -> {
            for (byte b : new byte[] {(byte) 0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}) {
                d.decode(ByteBuffer.wrap(new byte[] {b}));
            }
            return null;
        }, ReasonCode.MALFORMED_PACKET, "§1.5.5");
    }

    @Test
    void acceptsNonMinimalRemainingLengthOnDecode_1_5_5() throws Exception {
        // PINGREQ with Remaining Length 0 written as 0x80 0x00: MQTT-1.5.5-1 binds the sender only.
        assertThat(decode5(ByteBuffer.wrap(new byte[] {(byte) 0xC0, (byte) 0x80, 0x00})))
                .isEqualTo(io.mqttd.mqtt.codec.packet.Pingreq.INSTANCE);
    }

    @Test
    void encodesMinimalVariableByteIntegers_MQTT_1_5_5_1() {
        MqttEncoder e = new MqttEncoder(ProtocolVersion.MQTT_5);
        for (int payload : new int[] {0, 120, 121, 16_000, 16_500}) {
            ByteBuffer b = e.encode(Publish.qos0("t", new byte[payload]));
            int remaining = b.remaining() - 1;
            int lengthBytes = remaining - (2 + 1 + 1 + payload);
            int expected = (2 + 1 + 1 + payload) < 128 ? 1 : (2 + 1 + 1 + payload) < 16_384 ? 2 : 3;
            assertThat(lengthBytes).as("payload %d", payload).isEqualTo(expected);
        }
    }

    // §2.1 Fixed header

    @Test
    void rejectsReservedFlagBits_MQTT_2_1_3_1() {
        assertRejected(() -> decode5(Wire.body().u16(1).packet(0x60)), ReasonCode.MALFORMED_PACKET, "MQTT-2.1.3-1");
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("a").bytes(0).packet(0x80)),
                ReasonCode.MALFORMED_PACKET, "MQTT-2.1.3-1");
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("a").packet(0xA0)), ReasonCode.MALFORMED_PACKET, "MQTT-2.1.3-1");
        assertRejected(() -> decode5(Wire.body().packet(0xC1)), ReasonCode.MALFORMED_PACKET, "MQTT-2.1.3-1");
        assertRejected(() -> decode5(Wire.body().packet(0xF1)), ReasonCode.MALFORMED_PACKET, "MQTT-2.1.3-1");
    }

    @Test
    void rejectsReservedPacketType0_2_1_2() {
        assertRejected(() -> decode5(Wire.body().packet(0x00)), ReasonCode.MALFORMED_PACKET, "§2.1.2");
    }

    @Test
    void rejectsAuthBeforeMqtt5_2_1_2() {
        assertRejected(() -> decode(ProtocolVersion.MQTT_3_1_1, Wire.body().packet(0xF0)), ReasonCode.MALFORMED_PACKET, "§2.1.2");
    }

    @Test
    void rejectsBytesAfterTheLastField_2_1_4() {
        assertRejected(() -> decode5(Wire.body().bytes(1).packet(0xD0)), ReasonCode.MALFORMED_PACKET, "§2.1.4");
        assertRejected(() -> decode(ProtocolVersion.MQTT_3_1_1, Wire.body().u16(1).bytes(0).packet(0x40)),
                ReasonCode.MALFORMED_PACKET, "§2.1.4");
    }

    @Test
    void rejectsFieldRunningPastRemainingLength_2_1_4() {
        // Topic length says 10, 2 bytes follow.
        ByteBuffer in = Wire.body().u16(10).bytes('a', 'b').packet(0x30);
        assertThatThrownBy(() -> decode5(in)).isInstanceOfSatisfying(MqttDecodeException.class,
                e -> assertThat(e.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET));
    }

    // §2.2.1 Packet Identifier

    @Test
    void rejectsZeroPacketIdentifier_MQTT_2_2_1_3() {
        assertRejected(() -> decode5(Wire.body().str("t").u16(0).bytes(0).packet(0x32)), ReasonCode.PROTOCOL_ERROR, "MQTT-2.2.1-3");
        assertRejected(() -> decode5(Wire.body().u16(0).packet(0x40)), ReasonCode.PROTOCOL_ERROR, "MQTT-2.2.1-3");
        assertRejected(() -> decode5(Wire.body().u16(0).bytes(0).str("a").bytes(0).packet(0x82)),
                ReasonCode.PROTOCOL_ERROR, "MQTT-2.2.1-3");
        assertThatThrownBy(() -> new Publish(false, Qos.AT_LEAST_ONCE, false, "t", 0, ByteBuffer.allocate(0),
                MqttProperties.EMPTY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void qos0PublishHasNoPacketIdentifier_MQTT_2_2_1_2() throws Exception {
        Publish p = (Publish) decode5(Wire.body().str("t").bytes(0).bytes('x', 'y').packet(0x30));
        assertThat(p.packetId()).isZero();
        assertThat(p.payloadBytes()).containsExactly('x', 'y');
        assertThatThrownBy(() -> new Publish(false, Qos.AT_MOST_ONCE, false, "t", 5, ByteBuffer.allocate(0),
                MqttProperties.EMPTY)).isInstanceOf(IllegalArgumentException.class);
    }

    // §2.2.2 Properties

    @Test
    void rejectsDuplicateSingleValuedProperty_2_2_2_2() {
        ByteBuffer in = Wire.body().str("t").bytes(10, 0x02, 0, 0, 0, 1, 0x02, 0, 0, 0, 2).packet(0x30);
        assertRejected(() -> decode5(in), ReasonCode.PROTOCOL_ERROR, "§2.2.2.2");
    }

    @Test
    void acceptsRepeatedUserPropertiesInOrder_2_2_2_2() throws Exception {
        ByteBuffer in = Wire.body().str("t").bytes(14).bytes(0x26).str("k").str("1").bytes(0x26).str("k").str("2").packet(0x30);
        Publish p = (Publish) decode5(in);
        assertThat(p.properties().userProperties()).extracting(u -> u.value()).containsExactly("1", "2");
    }

    @Test
    void acceptsSeveralSubscriptionIdentifiersInPublishButNotInSubscribe_3_8_2_1_2() throws Exception {
        Publish p = (Publish) decode5(Wire.body().str("t").bytes(4, 0x0B, 1, 0x0B, 2).packet(0x30));
        assertThat(p.properties().subscriptionIdentifiers()).containsExactly(1, 2);
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(4, 0x0B, 1, 0x0B, 2).str("a").bytes(0).packet(0x82)),
                ReasonCode.PROTOCOL_ERROR, "§3.8.2.1.2");
    }

    @Test
    void rejectsPropertyNotAllowedInThePacket_2_2_2_2() {
        // Session Expiry Interval (0x11) belongs to CONNECT, CONNACK and DISCONNECT, not PUBLISH.
        assertRejected(() -> decode5(Wire.body().str("t").bytes(5, 0x11, 0, 0, 0, 1).packet(0x30)),
                ReasonCode.MALFORMED_PACKET, "§2.2.2.2");
    }

    @Test
    void rejectsUnknownPropertyIdentifier_2_2_2_2() {
        assertRejected(() -> decode5(Wire.body().str("t").bytes(2, 0x04, 0).packet(0x30)), ReasonCode.MALFORMED_PACKET, "§2.2.2.2");
    }

    @Test
    void rejectsPropertyLengthBeyondPacket_2_2_2_1() {
        assertRejected(() -> decode5(Wire.body().str("t").bytes(9, 0x01, 0).packet(0x30)), ReasonCode.MALFORMED_PACKET, "§2.2.2.1");
    }

    @Test
    void rejectsZeroReceiveMaximum_3_1_2_11_3() {
        ByteBuffer in = Wire.body().str("MQTT").bytes(5, 0x02).u16(60).bytes(3, 0x21, 0, 0).str("c").packet(0x10);
        assertRejected(() -> decodeServer(in), ReasonCode.PROTOCOL_ERROR, "§3.1.2.11.3");
    }

    @Test
    void rejectsAuthenticationDataWithoutMethod_3_1_2_11_10() {
        ByteBuffer connect = Wire.body().str("MQTT").bytes(5, 0x02).u16(60).bytes(4, 0x16).u16(1).bytes(7).str("c").packet(0x10);
        assertRejected(() -> decodeServer(connect), ReasonCode.PROTOCOL_ERROR, "§3.1.2.11.10");
        ByteBuffer auth = Wire.body().bytes(0x18, 4, 0x16).u16(1).bytes(7).packet(0xF0);
        assertRejected(() -> decode5(auth), ReasonCode.PROTOCOL_ERROR, "§3.1.2.11.10");
    }

    // §3.1 CONNECT

    @Test
    void rejectsPacketOtherThanConnectFirst_MQTT_3_1_0_1() {
        assertRejected(() -> decodeServer(Wire.body().packet(0xC0)), ReasonCode.PROTOCOL_ERROR, "MQTT-3.1.0-1");
    }

    @Test
    void rejectsSecondConnect_MQTT_3_1_0_2() throws Exception {
        MqttDecoder d = MqttDecoder.forServer(MqttDecoder.LARGEST_PACKET);
        assertThat(d.decode(Wire.connect5(0x02).packet(0x10))).isInstanceOf(Connect.class);
        assertThat(d.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_5);
        assertRejected(() -> d.decode(Wire.connect5(0x02).packet(0x10)), ReasonCode.PROTOCOL_ERROR, "MQTT-3.1.0-2");
    }

    @Test
    void rejectsUnknownProtocolName_MQTT_3_1_2_1() {
        ByteBuffer in = Wire.body().str("MQTX").bytes(5, 0x02).u16(60).bytes(0).str("c").packet(0x10);
        assertRejected(() -> decodeServer(in), ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "MQTT-3.1.2-1");
    }

    @Test
    void rejectsUnsupportedProtocolLevel_MQTT_3_1_2_2() {
        ByteBuffer in = Wire.body().str("MQTT").bytes(6, 0x02).u16(60).bytes(0).str("c").packet(0x10);
        assertRejected(() -> decodeServer(in), ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "MQTT-3.1.2-2");
        ByteBuffer mismatch = Wire.body().str("MQIsdp").bytes(4, 0x02).u16(60).str("c").packet(0x10);
        assertRejected(() -> decodeServer(mismatch), ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "MQTT-3.1.2-2");
    }

    @Test
    void decodesMqtt31ConnectWithMQIsdp() throws Exception {
        ByteBuffer in = Wire.body().str("MQIsdp").bytes(3, 0x02).u16(10).str("old").packet(0x10);
        MqttDecoder d = MqttDecoder.forServer(MqttDecoder.LARGEST_PACKET);
        assertThat(d.decode(in)).isEqualTo(Connect.of(ProtocolVersion.MQTT_3_1, "old", true, 10));
        assertThat(d.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_3_1);
    }

    @Test
    void rejectsReservedConnectFlag_MQTT_3_1_2_3() {
        assertRejected(() -> decodeServer(Wire.connect5(0x03).packet(0x10)), ReasonCode.MALFORMED_PACKET, "MQTT-3.1.2-3");
    }

    @Test
    void rejectsWillQosWithoutWillFlag_MQTT_3_1_2_11() {
        assertRejected(() -> decodeServer(Wire.connect5(0x0A).packet(0x10)), ReasonCode.MALFORMED_PACKET, "MQTT-3.1.2-11");
    }

    @Test
    void rejectsWillQos3_MQTT_3_1_2_12() {
        ByteBuffer in = Wire.connect5(0x1C).bytes(0).str("w").u16(0).packet(0x10);
        assertRejected(() -> decodeServer(in), ReasonCode.MALFORMED_PACKET, "MQTT-3.1.2-12");
    }

    @Test
    void rejectsWillRetainWithoutWillFlag_MQTT_3_1_2_13() {
        assertRejected(() -> decodeServer(Wire.connect5(0x22).packet(0x10)), ReasonCode.MALFORMED_PACKET, "MQTT-3.1.2-13");
    }

    @Test
    void rejectsWillTopicWithWildcard_MQTT_3_3_2_2() {
        ByteBuffer in = Wire.connect5(0x04).bytes(0).str("w/#").u16(0).packet(0x10);
        assertRejected(() -> decodeServer(in), ReasonCode.TOPIC_NAME_INVALID, "MQTT-3.3.2-2");
    }

    @Test
    void rejectsPasswordWithoutUserNameIn311ButAcceptsItIn5_MQTT_3_1_2_22() throws Exception {
        ByteBuffer v311 = Wire.body().str("MQTT").bytes(4, 0x42).u16(60).str("c").str("pw").packet(0x10);
        assertRejected(() -> decodeServer(v311), ReasonCode.MALFORMED_PACKET, "MQTT-3.1.2-22");
        Connect c = (Connect) decodeServer(Wire.connect5(0x42).str("pw").packet(0x10));
        assertThat(c.userName()).isNull();
        assertThat(StandardCharsets.UTF_8.decode(c.password()).toString()).isEqualTo("pw");
        assertThatThrownBy(() -> new Connect(ProtocolVersion.MQTT_3_1_1, "c", true, 0, null, null,
                ByteBuffer.wrap(new byte[] {1}), MqttProperties.EMPTY)).isInstanceOf(IllegalArgumentException.class);
    }

    // §3.2 CONNACK

    @Test
    void rejectsReservedConnackFlags_MQTT_3_2_2_1() {
        assertRejected(() -> decode5(Wire.body().bytes(0x02, 0x00, 0x00).packet(0x20)), ReasonCode.MALFORMED_PACKET, "MQTT-3.2.2-1");
    }

    @Test
    void rejectsSessionPresentWithErrorCode_MQTT_3_2_2_6() {
        assertRejected(() -> decode5(Wire.body().bytes(0x01, 0x87, 0x00).packet(0x20)), ReasonCode.PROTOCOL_ERROR, "MQTT-3.2.2-6");
    }

    @Test
    void rejectsReasonCodeNotValidInPacket_2_4() {
        // 0x04 Disconnect with Will Message is a DISCONNECT code, not a CONNACK one.
        assertRejected(() -> decode5(Wire.body().bytes(0x00, 0x04, 0x00).packet(0x20)), ReasonCode.MALFORMED_PACKET, "§3.2.2.2");
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0x8B).packet(0x40)), ReasonCode.MALFORMED_PACKET, "§2.4");
        assertRejected(() -> decode(ProtocolVersion.MQTT_3_1_1, Wire.body().bytes(0, 6).packet(0x20)),
                ReasonCode.MALFORMED_PACKET, "§3.2.2.3");
    }

    // §3.3 PUBLISH

    @Test
    void rejectsDupOnQos0Publish_MQTT_3_3_1_2() {
        assertRejected(() -> decode5(Wire.body().str("t").bytes(0).packet(0x38)), ReasonCode.MALFORMED_PACKET, "MQTT-3.3.1-2");
    }

    @Test
    void rejectsPublishQos3_MQTT_3_3_1_4() {
        assertRejected(() -> decode5(Wire.body().str("t").u16(1).bytes(0).packet(0x36)), ReasonCode.MALFORMED_PACKET, "MQTT-3.3.1-4");
    }

    @Test
    void rejectsWildcardInTopicName_MQTT_3_3_2_2() {
        assertRejected(() -> decode5(Wire.body().str("a/+").bytes(0).packet(0x30)), ReasonCode.TOPIC_NAME_INVALID, "MQTT-3.3.2-2");
        assertRejected(() -> decode5(Wire.body().str("#").bytes(0).packet(0x30)), ReasonCode.TOPIC_NAME_INVALID, "MQTT-3.3.2-2");
    }

    @Test
    void acceptsEmptyTopicOnlyWithTopicAlias_3_3_2_3_4() throws Exception {
        assertRejected(() -> decode5(Wire.body().str("").bytes(0).packet(0x30)), ReasonCode.PROTOCOL_ERROR, "§3.3.2.3.4");
        Publish p = (Publish) decode5(Wire.body().str("").bytes(3, 0x23, 0, 7).packet(0x30));
        assertThat(p.properties().numeric(MqttProperty.TOPIC_ALIAS, 0)).isEqualTo(7);
        assertRejected(() -> decode(ProtocolVersion.MQTT_3_1_1, Wire.body().str("").packet(0x30)),
                ReasonCode.TOPIC_NAME_INVALID, "MQTT-4.7.3-1");
    }

    @Test
    void rejectsTopicAliasZero_MQTT_3_3_2_8() {
        assertRejected(() -> decode5(Wire.body().str("t").bytes(3, 0x23, 0, 0).packet(0x30)), ReasonCode.PROTOCOL_ERROR, "MQTT-3.3.2-8");
    }

    // §3.8 SUBSCRIBE, §3.10 UNSUBSCRIBE

    @Test
    void rejectsSubscribeWithoutTopicFilter_MQTT_3_8_3_3() {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).packet(0x82)), ReasonCode.PROTOCOL_ERROR, "MQTT-3.8.3-3");
        assertRejected(() -> decode(ProtocolVersion.MQTT_3_1_1, Wire.body().u16(1).packet(0x82)),
                ReasonCode.PROTOCOL_ERROR, "MQTT-3.8.3-3");
    }

    @Test
    void rejectsReservedSubscriptionOptionBits_MQTT_3_8_3_5() {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("a").bytes(0x40).packet(0x82)),
                ReasonCode.MALFORMED_PACKET, "MQTT-3.8.3-5");
    }

    @Test
    void rejectsRetainHandling3AndMaximumQos3_3_8_3_1() {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("a").bytes(0x30).packet(0x82)),
                ReasonCode.PROTOCOL_ERROR, "§3.8.3.1");
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("a").bytes(0x03).packet(0x82)),
                ReasonCode.PROTOCOL_ERROR, "§3.8.3.1");
    }

    @Test
    void rejectsNonQosBitsInMqtt311Subscribe_311_MQTT_3_8_3_4() {
        assertRejected(() -> decode(ProtocolVersion.MQTT_3_1_1, Wire.body().u16(1).str("a").bytes(0x04).packet(0x82)),
                ReasonCode.MALFORMED_PACKET, "MQTT-3.8.3-4");
    }

    @Test
    void rejectsNoLocalOnSharedSubscription_MQTT_3_8_3_4() {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("$share/g/a").bytes(0x04).packet(0x82)),
                ReasonCode.PROTOCOL_ERROR, "MQTT-3.8.3-4");
    }

    @Test
    void rejectsUnsubscribeWithoutTopicFilter_MQTT_3_10_3_2() {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).packet(0xA2)), ReasonCode.PROTOCOL_ERROR, "MQTT-3.10.3-2");
    }

    // §4.7 Topic filters, §4.8.2 Shared Subscriptions

    @Test
    void rejectsMultiLevelWildcardNotLast_MQTT_4_7_1_1() {
        for (String f : new String[] {"a/#/b", "a#", "#a"}) {
            assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str(f).bytes(0).packet(0x82)),
                    ReasonCode.TOPIC_FILTER_INVALID, "MQTT-4.7.1-1");
        }
    }

    @Test
    void rejectsSingleLevelWildcardNotAloneInLevel_MQTT_4_7_1_2() {
        for (String f : new String[] {"a+", "a/+b", "+a/b"}) {
            assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str(f).packet(0xA2)),
                    ReasonCode.TOPIC_FILTER_INVALID, "MQTT-4.7.1-2");
        }
    }

    @Test
    void acceptsWildcardsWhereAllowed_4_7_1() throws Exception {
        for (String f : new String[] {"#", "+", "+/+", "a/+/b", "a/#", "/", "+/#", "$SYS/#"}) {
            Subscribe s = (Subscribe) decode5(Wire.body().u16(1).bytes(0).str(f).bytes(1).packet(0x82));
            assertThat(s.subscriptions().get(0).topicFilter()).isEqualTo(f);
        }
    }

    @Test
    void rejectsSharedSubscriptionWithoutShareName_MQTT_4_8_2_1() {
        for (String f : new String[] {"$share//a", "$share/"}) {
            assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str(f).bytes(0).packet(0x82)),
                    ReasonCode.TOPIC_FILTER_INVALID, "MQTT-4.8.2-1");
        }
    }

    @Test
    void rejectsShareNameWithWildcardOrWithoutFilter_MQTT_4_8_2_2() {
        for (String f : new String[] {"$share/g+/a", "$share/#/a", "$share/g/", "$share/g"}) {
            assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str(f).bytes(0).packet(0x82)),
                    ReasonCode.TOPIC_FILTER_INVALID, f.equals("$share/g") ? "MQTT-4.8.2-1" : "MQTT-4.8.2-2");
        }
    }

    @Test
    void sharedPrefixIsAnOrdinaryLevelInMqtt311() throws Exception {
        Subscribe s = (Subscribe) decode(ProtocolVersion.MQTT_3_1_1, Wire.body().u16(1).str("$share/g").bytes(1).packet(0x82));
        assertThat(s.subscriptions().get(0).topicFilter()).isEqualTo("$share/g");
    }

    @Test
    void rejectsEmptyTopicFilter_MQTT_4_7_3_1() {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("").bytes(0).packet(0x82)),
                ReasonCode.TOPIC_FILTER_INVALID, "MQTT-4.7.3-1");
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).str("").packet(0xA2)),
                ReasonCode.TOPIC_FILTER_INVALID, "MQTT-4.7.3-1");
    }

    @Test
    void rejectsNullCharacterInTopics_MQTT_4_7_3_2() {
        assertThat(io.mqttd.mqtt.codec.wire.Topics.checkTopicName("a\u0000")).isEqualTo("MQTT-4.7.3-2");
        assertThat(io.mqttd.mqtt.codec.wire.Topics.checkTopicFilter("a/\u0000", true)).isEqualTo("MQTT-4.7.3-2");
        assertThat(io.mqttd.mqtt.codec.wire.Topics.checkTopicFilter("$share/\u0000/a", true)).isEqualTo("MQTT-4.7.3-2");
    }

    @Test
    void refusesTopicLongerThan65535Bytes_MQTT_4_7_3_3() {
        String longTopic = "é".repeat(32_768); // 65,536 bytes
        assertThatThrownBy(() -> Publish.qos0(longTopic, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(Publish.qos0("a".repeat(65_535), new byte[0]).topicName()).hasSize(65_535);
    }

    // §3.9 SUBACK, §3.11 UNSUBACK

    @Test
    void rejectsSubackCodeNotValidForSuback_3_9_3() {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0, 0x10).packet(0x90)), ReasonCode.MALFORMED_PACKET, "§3.9.3");
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).packet(0x90)), ReasonCode.PROTOCOL_ERROR, "§3.9.3");
    }

    @Test
    void rejectsReservedMqtt311SubackReturnCode_311_MQTT_3_9_3_2() {
        // 0x87 is a 5.0 SUBACK code but reserved in 3.1.1.
        assertRejected(() -> decode(ProtocolVersion.MQTT_3_1_1, Wire.body().u16(1).bytes(0x87).packet(0x90)),
                ReasonCode.MALFORMED_PACKET, "§3.9.3");
    }

    @Test
    void rejectsUnsubackWithoutReasonCodeInMqtt5_3_11_3() throws Exception {
        assertRejected(() -> decode5(Wire.body().u16(1).bytes(0).packet(0xB0)), ReasonCode.PROTOCOL_ERROR, "§3.11.3");
        assertThat(decode(ProtocolVersion.MQTT_3_1_1, Wire.body().u16(1).packet(0xB0)))
                .isEqualTo(new io.mqttd.mqtt.codec.packet.Unsuback(1, java.util.List.of(), MqttProperties.EMPTY));
    }

    // Maximum Packet Size

    @Test
    void rejectsTooLargePacketBeforeBufferingItsBody_3_1_2_11_4() {
        MqttDecoder d = MqttDecoder.forClient(ProtocolVersion.MQTT_5, 100);
        // A PUBLISH announcing 1,000,000 bytes: the fixed header alone must be enough to refuse it.
        ByteBuffer header = ByteBuffer.wrap(new byte[] {0x30, (byte) 0xC0, (byte) 0x84, 0x3D});
        assertRejected(() -> d.decode(header), ReasonCode.PACKET_TOO_LARGE, "§3.1.2.11.4");
        assertThat(d.hasPartialPacket()).isFalse();
    }

    @Test
    void rejectsTooLargePacketFedByteByByte_3_1_2_11_4() {
        MqttDecoder d = MqttDecoder.forClient(ProtocolVersion.MQTT_5, 100);
        assertRejected(() -> {
            for (byte b : new byte[] {0x30, (byte) 0xC0, (byte) 0x84, 0x3D}) {
                d.decode(ByteBuffer.wrap(new byte[] {b}));
            }
            return null;
        }, ReasonCode.PACKET_TOO_LARGE, "§3.1.2.11.4");
    }

    @Test
    void acceptsPacketOfExactlyTheMaximumSize_3_1_2_11_4() throws Exception {
        ByteBuffer in = Wire.body().str("t").bytes(0).raw(new byte[94]).packet(0x30);
        assertThat(in.remaining()).isEqualTo(100);
        assertThat(MqttDecoder.forClient(ProtocolVersion.MQTT_5, 100).decode(in)).isInstanceOf(Publish.class);
    }

    @Test
    void encoderRefusesPacketAbovePeerMaximum_MQTT_3_1_2_24() {
        MqttEncoder e = new MqttEncoder(ProtocolVersion.MQTT_5);
        Publish p = Publish.qos0("t", new byte[200]);
        ByteBuffer out = ByteBuffer.allocate(1000);
        assertThat(e.encode(p, out, 100)).isFalse();
        assertThat(out.position()).isZero();
        assertThat(e.encode(p, out, e.encodedSize(p))).isTrue();
        assertThat(out.position()).isEqualTo(e.encodedSize(p));
    }

    @Test
    void decoderStaysFailedAfterError_4_13() {
        MqttDecoder d = MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET);
        assertRejected(() -> d.decode(Wire.body().packet(0x00)), ReasonCode.MALFORMED_PACKET, "§2.1.2");
        assertRejected(() -> d.decode(Wire.body().packet(0xC0)), ReasonCode.MALFORMED_PACKET, "§2.1.2");
    }
}
