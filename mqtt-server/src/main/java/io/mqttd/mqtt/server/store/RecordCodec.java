package io.mqttd.mqtt.server.store;

import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The value encoding of the RocksDB store. Every record starts with a format version byte so that
 * a later layout can be told apart; integers are big-endian, strings carry a u16 length as in MQTT
 * (§1.5.4), byte arrays a u32 length. Decoding checks every length against what is left and
 * rejects reserved bits, unknown versions and trailing bytes with {@link CorruptRecordException}.
 *
 * <pre>
 * message:  u8 version=1 ‖ u8 flags(qos:2, retain:1, hasExpiry:1) ‖ str topic ‖ str publisher
 *           ‖ [i64 expiresAtMillis] ‖ u32 len properties ‖ u32 len payload
 * session:  u8 version=1 ‖ u8 protocol level ‖ u32 session expiry interval ‖ i64 disconnectedAt
 *           ‖ u32 count ‖ count × (str filter ‖ u8 options as in SUBSCRIBE (§3.8.3.1) ‖ u32 id)
 *           ‖ u8 hasWill ‖ [u8 flags(qos:2, retain:1) ‖ str topic ‖ u32 len properties
 *           ‖ u32 len payload ‖ u32 will delay interval]
 * state:    u8 delivery state ‖ u16 packet id
 * </pre>
 */
final class RecordCodec {
    static final int FORMAT_VERSION = 1;

    private static final int QOS_MASK = 0x03;
    private static final int RETAIN = 0x04;
    private static final int HAS_EXPIRY = 0x08;
    private static final int RETAIN_HANDLING_SHIFT = 4;

    private RecordCodec() {
    }

    // ---- messages

