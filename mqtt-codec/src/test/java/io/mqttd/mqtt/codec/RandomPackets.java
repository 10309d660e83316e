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
import io.mqttd.mqtt.codec.packet.RetainHandling;
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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Random valid packets of every type for a protocol version, with random properties, for round-trip
 * and robustness properties. Strings mix ASCII, two-, three- and four-byte UTF-8 and U+FEFF.
 */
final class RandomPackets {
    private static final String[] TOKENS = {"a", "b", "z", "0", "é", "€", "\uFEFF", "😀", "$", " ", "-"};
    private static final ControlPacketType[] V3_TYPES = {
        ControlPacketType.CONNACK, ControlPacketType.PUBLISH, ControlPacketType.PUBACK, ControlPacketType.PUBREC,
        ControlPacketType.PUBREL, ControlPacketType.PUBCOMP, ControlPacketType.SUBSCRIBE, ControlPacketType.SUBACK,
        ControlPacketType.UNSUBSCRIBE, ControlPacketType.UNSUBACK, ControlPacketType.PINGREQ,
        ControlPacketType.PINGRESP, ControlPacketType.DISCONNECT};

    private RandomPackets() {
    }

    /** Any packet but CONNECT, valid for {@code v}. */
    static Arbitrary<MqttPacket> afterConnect(ProtocolVersion v) {
        return Arbitraries.randomValue(r -> packet(r, v));
    }

    static Arbitrary<Connect> connect(ProtocolVersion v) {
        return Arbitraries.randomValue(r -> connect(r, v));
    }

    static MqttPacket packet(Random r, ProtocolVersion v) {
        ControlPacketType type = v.isV5()
                ? ControlPacketType.values()[1 + r.nextInt(ControlPacketType.values().length - 1)]
                : V3_TYPES[r.nextInt(V3_TYPES.length)];
        return packet(r, v, type);
    }

