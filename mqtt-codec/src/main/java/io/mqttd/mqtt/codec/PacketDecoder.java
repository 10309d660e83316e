package io.mqttd.mqtt.codec;

import io.mqttd.mqtt.codec.packet.Auth;
import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Pingreq;
import io.mqttd.mqtt.codec.packet.Pingresp;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.packet.Suback;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import io.mqttd.mqtt.codec.packet.Unsuback;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.packet.Will;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.codec.property.PropertyContext;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import io.mqttd.mqtt.codec.wire.Topics;
import io.mqttd.mqtt.codec.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one packet's variable header and payload. The buffer's limit is the end of the packet
 * (the fixed header's Remaining Length), so reading past it is a Malformed Packet, and bytes left
 * over after the last field are one too (§2.1.4: the Remaining Length covers exactly these fields).
 * The fixed header itself has been checked by {@link MqttDecoder}.
 */
final class PacketDecoder {
    private PacketDecoder() {
    }

    /**
     * @param version the connection's version; {@code null} before CONNECT, which carries its own
     */
    static MqttPacket decode(int firstByte, ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        ControlPacketType type = ControlPacketType.of(firstByte >>> 4);
        int flags = firstByte & 0x0F;
        MqttPacket packet = switch (type) {
            case CONNECT -> connect(in);
            case CONNACK -> connack(in, version);
            case PUBLISH -> publish(flags, in, version);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> publishResponse(type, in, version);
            case SUBSCRIBE -> subscribe(in, version);
            case SUBACK -> suback(in, version);
            case UNSUBSCRIBE -> unsubscribe(in, version);
            case UNSUBACK -> unsuback(in, version);
            case PINGREQ -> Pingreq.INSTANCE;
            case PINGRESP -> Pingresp.INSTANCE;
            case DISCONNECT -> disconnect(in, version);
            case AUTH -> auth(in);
        };
        if (in.hasRemaining()) {
            throw MqttDecodeException.malformed("§2.1.4", type + " has " + in.remaining() + " bytes after its last field");
        }
        return packet;
    }

    private static Connect connect(ByteBuffer in) throws MqttDecodeException {
        String name = MqttUtf8.read(in, "Protocol Name");
        int level = WireReader.readByte(in, "Protocol Version");
        ProtocolVersion version = ProtocolVersion.ofLevel(level);
        if (!name.equals("MQTT") && !name.equals("MQIsdp")) {
            throw new MqttDecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "MQTT-3.1.2-1",
                    "unknown Protocol Name \"" + name + "\"");
        }
        if (version == null || !version.protocolName().equals(name)) {
            throw new MqttDecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "MQTT-3.1.2-2",
                    "unsupported Protocol Version " + level + " for \"" + name + "\"");
        }
        int flags = WireReader.readByte(in, "Connect Flags");
        if ((flags & 0x01) != 0) {
            throw MqttDecodeException.malformed("MQTT-3.1.2-3", "the reserved Connect Flag is not 0");
        }
        boolean cleanStart = (flags & 0x02) != 0;
        boolean willFlag = (flags & 0x04) != 0;
        int willQos = flags >>> 3 & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        boolean passwordFlag = (flags & 0x40) != 0;
        boolean userNameFlag = (flags & 0x80) != 0;
        if (!willFlag && willQos != 0) {
            throw MqttDecodeException.malformed("MQTT-3.1.2-11", "Will QoS must be 0 without a Will Flag");
        }
        if (willQos == 3) {
            throw MqttDecodeException.malformed("MQTT-3.1.2-12", "Will QoS 3");
        }
        if (!willFlag && willRetain) {
            throw MqttDecodeException.malformed("MQTT-3.1.2-13", "Will Retain must be 0 without a Will Flag");
        }
        if (!version.isV5() && passwordFlag && !userNameFlag) {
            // MQTT 3.1.1 numbering; MQTT 5.0 allows a password alone (§3.1.2.9).
            throw MqttDecodeException.malformed("MQTT-3.1.2-22", "Password Flag set without User Name Flag");
        }
        int keepAlive = WireReader.readTwoByteInt(in, "Keep Alive");
        MqttProperties properties = version.isV5() ? MqttProperties.read(in, PropertyContext.CONNECT) : MqttProperties.EMPTY;
        requireAuthenticationMethodWithData(properties);
        String clientId = MqttUtf8.read(in, "Client Identifier");
        Will will = null;
        if (willFlag) {
            MqttProperties willProperties = version.isV5() ? MqttProperties.read(in, PropertyContext.WILL) : MqttProperties.EMPTY;
            String topic = MqttUtf8.read(in, "Will Topic");
            requireTopicName(topic, false);
            ByteBuffer payload = WireReader.readBinary(in, "Will Payload");
            will = new Will(Qos.of(willQos), willRetain, topic, payload, willProperties);
        }
        String userName = userNameFlag ? MqttUtf8.read(in, "User Name") : null;
        ByteBuffer password = passwordFlag ? WireReader.readBinary(in, "Password") : null;
        return new Connect(version, clientId, cleanStart, keepAlive, will, userName, password, properties);
    }

    private static Connack connack(ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        int flags = WireReader.readByte(in, "Connect Acknowledge Flags");
        if ((flags & 0xFE) != 0) {
            throw MqttDecodeException.malformed("MQTT-3.2.2-1", "reserved Connect Acknowledge Flags are not 0");
        }
        boolean sessionPresent = flags == 1;
        int code = WireReader.readByte(in, "Connect Reason Code");
        ReasonCode reasonCode;
        MqttProperties properties = MqttProperties.EMPTY;
        if (version.isV5()) {
            reasonCode = ReasonCode.of(code, ControlPacketType.CONNACK);
            if (reasonCode == null) {
                throw MqttDecodeException.malformed("§3.2.2.2", "0x" + Integer.toHexString(code) + " is not a CONNACK reason code");
            }
            properties = MqttProperties.read(in, PropertyContext.CONNACK);
            requireAuthenticationMethodWithData(properties);
        } else {
            reasonCode = V3ReturnCodes.connackFromV3(code);
        }
        if (sessionPresent && reasonCode.isError()) {
            throw MqttDecodeException.protocolError("MQTT-3.2.2-6", "Session Present set with an error reason code");
        }
        return new Connack(sessionPresent, reasonCode, properties);
    }

    private static Publish publish(int flags, ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        boolean dup = (flags & 0x08) != 0;
        Qos qos = Qos.of(flags >>> 1 & 0x03); // 3 was rejected with the fixed header (MQTT-3.3.1-4)
        boolean retain = (flags & 0x01) != 0;
        String topic = MqttUtf8.read(in, "Topic Name");
        int packetId = 0;
        if (qos != Qos.AT_MOST_ONCE) {
            packetId = requirePacketId(in);
        }
        MqttProperties properties = version.isV5() ? MqttProperties.read(in, PropertyContext.PUBLISH) : MqttProperties.EMPTY;
        if (topic.isEmpty() && version.isV5()) {
            if (!properties.contains(MqttProperty.TOPIC_ALIAS)) {
                throw MqttDecodeException.protocolError("§3.3.2.3.4", "empty Topic Name without a Topic Alias");
            }
        } else {
            requireTopicName(topic, true);
        }
        ByteBuffer payload = WireReader.readSlice(in, in.remaining());
        return new Publish(dup, qos, retain, topic, packetId, payload, properties);
    }

    private static MqttPacket publishResponse(ControlPacketType type, ByteBuffer in, ProtocolVersion version)
            throws MqttDecodeException {
        int packetId = requirePacketId(in);
        ReasonCode reasonCode = ReasonCode.SUCCESS;
        MqttProperties properties = MqttProperties.EMPTY;
        // MQTT 5.0 §3.4.2.1: Reason Code and Property Length may be omitted (Remaining Length 2 or 3).
        if (version.isV5() && in.hasRemaining()) {
            int code = WireReader.readByte(in, "Reason Code");
            reasonCode = ReasonCode.of(code, type);
            if (reasonCode == null) {
                throw MqttDecodeException.malformed("§2.4", "0x" + Integer.toHexString(code) + " is not a " + type + " reason code");
            }
            if (in.hasRemaining()) {
                properties = MqttProperties.read(in, switch (type) {
                    case PUBACK -> PropertyContext.PUBACK;
                    case PUBREC -> PropertyContext.PUBREC;
                    case PUBREL -> PropertyContext.PUBREL;
                    default -> PropertyContext.PUBCOMP;
                });
            }
        }
        return switch (type) {
            case PUBACK -> new Puback(packetId, reasonCode, properties);
            case PUBREC -> new Pubrec(packetId, reasonCode, properties);
            case PUBREL -> new Pubrel(packetId, reasonCode, properties);
            default -> new Pubcomp(packetId, reasonCode, properties);
        };
    }

    private static Subscribe subscribe(ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        int packetId = requirePacketId(in);
        MqttProperties properties = version.isV5() ? MqttProperties.read(in, PropertyContext.SUBSCRIBE) : MqttProperties.EMPTY;
        List<Subscription> subscriptions = new ArrayList<>();
        while (in.hasRemaining()) {
            String filter = MqttUtf8.read(in, "Topic Filter");
            int options = WireReader.readByte(in, "Subscription Options");
            int qos = options & 0x03;
            SubscriptionOptions parsed;
            if (version.isV5()) {
                if ((options & 0xC0) != 0) {
                    throw MqttDecodeException.malformed("MQTT-3.8.3-5", "reserved Subscription Options bits are not 0");
                }
                if (qos == 3) {
                    throw MqttDecodeException.protocolError("§3.8.3.1", "Maximum QoS 3");
                }
                int retainHandling = options >>> 4 & 0x03;
                if (retainHandling == 3) {
                    throw MqttDecodeException.protocolError("§3.8.3.1", "Retain Handling 3");
                }
                parsed = SubscriptionOptions.fromByte(options);
            } else {
                if ((options & 0xFC) != 0 || qos == 3) {
                    // MQTT 3.1.1 numbering: reserved bits non-zero or QoS 3 is malformed.
                    throw MqttDecodeException.malformed("MQTT-3.8.3-4", "invalid 3.1.1 Requested QoS byte 0x" + Integer.toHexString(options));
                }
                parsed = SubscriptionOptions.of(Qos.of(qos));
            }
            requireTopicFilter(filter, version);
            if (version.isV5() && parsed.noLocal() && Topics.isShared(filter)) {
                throw MqttDecodeException.protocolError("MQTT-3.8.3-4", "No Local set on a Shared Subscription");
            }
            subscriptions.add(new Subscription(filter, parsed));
        }
        if (subscriptions.isEmpty()) {
            throw MqttDecodeException.protocolError("MQTT-3.8.3-3", "SUBSCRIBE without a Topic Filter");
        }
        return new Subscribe(packetId, subscriptions, properties);
    }

    private static Suback suback(ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        int packetId = requirePacketId(in);
        MqttProperties properties = version.isV5() ? MqttProperties.read(in, PropertyContext.SUBACK) : MqttProperties.EMPTY;
        List<ReasonCode> codes = new ArrayList<>(in.remaining());
        while (in.hasRemaining()) {
            int code = in.get() & 0xFF;
            ReasonCode rc = version.isV5() ? ReasonCode.of(code, ControlPacketType.SUBACK) : V3ReturnCodes.subackFromV3(code);
            if (rc == null) {
                throw MqttDecodeException.malformed("§3.9.3", "0x" + Integer.toHexString(code) + " is not a SUBACK reason code");
            }
            codes.add(rc);
        }
        if (codes.isEmpty()) {
            throw MqttDecodeException.protocolError("§3.9.3", "SUBACK without a reason code");
        }
        return new Suback(packetId, codes, properties);
    }

    private static Unsubscribe unsubscribe(ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        int packetId = requirePacketId(in);
        MqttProperties properties = version.isV5() ? MqttProperties.read(in, PropertyContext.UNSUBSCRIBE) : MqttProperties.EMPTY;
        List<String> filters = new ArrayList<>();
        while (in.hasRemaining()) {
            String filter = MqttUtf8.read(in, "Topic Filter");
            requireTopicFilter(filter, version);
            filters.add(filter);
        }
        if (filters.isEmpty()) {
            throw MqttDecodeException.protocolError("MQTT-3.10.3-2", "UNSUBSCRIBE without a Topic Filter");
        }
        return new Unsubscribe(packetId, filters, properties);
    }

    private static Unsuback unsuback(ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        int packetId = requirePacketId(in);
        if (!version.isV5()) {
            return new Unsuback(packetId, List.of(), MqttProperties.EMPTY);
        }
        MqttProperties properties = MqttProperties.read(in, PropertyContext.UNSUBACK);
        List<ReasonCode> codes = new ArrayList<>(in.remaining());
        while (in.hasRemaining()) {
            int code = in.get() & 0xFF;
            ReasonCode rc = ReasonCode.of(code, ControlPacketType.UNSUBACK);
            if (rc == null) {
                throw MqttDecodeException.malformed("§3.11.3", "0x" + Integer.toHexString(code) + " is not an UNSUBACK reason code");
            }
            codes.add(rc);
        }
        if (codes.isEmpty()) {
            throw MqttDecodeException.protocolError("§3.11.3", "UNSUBACK without a reason code");
        }
        return new Unsuback(packetId, codes, properties);
    }

    private static Disconnect disconnect(ByteBuffer in, ProtocolVersion version) throws MqttDecodeException {
        // MQTT 5.0 §3.14.2.1: Remaining Length 0 means Normal disconnection; 3.1.1 has no body at all.
        if (!version.isV5() || !in.hasRemaining()) {
            return Disconnect.NORMAL;
        }
        int code = WireReader.readByte(in, "Disconnect Reason Code");
        ReasonCode rc = ReasonCode.of(code, ControlPacketType.DISCONNECT);
        if (rc == null) {
            throw MqttDecodeException.malformed("§3.14.2.1", "0x" + Integer.toHexString(code) + " is not a DISCONNECT reason code");
        }
        MqttProperties properties = in.hasRemaining() ? MqttProperties.read(in, PropertyContext.DISCONNECT) : MqttProperties.EMPTY;
        return new Disconnect(rc, properties);
    }

    private static Auth auth(ByteBuffer in) throws MqttDecodeException {
        // MQTT 5.0 §3.15.2.1: Remaining Length 0 means Success without properties.
        if (!in.hasRemaining()) {
            return new Auth(ReasonCode.SUCCESS, MqttProperties.EMPTY);
        }
        int code = WireReader.readByte(in, "Authenticate Reason Code");
        ReasonCode rc = ReasonCode.of(code, ControlPacketType.AUTH);
        if (rc == null) {
            throw MqttDecodeException.malformed("§3.15.2.1", "0x" + Integer.toHexString(code) + " is not an AUTH reason code");
        }
        MqttProperties properties = in.hasRemaining() ? MqttProperties.read(in, PropertyContext.AUTH) : MqttProperties.EMPTY;
        requireAuthenticationMethodWithData(properties);
        return new Auth(rc, properties);
    }

    /** §3.1.2.11.10: Authentication Data without an Authentication Method is a Protocol Error. */
    private static void requireAuthenticationMethodWithData(MqttProperties properties) throws MqttDecodeException {
        if (properties.contains(MqttProperty.AUTHENTICATION_DATA) && !properties.contains(MqttProperty.AUTHENTICATION_METHOD)) {
            throw MqttDecodeException.protocolError("§3.1.2.11.10", "Authentication Data without an Authentication Method");
        }
    }

    private static int requirePacketId(ByteBuffer in) throws MqttDecodeException {
        int id = WireReader.readTwoByteInt(in, "Packet Identifier");
        if (id == 0) {
            throw MqttDecodeException.protocolError("MQTT-2.2.1-3", "Packet Identifier 0");
        }
        return id;
    }

    private static void requireTopicName(String topic, boolean inPublish) throws MqttDecodeException {
        String violated = Topics.checkTopicName(topic);
        if (violated != null) {
            throw new MqttDecodeException(ReasonCode.TOPIC_NAME_INVALID, violated,
                    (inPublish ? "Topic Name" : "Will Topic") + " \"" + topic + "\" is invalid");
        }
    }

    private static void requireTopicFilter(String filter, ProtocolVersion version) throws MqttDecodeException {
        // A filter valid with the shared syntax is also valid read as plain levels, which is how
        // the Subscription record checks it, so one pass suffices.
        String violated = Topics.checkTopicFilter(filter, version.isV5());
        if (violated != null) {
            throw new MqttDecodeException(ReasonCode.TOPIC_FILTER_INVALID, violated, "Topic Filter \"" + filter + "\" is invalid");
        }
    }
}
