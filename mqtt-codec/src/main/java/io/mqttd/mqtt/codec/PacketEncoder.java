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
import io.mqttd.mqtt.codec.packet.Unsuback;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.packet.Will;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import io.mqttd.mqtt.codec.wire.Topics;
import io.mqttd.mqtt.codec.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The wire form of each packet's variable header and payload for one protocol version. Sizes and
 * writes mirror each other; {@link #remainingLength} also checks that the version can express the
 * packet, so that nothing is written for a packet that would be refused.
 */
final class PacketEncoder {
    private PacketEncoder() {
    }

    /** The first byte of the fixed header (§2.1.1). */
    static int firstByte(MqttPacket p) {
        int flags = p instanceof Publish pub
                ? (pub.dup() ? 0x08 : 0) | pub.qos().value() << 1 | (pub.retain() ? 0x01 : 0)
                : p.type().requiredFlags();
        return p.type().value() << 4 | flags;
    }

    /** The Remaining Length (§2.1.4); throws IllegalArgumentException if {@code v} cannot carry the packet. */
    static int remainingLength(MqttPacket packet, ProtocolVersion v) {
        return remainingLengthOf(java.util.Objects.requireNonNull(packet, "packet"), v, v.isV5());
    }

    private static int remainingLengthOf(MqttPacket packet, ProtocolVersion v, boolean v5) {
        if (packet instanceof Connect c) {
            return connectLength(c);
        }
        if (packet instanceof Connack c) {
            if (!v5) {
                requireV3(V3ReturnCodes.connackToV3(c.reasonCode()) >= 0, c.reasonCode() + " in a 3.1.1 CONNACK");
                if (v == ProtocolVersion.MQTT_3_1 && c.sessionPresent()) {
                    // MQTT 3.1's first CONNACK byte is reserved; Session Present arrived with 3.1.1.
                    throw new IllegalArgumentException("Session Present cannot be sent with MQTT 3.1");
                }
                requireNoProperties(c.properties(), v);
                return 2;
            }
            return 2 + c.properties().encodedLengthWithPrefix();
        }
        if (packet instanceof Publish p) {
            requireNoProperties(p.properties(), v);
            requireV3(v5 || !p.topicName().isEmpty(), "an empty Topic Name");
            return 2 + MqttUtf8.encodedLength(p.topicName(), "Topic Name") + (p.packetId() != 0 ? 2 : 0)
                    + (v5 ? p.properties().encodedLengthWithPrefix() : 0) + p.payload().remaining();
        }
        if (packet instanceof Puback a) {
            return ackLength(a.reasonCode(), a.properties(), v);
        }
        if (packet instanceof Pubrec a) {
            return ackLength(a.reasonCode(), a.properties(), v);
        }
        if (packet instanceof Pubrel a) {
            return ackLength(a.reasonCode(), a.properties(), v);
        }
        if (packet instanceof Pubcomp a) {
            return ackLength(a.reasonCode(), a.properties(), v);
        }
        if (packet instanceof Subscribe s) {
            requireNoProperties(s.properties(), v);
            int len = 2 + (v5 ? s.properties().encodedLengthWithPrefix() : 0);
            for (Subscription sub : s.subscriptions()) {
                if (v5) {
                    String violated = Topics.checkTopicFilter(sub.topicFilter(), true);
                    if (violated != null) {
                        throw new IllegalArgumentException("invalid Topic Filter (" + violated + "): " + sub.topicFilter());
                    }
                    if (sub.options().noLocal() && Topics.isShared(sub.topicFilter())) {
                        throw new IllegalArgumentException("No Local on a Shared Subscription (MQTT-3.8.3-4)");
                    }
                } else {
                    requireV3(sub.options().isQosOnly(), "subscription options other than QoS");
                }
                len += 3 + MqttUtf8.encodedLength(sub.topicFilter(), "Topic Filter");
            }
            return len;
        }
        if (packet instanceof Suback s) {
            requireNoProperties(s.properties(), v);
            if (!v5) {
                for (ReasonCode rc : s.reasonCodes()) {
                    requireV3(V3ReturnCodes.isV3Suback(rc), rc + " in a 3.1.1 SUBACK");
                }
            }
            return 2 + (v5 ? s.properties().encodedLengthWithPrefix() : 0) + s.reasonCodes().size();
        }
        if (packet instanceof Unsubscribe u) {
            requireNoProperties(u.properties(), v);
            int len = 2 + (v5 ? u.properties().encodedLengthWithPrefix() : 0);
            for (String f : u.topicFilters()) {
                if (v5 && Topics.checkTopicFilter(f, true) != null) {
                    throw new IllegalArgumentException("invalid Topic Filter (" + Topics.checkTopicFilter(f, true) + "): " + f);
                }
                len += 2 + MqttUtf8.encodedLength(f, "Topic Filter");
            }
            return len;
        }
        if (packet instanceof Unsuback u) {
            if (!v5) {
                // 3.1.1 UNSUBACK has no payload (3.1.1 §3.11.3); its reason codes have no wire form.
                requireNoProperties(u.properties(), v);
                return 2;
            }
            if (u.reasonCodes().isEmpty()) {
                throw new IllegalArgumentException("an MQTT 5.0 UNSUBACK needs one reason code per Topic Filter (§3.11.3)");
            }
            return 2 + u.properties().encodedLengthWithPrefix() + u.reasonCodes().size();
        }
        if (packet instanceof Pingreq || packet instanceof Pingresp) {
            return 0;
        }
        if (packet instanceof Disconnect d) {
            if (!v5) {
                requireV3(d.reasonCode() == ReasonCode.NORMAL_DISCONNECTION, d.reasonCode() + " in a 3.1.1 DISCONNECT");
                requireNoProperties(d.properties(), v);
                return 0;
            }
            return shortFormLength(d.reasonCode() == ReasonCode.NORMAL_DISCONNECTION, d.properties(), 0);
        }
        Auth a = (Auth) packet;
        requireV3(v5, "AUTH");
        return shortFormLength(a.reasonCode() == ReasonCode.SUCCESS, a.properties(), 0);
    }

    private static int connectLength(Connect c) {
        ProtocolVersion v = c.protocolVersion();
        int len = 2 + v.protocolName().length() + 1 + 1 + 2;
        if (v.isV5()) {
            len += c.properties().encodedLengthWithPrefix();
        }
        len += 2 + MqttUtf8.encodedLength(c.clientId(), "Client Identifier");
        Will w = c.will();
        if (w != null) {
            if (v.isV5()) {
                len += w.properties().encodedLengthWithPrefix();
            }
            len += 2 + MqttUtf8.encodedLength(w.topic(), "Will Topic") + 2 + w.payload().remaining();
        }
        if (c.userName() != null) {
            len += 2 + MqttUtf8.encodedLength(c.userName(), "User Name");
        }
        if (c.password() != null) {
            len += 2 + c.password().remaining();
        }
        return len;
    }

    /** PUBACK, PUBREC, PUBREL, PUBCOMP: MQTT 5.0 §3.4.2.1 omits what is default. */
    private static int ackLength(ReasonCode rc, MqttProperties properties, ProtocolVersion v) {
        if (!v.isV5()) {
            requireV3(rc == ReasonCode.SUCCESS, rc + " in a 3.1.1 acknowledgement");
            requireNoProperties(properties, v);
            return 2;
        }
        return shortFormLength(rc == ReasonCode.SUCCESS, properties, 2);
    }

    /** Header bytes, then the reason code only if not the default, the properties only if any. */
    private static int shortFormLength(boolean defaultCode, MqttProperties properties, int header) {
        if (!properties.isEmpty()) {
            return header + 1 + properties.encodedLengthWithPrefix();
        }
        return header + (defaultCode ? 0 : 1);
    }

    private static void requireNoProperties(MqttProperties properties, ProtocolVersion v) {
        if (!v.isV5() && !properties.isEmpty()) {
            throw new IllegalArgumentException("MQTT " + v + " has no properties");
        }
    }

    private static void requireV3(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what + " cannot be sent with MQTT 3.1.1");
        }
    }

    /** Writes the variable header and payload; {@code remainingLength} came from {@link #remainingLength}. */
    static void writeBody(MqttPacket packet, ProtocolVersion v, int remainingLength, ByteBuffer out) {
        boolean v5 = v.isV5();
        if (packet instanceof Publish p) {
            String topic = p.topicName();
            MqttUtf8.write(out, topic, MqttUtf8.encodedLength(topic, "Topic Name"));
            if (p.packetId() != 0) {
                WireWriter.writeTwoByteInt(out, p.packetId());
            }
            if (v5) {
                p.properties().writeTo(out);
            }
            out.put(p.payload());
        } else if (packet instanceof Connect c) {
            writeConnect(c, out);
        } else if (packet instanceof Connack c) {
            out.put((byte) (c.sessionPresent() ? 1 : 0));
            if (v5) {
                out.put((byte) c.reasonCode().value());
                c.properties().writeTo(out);
            } else {
                out.put((byte) V3ReturnCodes.connackToV3(c.reasonCode()));
            }
        } else if (packet instanceof Puback a) {
            writeAck(a.packetId(), a.reasonCode(), a.properties(), remainingLength, out);
        } else if (packet instanceof Pubrec a) {
            writeAck(a.packetId(), a.reasonCode(), a.properties(), remainingLength, out);
        } else if (packet instanceof Pubrel a) {
            writeAck(a.packetId(), a.reasonCode(), a.properties(), remainingLength, out);
        } else if (packet instanceof Pubcomp a) {
            writeAck(a.packetId(), a.reasonCode(), a.properties(), remainingLength, out);
        } else if (packet instanceof Subscribe s) {
            WireWriter.writeTwoByteInt(out, s.packetId());
            if (v5) {
                s.properties().writeTo(out);
            }
            for (Subscription sub : s.subscriptions()) {
                String f = sub.topicFilter();
                MqttUtf8.write(out, f, MqttUtf8.encodedLength(f, "Topic Filter"));
                out.put((byte) sub.options().toByte());
            }
        } else if (packet instanceof Suback s) {
            WireWriter.writeTwoByteInt(out, s.packetId());
            if (v5) {
                s.properties().writeTo(out);
            }
            writeCodes(s.reasonCodes(), out);
        } else if (packet instanceof Unsubscribe u) {
            WireWriter.writeTwoByteInt(out, u.packetId());
            if (v5) {
                u.properties().writeTo(out);
            }
            for (String f : u.topicFilters()) {
                MqttUtf8.write(out, f, MqttUtf8.encodedLength(f, "Topic Filter"));
            }
        } else if (packet instanceof Unsuback u) {
            WireWriter.writeTwoByteInt(out, u.packetId());
            if (v5) {
                u.properties().writeTo(out);
                writeCodes(u.reasonCodes(), out);
            }
        } else if (packet instanceof Disconnect d) {
            writeShortForm(d.reasonCode(), d.properties(), remainingLength, out);
        } else if (packet instanceof Auth a) {
            writeShortForm(a.reasonCode(), a.properties(), remainingLength, out);
        }
        // PINGREQ and PINGRESP have no body.
    }

    private static void writeConnect(Connect c, ByteBuffer out) {
        ProtocolVersion v = c.protocolVersion();
        MqttUtf8.write(out, v.protocolName(), v.protocolName().length());
        out.put((byte) v.level());
        Will w = c.will();
        int flags = (c.userName() != null ? 0x80 : 0) | (c.password() != null ? 0x40 : 0) | (c.cleanStart() ? 0x02 : 0);
        if (w != null) {
            flags |= 0x04 | w.qos().value() << 3 | (w.retain() ? 0x20 : 0);
        }
        out.put((byte) flags);
        WireWriter.writeTwoByteInt(out, c.keepAlive());
        if (v.isV5()) {
            c.properties().writeTo(out);
        }
        MqttUtf8.write(out, c.clientId(), MqttUtf8.encodedLength(c.clientId(), "Client Identifier"));
        if (w != null) {
            if (v.isV5()) {
                w.properties().writeTo(out);
            }
            MqttUtf8.write(out, w.topic(), MqttUtf8.encodedLength(w.topic(), "Will Topic"));
            WireWriter.writeBinary(out, w.payload());
        }
        if (c.userName() != null) {
            MqttUtf8.write(out, c.userName(), MqttUtf8.encodedLength(c.userName(), "User Name"));
        }
        if (c.password() != null) {
            WireWriter.writeBinary(out, c.password());
        }
    }

    private static void writeAck(int packetId, ReasonCode rc, MqttProperties properties, int remainingLength, ByteBuffer out) {
        WireWriter.writeTwoByteInt(out, packetId);
        writeShortForm(rc, properties, remainingLength - 2, out);
    }

    /** Reason code and properties sized by {@link #shortFormLength}: 0, 1 or more bytes. */
    private static void writeShortForm(ReasonCode rc, MqttProperties properties, int length, ByteBuffer out) {
        if (length > 0) {
            out.put((byte) rc.value());
        }
        if (length > 1) {
            properties.writeTo(out);
        }
    }

    private static void writeCodes(List<ReasonCode> codes, ByteBuffer out) {
        for (int i = 0, n = codes.size(); i < n; i++) {
            out.put((byte) codes.get(i).value());
        }
    }
}