    static MqttPacket packet(Random r, ProtocolVersion v, ControlPacketType type) {
        boolean v5 = v.isV5();
        return switch (type) {
            case CONNECT -> connect(r, v);
            case CONNACK -> {
                ReasonCode rc = v5 ? code(r, ControlPacketType.CONNACK) : List.of(ReasonCode.SUCCESS,
                        ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                        ReasonCode.SERVER_UNAVAILABLE, ReasonCode.BAD_USER_NAME_OR_PASSWORD, ReasonCode.NOT_AUTHORIZED)
                        .get(r.nextInt(6));
                yield new Connack(!rc.isError() && v != ProtocolVersion.MQTT_3_1 && r.nextBoolean(), rc,
                        props(r, v, PropertyContext.CONNACK));
            }
            case PUBLISH -> publish(r, v);
            case PUBACK -> new Puback(id(r), ackCode(r, v, type), props(r, v, PropertyContext.PUBACK));
            case PUBREC -> new Pubrec(id(r), ackCode(r, v, type), props(r, v, PropertyContext.PUBREC));
            case PUBREL -> new Pubrel(id(r), ackCode(r, v, type), props(r, v, PropertyContext.PUBREL));
            case PUBCOMP -> new Pubcomp(id(r), ackCode(r, v, type), props(r, v, PropertyContext.PUBCOMP));
            case SUBSCRIBE -> {
                List<Subscription> subs = new ArrayList<>();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    String filter = filter(r, v5);
                    Qos qos = Qos.of(r.nextInt(3));
                    SubscriptionOptions o = v5
                            ? new SubscriptionOptions(qos, !filter.startsWith("$share/") && r.nextBoolean(), r.nextBoolean(),
                                    RetainHandling.values()[r.nextInt(3)])
                            : SubscriptionOptions.of(qos);
                    subs.add(new Subscription(filter, o));
                }
                yield new Subscribe(id(r), subs, props(r, v, PropertyContext.SUBSCRIBE));
            }
            case SUBACK -> {
                List<ReasonCode> codes = new ArrayList<>();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    codes.add(v5 ? code(r, ControlPacketType.SUBACK) : List.of(ReasonCode.GRANTED_QOS_0,
                            ReasonCode.GRANTED_QOS_1, ReasonCode.GRANTED_QOS_2, ReasonCode.UNSPECIFIED_ERROR).get(r.nextInt(4)));
                }
                yield new Suback(id(r), codes, props(r, v, PropertyContext.SUBACK));
            }
            case UNSUBSCRIBE -> {
                List<String> filters = new ArrayList<>();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    filters.add(filter(r, v5));
                }
                yield new Unsubscribe(id(r), filters, props(r, v, PropertyContext.UNSUBSCRIBE));
            }
            case UNSUBACK -> {
                List<ReasonCode> codes = new ArrayList<>();
                for (int i = 0, n = v5 ? 1 + r.nextInt(4) : 0; i < n; i++) {
                    codes.add(code(r, ControlPacketType.UNSUBACK));
                }
                yield new Unsuback(id(r), codes, props(r, v, PropertyContext.UNSUBACK));
            }
            case PINGREQ -> Pingreq.INSTANCE;
            case PINGRESP -> Pingresp.INSTANCE;
            case DISCONNECT -> v5 ? new Disconnect(code(r, ControlPacketType.DISCONNECT), props(r, v, PropertyContext.DISCONNECT))
                    : Disconnect.NORMAL;
            case AUTH -> new Auth(code(r, ControlPacketType.AUTH), props(r, v, PropertyContext.AUTH));
        };
    }

    static Publish publish(Random r, ProtocolVersion v) {
        Qos qos = Qos.of(r.nextInt(3));
        MqttProperties props = props(r, v, PropertyContext.PUBLISH);
        String topic = props.contains(MqttProperty.TOPIC_ALIAS) && r.nextBoolean() ? "" : topic(r);
        byte[] payload = new byte[r.nextInt(4) == 0 ? r.nextInt(300) : r.nextInt(20)];
        r.nextBytes(payload);
        return new Publish(qos != Qos.AT_MOST_ONCE && r.nextBoolean(), qos, r.nextBoolean(), topic,
                qos == Qos.AT_MOST_ONCE ? 0 : id(r), ByteBuffer.wrap(payload), props);
    }

    static Connect connect(Random r, ProtocolVersion v) {
        Will will = null;
        if (r.nextBoolean()) {
            byte[] payload = new byte[r.nextInt(30)];
            r.nextBytes(payload);
            will = new Will(Qos.of(r.nextInt(3)), r.nextBoolean(), topic(r), ByteBuffer.wrap(payload),
                    props(r, v, PropertyContext.WILL));
        }
        String user = r.nextBoolean() ? text(r, 0, 8) : null;
        ByteBuffer password = null;
        if ((user != null || v.isV5()) && r.nextBoolean()) {
            byte[] pw = new byte[r.nextInt(12)];
            r.nextBytes(pw);
            password = ByteBuffer.wrap(pw);
        }
        return new Connect(v, text(r, 0, 10), r.nextBoolean(), r.nextInt(65536), will, user, password,
                props(r, v, PropertyContext.CONNECT));
    }

    static int id(Random r) {
        return 1 + r.nextInt(65535);
    }

    static ReasonCode code(Random r, ControlPacketType type) {
        List<ReasonCode> valid = new ArrayList<>();
        for (ReasonCode rc : ReasonCode.values()) {
            if (rc.isValidIn(type)) {
                valid.add(rc);
            }
        }
        return valid.get(r.nextInt(valid.size()));
    }

    static ReasonCode ackCode(Random r, ProtocolVersion v, ControlPacketType type) {
        return v.isV5() && r.nextBoolean() ? code(r, type) : ReasonCode.SUCCESS;
    }

    static String text(Random r, int min, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = min + r.nextInt(max - min + 1); i < n; i++) {
            sb.append(TOKENS[r.nextInt(TOKENS.length)]);
        }
        return sb.toString();
    }

    static String topic(Random r) {
        StringBuilder sb = new StringBuilder(text(r, 1, 6));
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            sb.append('/').append(text(r, 0, 5));
        }
        return sb.toString();
    }

    static String filter(Random r, boolean v5) {
        StringBuilder sb = new StringBuilder();
        int levels = 1 + r.nextInt(4);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(r.nextInt(4) == 0 ? "+" : text(r, 0, 4));
        }
        if (r.nextInt(4) == 0) {
            sb.append("/#");
        }
        String filter = sb.isEmpty() ? "x" : sb.toString();
        return v5 && r.nextInt(5) == 0 ? "$share/" + text(r, 1, 4).replace("$", "s") + "/" + filter : filter;
    }

    /** Random properties allowed in {@code context}; always empty before MQTT 5.0. */
    static MqttProperties props(Random r, ProtocolVersion v, PropertyContext context) {
        if (!v.isV5() || r.nextInt(3) == 0) {
            return MqttProperties.EMPTY;
        }
        MqttProperties.Builder b = MqttProperties.builder();
        for (MqttProperty p : MqttProperty.values()) {
            if (!p.isAllowedIn(context) || r.nextInt(3) != 0) {
                continue;
            }
            // §3.1.2.11.10: no Authentication Data without an Authentication Method (0x15 comes first).
            if (p == MqttProperty.AUTHENTICATION_DATA && !b.contains(MqttProperty.AUTHENTICATION_METHOD)) {
                continue;
            }
            switch (p) {
                case USER_PROPERTY -> {
                    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                        b.addUserProperty(text(r, 0, 5), text(r, 0, 5));
                    }
                }
                case SUBSCRIPTION_IDENTIFIER -> {
                    int n = p.isRepeatableIn(context) ? 1 + r.nextInt(3) : 1;
                    for (int i = 0; i < n; i++) {
                        b.addSubscriptionIdentifier(1 + r.nextInt(r.nextBoolean() ? 127 : 268_435_455));
                    }
                }
                default -> {
                    switch (p.type()) {
                        case BYTE -> b.put(p, r.nextInt(2));
                        case TWO_BYTE_INTEGER -> b.put(p, 1 + r.nextInt(65535));
                        case FOUR_BYTE_INTEGER -> b.put(p, 1 + (r.nextLong() & 0xFFFF_FFFFL) % 0xFFFF_FFFFL);
                        case UTF8_STRING -> b.put(p, text(r, 0, 8));
                        case BINARY_DATA -> {
                            byte[] d = new byte[r.nextInt(10)];
                            r.nextBytes(d);
                            b.put(p, d);
                        }
                        default -> throw new AssertionError(p);
                    }
                }
            }
        }
        return b.build();
    }
}