    static byte[] encodeMessage(StoredMessage m) {
        byte[] topic = StoreKeys.utf8(m.topic());
        byte[] publisher = StoreKeys.utf8(m.publisherClientId());
        int size = 2 + 2 + topic.length + 2 + publisher.length + (m.hasExpiry() ? 8 : 0) + 4 + m.properties().length
                + 4 + m.payload().length;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) FORMAT_VERSION);
        out.put((byte) (m.qos().value() | (m.retain() ? RETAIN : 0) | (m.hasExpiry() ? HAS_EXPIRY : 0)));
        putString(out, topic);
        putString(out, publisher);
        if (m.hasExpiry()) {
            out.putLong(m.expiresAtMillis());
        }
        out.putInt(m.properties().length).put(m.properties());
        out.putInt(m.payload().length).put(m.payload());
        return out.array();
    }

    static StoredMessage decodeMessage(byte[] record) {
        RecordReader in = new RecordReader(record);
        version(in);
        int flags = in.u8("message flags");
        if ((flags & ~(QOS_MASK | RETAIN | HAS_EXPIRY)) != 0) {
            throw new CorruptRecordException("reserved message flag bits set: " + flags);
        }
        Qos qos = qos(flags);
        String topic = in.string16("topic");
        String publisher = in.string16("publisher client id");
        long expiresAt = StoredMessage.NO_EXPIRY;
        if ((flags & HAS_EXPIRY) != 0) {
            expiresAt = in.i64("expiry");
            if (expiresAt == StoredMessage.NO_EXPIRY) {
                throw new CorruptRecordException("expiry flag set without an expiry instant");
            }
        }
        byte[] properties = in.bytes(in.u32("properties length"), "properties");
        byte[] payload = in.bytes(in.u32("payload length"), "payload");
        in.expectEnd("message");
        return new StoredMessage(topic, payload, qos, (flags & RETAIN) != 0, properties, expiresAt, publisher);
    }

    // ---- sessions

    static byte[] encodeSession(SessionState s) {
        List<byte[]> filters = new ArrayList<>(s.subscriptions().size());
        int size = 1 + 1 + 4 + 8 + 4 + 1;
        for (StoredSubscription sub : s.subscriptions()) {
            byte[] filter = StoreKeys.utf8(sub.topicFilter());
            filters.add(filter);
            size += 2 + filter.length + 1 + 4;
        }
        byte[] willTopic = null;
        if (s.will().isPresent()) {
            WillMessage w = s.will().get();
            willTopic = StoreKeys.utf8(w.topic());
            size += 1 + 2 + willTopic.length + 4 + w.properties().length + 4 + w.payload().length + 4;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) FORMAT_VERSION);
        out.put((byte) s.protocolLevel());
        out.putInt((int) s.sessionExpiryIntervalSeconds());
        out.putLong(s.disconnectedAtMillis());
        out.putInt(s.subscriptions().size());
        for (int i = 0; i < filters.size(); i++) {
            StoredSubscription sub = s.subscriptions().get(i);
            putString(out, filters.get(i));
            // The options byte of §3.8.3.1, as on the wire.
            out.put((byte) sub.options().toByte());
            out.putInt(sub.subscriptionIdentifier());
        }
        if (willTopic == null) {
            out.put((byte) 0);
        } else {
            WillMessage w = s.will().get();
            out.put((byte) 1);
            out.put((byte) (w.qos().value() | (w.retain() ? RETAIN : 0)));
            putString(out, willTopic);
            out.putInt(w.properties().length).put(w.properties());
            out.putInt(w.payload().length).put(w.payload());
            out.putInt((int) w.delayIntervalSeconds());
        }
        return out.array();
    }

    static SessionState decodeSession(String clientId, byte[] record) {
        RecordReader in = new RecordReader(record);
        version(in);
        int protocolLevel = in.u8("protocol level");
        long expiryInterval = in.u32("session expiry interval");
        long disconnectedAt = in.i64("disconnected at");
        long count = in.u32("subscription count");
        // Each subscription takes at least 7 bytes: bound the count before allocating for it.
        if (count > in.remaining() / 7) {
            throw new CorruptRecordException("subscription count " + count + " exceeds the record");
        }
        List<StoredSubscription> subscriptions = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            String filter = in.string16("topic filter");
            int options = in.u8("subscription options");
            // §3.8.3.1: bits 6 and 7 are reserved; Retain Handling 3 is a protocol error.
            if ((options & 0xC0) != 0 || (options >>> RETAIN_HANDLING_SHIFT & 0x03) == 3) {
                throw new CorruptRecordException("invalid subscription options: " + options);
            }
            long id = in.u32("subscription identifier");
            if (id > StoredSubscription.MAX_IDENTIFIER) {
                throw new CorruptRecordException("subscription identifier out of range: " + id);
            }
            if ((options & QOS_MASK) == 3) {
                throw new CorruptRecordException("QoS 3 is not a QoS");
            }
            subscriptions.add(new StoredSubscription(filter, SubscriptionOptions.fromByte(options), (int) id));
        }
        Optional<WillMessage> will;
        int hasWill = in.u8("will flag");
        if (hasWill == 0) {
            will = Optional.empty();
        } else if (hasWill == 1) {
            int flags = in.u8("will flags");
            if ((flags & ~(QOS_MASK | RETAIN)) != 0) {
                throw new CorruptRecordException("reserved will flag bits set: " + flags);
            }
            String topic = in.string16("will topic");
            byte[] properties = in.bytes(in.u32("will properties length"), "will properties");
            byte[] payload = in.bytes(in.u32("will payload length"), "will payload");
            long delay = in.u32("will delay interval");
            will = Optional.of(new WillMessage(topic, payload, qos(flags), (flags & RETAIN) != 0, properties, delay));
        } else {
            throw new CorruptRecordException("will flag must be 0 or 1: " + hasWill);
        }
        in.expectEnd("session");
        return new SessionState(clientId, protocolLevel, expiryInterval, disconnectedAt, subscriptions, will);
    }

    // ---- in-flight state

    static byte[] encodeState(DeliveryState state, int packetId) {
        return new byte[] {(byte) state.ordinal(), (byte) (packetId >>> 8), (byte) packetId};
    }

    /** The state and packet id packed as by {@link QueueIndex#pack}. */
    static int decodeState(byte[] record) {
        RecordReader in = new RecordReader(record);
        int state = in.u8("delivery state");
        int packetId = in.u16("packet id");
        in.expectEnd("delivery state");
        if (state == DeliveryState.QUEUED.ordinal() || state >= DeliveryState.count()) {
            throw new CorruptRecordException("invalid in-flight delivery state: " + state);
        }
        if (packetId == 0) {
            // MQTT 5.0 §2.2.1: packet identifiers are non-zero.
            throw new CorruptRecordException("in-flight entry with packet id 0");
        }
        return QueueIndex.pack(DeliveryState.of(state), packetId);
    }

    // ---- helpers

    private static void version(RecordReader in) {
        int version = in.u8("format version");
        if (version != FORMAT_VERSION) {
            throw new CorruptRecordException("unknown record format version " + version);
        }
    }

    private static Qos qos(int flags) {
        int value = flags & QOS_MASK;
        if (value == 3) {
            throw new CorruptRecordException("QoS 3 is not a QoS");
        }
        return Qos.of(value);
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putShort((short) utf8.length).put(utf8);
    }
}
