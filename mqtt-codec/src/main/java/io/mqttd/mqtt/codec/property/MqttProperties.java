package io.mqttd.mqtt.codec.property;

import io.mqttd.mqtt.codec.MqttDecodeException;
import io.mqttd.mqtt.codec.wire.MqttUtf8;
import io.mqttd.mqtt.codec.wire.VariableByteInteger;
import io.mqttd.mqtt.codec.wire.WireReader;
import io.mqttd.mqtt.codec.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An immutable MQTT 5.0 property list (§2.2.2).
 *
 * <p>Held compactly because almost every PUBLISH carries it: a packet without properties shares
 * {@link #EMPTY}; otherwise one bit per single-valued identifier says what is present, and the
 * values sit in two exactly-sized arrays (integers, strings/binary) in identifier order, found by
 * counting the present bits below an identifier. No map, no boxing. User Properties keep their
 * order (§3.3.2.3.7: the receiver MUST keep it when forwarding); Subscription Identifiers may repeat
 * in PUBLISH.
 *
 * <p>The wire form writes properties in ascending identifier order; the specification leaves the
 * order free, and the decoder accepts any.
 */
public final class MqttProperties {
    private static final long[] NO_NUMBERS = {};
    private static final Object[] NO_REFS = {};
    private static final int[] NO_INTS = {};

    /** The empty list, shared by every packet that has no properties. */
    public static final MqttProperties EMPTY = new MqttProperties(0, NO_NUMBERS, NO_REFS, List.of(), NO_INTS);

    /** Identifiers held in {@link #numbers} and {@link #refs} respectively. */
    private static final long NUMERIC_IDS;
    private static final long REF_IDS;
    /** Per context, the single-valued identifiers allowed there. */
    private static final long[] ALLOWED_IDS = new long[PropertyContext.values().length];

    static {
        long numeric = 0;
        long ref = 0;
        for (MqttProperty p : MqttProperty.values()) {
            if (p == MqttProperty.USER_PROPERTY || p == MqttProperty.SUBSCRIPTION_IDENTIFIER) {
                continue;
            }
            if (p.type().isNumeric()) {
                numeric |= 1L << p.id();
            } else {
                ref |= 1L << p.id();
            }
            for (PropertyContext c : PropertyContext.values()) {
                if (p.isAllowedIn(c)) {
                    ALLOWED_IDS[c.ordinal()] |= 1L << p.id();
                }
            }
        }
        NUMERIC_IDS = numeric;
        REF_IDS = ref;
    }

    private final long present;
    private final long[] numbers;
    private final Object[] refs;
    private final List<UserProperty> userProperties;
    private final int[] subscriptionIdentifiers;
    /** Cached length of the property bytes without the length prefix; benign race, like String.hash. */
    private int encodedLength = -1;

    private MqttProperties(long present, long[] numbers, Object[] refs, List<UserProperty> userProperties,
            int[] subscriptionIdentifiers) {
        this.present = present;
        this.numbers = numbers;
        this.refs = refs;
        this.userProperties = userProperties;
        this.subscriptionIdentifiers = subscriptionIdentifiers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of these properties. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (MqttProperty p : MqttProperty.values()) {
            if (p != MqttProperty.USER_PROPERTY && p != MqttProperty.SUBSCRIPTION_IDENTIFIER && contains(p)) {
                if (p.type().isNumeric()) {
                    b.put(p, numbers[index(NUMERIC_IDS, p.id())]);
                } else {
                    b.put(p, refs[index(REF_IDS, p.id())]);
                }
            }
        }
        b.userProperties.addAll(userProperties);
        for (int id : subscriptionIdentifiers) {
            b.addSubscriptionIdentifier(id);
        }
        return b;
    }

    public boolean isEmpty() {
        return this == EMPTY || present == 0 && userProperties.isEmpty() && subscriptionIdentifiers.length == 0;
    }

    public boolean contains(MqttProperty p) {
        return switch (p) {
            case USER_PROPERTY -> !userProperties.isEmpty();
            case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.length > 0;
            default -> (present & 1L << p.id()) != 0;
        };
    }

    /**
     * The value of an integer property, or {@code defaultValue} if absent. For Subscription
     * Identifier this is the first one.
     */
    public long numeric(MqttProperty p, long defaultValue) {
        if (p == MqttProperty.SUBSCRIPTION_IDENTIFIER) {
            return subscriptionIdentifiers.length > 0 ? subscriptionIdentifiers[0] : defaultValue;
        }
        requireType(p, p.type().isNumeric());
        return (present & 1L << p.id()) != 0 ? numbers[index(NUMERIC_IDS, p.id())] : defaultValue;
    }

    /** The value of a UTF-8 string property, or {@code null} if absent. */
    public String string(MqttProperty p) {
        requireType(p, p.type() == PropertyType.UTF8_STRING);
        return (present & 1L << p.id()) != 0 ? (String) refs[index(REF_IDS, p.id())] : null;
    }

    /** The value of a binary property as a read-only view, or {@code null} if absent. */
    public ByteBuffer binary(MqttProperty p) {
        requireType(p, p.type() == PropertyType.BINARY_DATA);
        return (present & 1L << p.id()) != 0 ? ((ByteBuffer) refs[index(REF_IDS, p.id())]).slice() : null;
    }

    /** User Properties in wire order. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** Subscription Identifiers in wire order (a copy). */
    public int[] subscriptionIdentifiers() {
        return subscriptionIdentifiers.clone();
    }

    /**
     * Throws IllegalArgumentException if a property is not allowed in that context (§2.2.2.2) or a
     * single-valued one repeats; packet constructors call this so that nothing unsendable is built.
     */
    public void requireAllowedIn(PropertyContext context) {
        long extra = present & ~ALLOWED_IDS[context.ordinal()];
        if (extra != 0) {
            throw new IllegalArgumentException(
                    MqttProperty.ofId(Long.numberOfTrailingZeros(extra)) + " is not allowed in " + context + " (§2.2.2.2)");
        }
        if (subscriptionIdentifiers.length > 0 && !MqttProperty.SUBSCRIPTION_IDENTIFIER.isAllowedIn(context)
                || subscriptionIdentifiers.length > 1 && !MqttProperty.SUBSCRIPTION_IDENTIFIER.isRepeatableIn(context)) {
            throw new IllegalArgumentException("Subscription Identifier is not allowed " + (subscriptionIdentifiers.length > 1
                    ? "more than once " : "") + "in " + context + " (§3.8.2.1.2)");
        }
    }

    /** Bytes of the property list without its Variable Byte Integer length prefix (§2.2.2.1). */
    public int encodedLength() {
        int len = encodedLength;
        if (len < 0) {
            len = computeEncodedLength();
            encodedLength = len;
        }
        return len;
    }

    /** Bytes of the property list including its length prefix. */
    public int encodedLengthWithPrefix() {
        int len = encodedLength();
        return VariableByteInteger.encodedLength(len) + len;
    }

    private int computeEncodedLength() {
        int len = 0;
        for (long bits = present; bits != 0; bits &= bits - 1) {
            MqttProperty p = MqttProperty.ofId(Long.numberOfTrailingZeros(bits));
            len += 1 + switch (p.type()) {
                case BYTE -> 1;
                case TWO_BYTE_INTEGER -> 2;
                case FOUR_BYTE_INTEGER -> 4;
                case VARIABLE_BYTE_INTEGER -> VariableByteInteger.encodedLength((int) numbers[index(NUMERIC_IDS, p.id())]);
                case UTF8_STRING -> 2 + MqttUtf8.encodedLength((String) refs[index(REF_IDS, p.id())], p.name());
                case BINARY_DATA -> 2 + ((ByteBuffer) refs[index(REF_IDS, p.id())]).remaining();
                case UTF8_STRING_PAIR -> throw new AssertionError(p);
            };
        }
        for (int id : subscriptionIdentifiers) {
            len += 1 + VariableByteInteger.encodedLength(id);
        }
        for (UserProperty u : userProperties) {
            len += 5 + MqttUtf8.encodedLength(u.name(), "user property name")
                    + MqttUtf8.encodedLength(u.value(), "user property value");
        }
        return len;
    }

    /**
     * Writes the length prefix and the properties in ascending identifier order, the repeatable
     * ones (Subscription Identifier 0x0B, User Property 0x26) in their own place in that order.
     */
    public void writeTo(ByteBuffer out) {
        VariableByteInteger.write(out, encodedLength());
        boolean subIdsWritten = false;
        boolean usersWritten = false;
        for (long bits = present; bits != 0; bits &= bits - 1) {
            int id = Long.numberOfTrailingZeros(bits);
            if (!subIdsWritten && id > MqttProperty.SUBSCRIPTION_IDENTIFIER.id()) {
                writeSubscriptionIdentifiers(out);
                subIdsWritten = true;
            }
            if (!usersWritten && id > MqttProperty.USER_PROPERTY.id()) {
                writeUserProperties(out);
                usersWritten = true;
            }
            MqttProperty p = MqttProperty.ofId(id);
            out.put((byte) id);
            switch (p.type()) {
                case BYTE -> out.put((byte) numbers[index(NUMERIC_IDS, id)]);
                case TWO_BYTE_INTEGER -> WireWriter.writeTwoByteInt(out, (int) numbers[index(NUMERIC_IDS, id)]);
                case FOUR_BYTE_INTEGER -> WireWriter.writeFourByteInt(out, numbers[index(NUMERIC_IDS, id)]);
                case UTF8_STRING -> {
                    String s = (String) refs[index(REF_IDS, id)];
                    MqttUtf8.write(out, s, MqttUtf8.encodedLength(s, p.name()));
                }
                case BINARY_DATA -> WireWriter.writeBinary(out, (ByteBuffer) refs[index(REF_IDS, id)]);
                default -> throw new AssertionError(p);
            }
        }
        if (!subIdsWritten) {
            writeSubscriptionIdentifiers(out);
        }
        if (!usersWritten) {
            writeUserProperties(out);
        }
    }

    private void writeSubscriptionIdentifiers(ByteBuffer out) {
        for (int sid : subscriptionIdentifiers) {
            out.put((byte) MqttProperty.SUBSCRIPTION_IDENTIFIER.id());
            VariableByteInteger.write(out, sid);
        }
    }

    private void writeUserProperties(ByteBuffer out) {
        for (UserProperty u : userProperties) {
            out.put((byte) MqttProperty.USER_PROPERTY.id());
            MqttUtf8.write(out, u.name(), MqttUtf8.encodedLength(u.name(), "user property name"));
            MqttUtf8.write(out, u.value(), MqttUtf8.encodedLength(u.value(), "user property value"));
        }
    }

    /**
     * Reads a property list (length prefix and properties) for the given context.
     *
     * <p>Two passes over the bytes: the first checks identifiers, placement and repetition and counts,
     * so that the second can fill exactly-sized arrays without a builder.
     */
    public static MqttProperties read(ByteBuffer in, PropertyContext context) throws MqttDecodeException {
        int length = VariableByteInteger.read(in);
        if (length > in.remaining()) {
            throw MqttDecodeException.malformed("§2.2.2.1", "Property Length exceeds the packet");
        }
        if (length == 0) {
            return EMPTY;
        }
        int start = in.position();
        int end = start + length;
        int savedLimit = in.limit();
        in.limit(end);
        try {
            long present = 0;
            int userCount = 0;
            int subIdCount = 0;
            while (in.hasRemaining()) {
                int id = VariableByteInteger.read(in);
                MqttProperty p = MqttProperty.ofId(id);
                if (p == null) {
                    throw MqttDecodeException.malformed("§2.2.2.2", "unknown property identifier 0x" + Integer.toHexString(id));
                }
                if (!p.isAllowedIn(context)) {
                    throw MqttDecodeException.malformed("§2.2.2.2", p + " is not allowed in " + context);
                }
                if (p == MqttProperty.USER_PROPERTY) {
                    userCount++;
                } else if (p == MqttProperty.SUBSCRIPTION_IDENTIFIER) {
                    if (subIdCount++ > 0 && !p.isRepeatableIn(context)) {
                        throw MqttDecodeException.protocolError("§3.8.2.1.2", "Subscription Identifier included more than once");
                    }
                } else {
                    long bit = 1L << id;
                    if ((present & bit) != 0) {
                        throw MqttDecodeException.protocolError("§2.2.2.2", p + " included more than once");
                    }
                    present |= bit;
                }
                skipValue(in, p);
            }
            long[] numbers = (present & NUMERIC_IDS) == 0 ? NO_NUMBERS : new long[Long.bitCount(present & NUMERIC_IDS)];
            Object[] refs = (present & REF_IDS) == 0 ? NO_REFS : new Object[Long.bitCount(present & REF_IDS)];
            UserProperty[] users = userCount == 0 ? null : new UserProperty[userCount];
            int[] subIds = subIdCount == 0 ? NO_INTS : new int[subIdCount];
            int u = 0;
            int s = 0;
            in.position(start);
            while (in.hasRemaining()) {
                MqttProperty p = MqttProperty.ofId(VariableByteInteger.read(in)); // validated in the first pass
                switch (p.type()) {
                    case UTF8_STRING_PAIR -> users[u++] = new UserProperty(
                            MqttUtf8.read(in, "user property name"), MqttUtf8.read(in, "user property value"));
                    case UTF8_STRING -> refs[index(REF_IDS, p.id(), present)] = MqttUtf8.read(in, p.name());
                    case BINARY_DATA -> refs[index(REF_IDS, p.id(), present)] = WireReader.readBinary(in, p.name());
                    default -> {
                        long v = readNumber(in, p);
                        String violated = checkValue(p, v);
                        if (violated != null) {
                            throw MqttDecodeException.protocolError(violated, p + " has the invalid value " + v);
                        }
                        if (p == MqttProperty.SUBSCRIPTION_IDENTIFIER) {
                            subIds[s++] = (int) v;
                        } else {
                            numbers[index(NUMERIC_IDS, p.id(), present)] = v;
                        }
                    }
                }
            }
            List<UserProperty> userList = users == null ? List.of() : Collections.unmodifiableList(Arrays.asList(users));
            return new MqttProperties(present, numbers, refs, userList, subIds);
        } finally {
            in.limit(savedLimit);
        }
    }

    private static void skipValue(ByteBuffer in, MqttProperty p) throws MqttDecodeException {
        switch (p.type()) {
            case UTF8_STRING_PAIR -> {
                skip(in, WireReader.readTwoByteInt(in, p.name()), p);
                skip(in, WireReader.readTwoByteInt(in, p.name()), p);
            }
            case UTF8_STRING, BINARY_DATA -> skip(in, WireReader.readTwoByteInt(in, p.name()), p);
            default -> readNumber(in, p);
        }
    }

    private static void skip(ByteBuffer in, int n, MqttProperty p) throws MqttDecodeException {
        if (in.remaining() < n) {
            throw MqttDecodeException.malformed("§2.2.2.1", p + " runs past the Property Length");
        }
        in.position(in.position() + n);
    }

    private static long readNumber(ByteBuffer in, MqttProperty p) throws MqttDecodeException {
        return switch (p.type()) {
            case BYTE -> WireReader.readByte(in, p.name());
            case TWO_BYTE_INTEGER -> WireReader.readTwoByteInt(in, p.name());
            case FOUR_BYTE_INTEGER -> WireReader.readFourByteInt(in, p.name());
            case VARIABLE_BYTE_INTEGER -> VariableByteInteger.read(in);
            default -> throw new AssertionError(p);
        };
    }

    /** The section a value violates, or null. These are Protocol Errors, not Malformed Packets. */
    static String checkValue(MqttProperty p, long v) {
        return switch (p) {
            case PAYLOAD_FORMAT_INDICATOR -> v > 1 ? "§3.3.2.3.2" : null;
            case REQUEST_PROBLEM_INFORMATION -> v > 1 ? "§3.1.2.11.7" : null;
            case REQUEST_RESPONSE_INFORMATION -> v > 1 ? "§3.1.2.11.6" : null;
            case MAXIMUM_QOS -> v > 1 ? "§3.2.2.3.4" : null;
            case RETAIN_AVAILABLE -> v > 1 ? "§3.2.2.3.5" : null;
            case WILDCARD_SUBSCRIPTION_AVAILABLE -> v > 1 ? "§3.2.2.3.12" : null;
            case SUBSCRIPTION_IDENTIFIER_AVAILABLE -> v > 1 ? "§3.2.2.3.13" : null;
            case SHARED_SUBSCRIPTION_AVAILABLE -> v > 1 ? "§3.2.2.3.14" : null;
            case RECEIVE_MAXIMUM -> v == 0 ? "§3.1.2.11.3" : null;
            case MAXIMUM_PACKET_SIZE -> v == 0 ? "§3.1.2.11.4" : null;
            case TOPIC_ALIAS -> v == 0 ? "MQTT-3.3.2-8" : null;
            case SUBSCRIPTION_IDENTIFIER -> v == 0 ? "§3.8.2.1.2" : null;
            default -> null;
        };
    }

    private int index(long kindMask, int id) {
        return index(kindMask, id, present);
    }

    private static int index(long kindMask, int id, long present) {
        return Long.bitCount(present & kindMask & ((1L << id) - 1));
    }

    private static void requireType(MqttProperty p, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException(p + " has type " + p.type());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttProperties other
                && present == other.present
                && Arrays.equals(numbers, other.numbers)
                && Arrays.equals(refs, other.refs)
                && userProperties.equals(other.userProperties)
                && Arrays.equals(subscriptionIdentifiers, other.subscriptionIdentifiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(present, Arrays.hashCode(numbers), Arrays.hashCode(refs), userProperties,
                Arrays.hashCode(subscriptionIdentifiers));
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (long bits = present; bits != 0; bits &= bits - 1) {
            MqttProperty p = MqttProperty.ofId(Long.numberOfTrailingZeros(bits));
            j.add(p + "=" + (p.type().isNumeric() ? numbers[index(NUMERIC_IDS, p.id())] : refs[index(REF_IDS, p.id())]));
        }
        for (int sid : subscriptionIdentifiers) {
            j.add("SUBSCRIPTION_IDENTIFIER=" + sid);
        }
        for (UserProperty u : userProperties) {
            j.add(u.name() + ":" + u.value());
        }
        return j.toString();
    }

    /** Builds a property list; rejects a repeated single-valued property and out-of-range values. */
    public static final class Builder {
        private long present;
        private final long[] numbers = new long[MqttProperty.ID_LIMIT];
        private final Object[] refs = new Object[MqttProperty.ID_LIMIT];
        private final List<UserProperty> userProperties = new ArrayList<>();
        private int[] subscriptionIdentifiers = NO_INTS;

        private Builder() {
        }

        /** Sets an integer property (Byte, Two/Four Byte Integer, or a Subscription Identifier). */
        public Builder put(MqttProperty p, long value) {
            if (p == MqttProperty.SUBSCRIPTION_IDENTIFIER) {
                return addSubscriptionIdentifier(value);
            }
            requireType(p, p.type().isNumeric());
            long max = switch (p.type()) {
                case BYTE -> 0xFF;
                case TWO_BYTE_INTEGER -> 0xFFFF;
                case FOUR_BYTE_INTEGER -> 0xFFFF_FFFFL;
                default -> VariableByteInteger.MAX_VALUE;
            };
            if (value < 0 || value > max || checkValue(p, value) != null) {
                throw new IllegalArgumentException(p + " cannot be " + value);
            }
            mark(p);
            numbers[p.id()] = value;
            return this;
        }

        /** Sets a UTF-8 string property. */
        public Builder put(MqttProperty p, String value) {
            requireType(p, p.type() == PropertyType.UTF8_STRING);
            MqttUtf8.encodedLength(value, p.name());
            mark(p);
            refs[p.id()] = value;
            return this;
        }

        /** Sets a binary property; the bytes are copied. */
        public Builder put(MqttProperty p, byte[] value) {
            return put(p, ByteBuffer.wrap(value.clone()));
        }

        /** Sets a binary property; the buffer's remaining bytes are used as they are, not copied. */
        public Builder put(MqttProperty p, ByteBuffer value) {
            requireType(p, p.type() == PropertyType.BINARY_DATA);
            if (value.remaining() > 0xFFFF) {
                throw new IllegalArgumentException(p + " longer than 65,535 bytes (§1.5.6)");
            }
            mark(p);
            refs[p.id()] = value.asReadOnlyBuffer();
            return this;
        }

        private Builder put(MqttProperty p, Object ref) {
            return ref instanceof String s ? put(p, s) : put(p, (ByteBuffer) ref);
        }

        public Builder addUserProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder addSubscriptionIdentifier(long id) {
            if (id < 1 || id > VariableByteInteger.MAX_VALUE) {
                throw new IllegalArgumentException("Subscription Identifier must be 1..268,435,455: " + id);
            }
            subscriptionIdentifiers = Arrays.copyOf(subscriptionIdentifiers, subscriptionIdentifiers.length + 1);
            subscriptionIdentifiers[subscriptionIdentifiers.length - 1] = (int) id;
            return this;
        }

        /** Whether the property has been set (or, for the repeatable ones, added at least once). */
        public boolean contains(MqttProperty p) {
            return switch (p) {
                case USER_PROPERTY -> !userProperties.isEmpty();
                case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.length > 0;
                default -> (present & 1L << p.id()) != 0;
            };
        }

        private void mark(MqttProperty p) {
            long bit = 1L << p.id();
            if ((present & bit) != 0) {
                throw new IllegalArgumentException(p + " set twice; only User Property may repeat (§2.2.2.2)");
            }
            present |= bit;
        }

        public MqttProperties build() {
            if (present == 0 && userProperties.isEmpty() && subscriptionIdentifiers.length == 0) {
                return EMPTY;
            }
            long[] n = new long[Long.bitCount(present & NUMERIC_IDS)];
            Object[] r = new Object[Long.bitCount(present & REF_IDS)];
            int ni = 0;
            int ri = 0;
            for (long bits = present; bits != 0; bits &= bits - 1) {
                int id = Long.numberOfTrailingZeros(bits);
                if ((NUMERIC_IDS & 1L << id) != 0) {
                    n[ni++] = numbers[id];
                } else {
                    r[ri++] = refs[id];
                }
            }
            return new MqttProperties(present, n, r, List.copyOf(userProperties), subscriptionIdentifiers.clone());
        }
    }
}
