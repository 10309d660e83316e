package io.mqttd.quic.packet;

import java.util.random.RandomGenerator;

/**
 * A QUIC version number, RFC 8999 §5.4 and RFC 9000 §15: an opaque 32-bit value.
 *
 * <p>0x00000000 marks a Version Negotiation packet; 0x00000001 is QUIC v1 (RFC 9000) and
 * 0x6b3343cf is QUIC v2 (RFC 9369 §3.1). Versions of the form 0x?a?a?a?a are reserved to exercise
 * version negotiation ("greasing", RFC 9000 §15 and §6.3): they never name a real protocol.
 *
 * <p>The long-header packet type bits are version specific (RFC 9369 §3.2); this type holds the
 * mapping for the versions this stack speaks. {@link #of(int)} returns shared constants for v1, v2
 * and 0, so parsing a packet of a supported version does not allocate.
 */
public record QuicVersion(int value) {
    /** Version 0: the Version field of a Version Negotiation packet (RFC 9000 §17.2.1). */
    public static final QuicVersion NEGOTIATION = new QuicVersion(0);
    /** QUIC version 1, RFC 9000 §15. */
    public static final QuicVersion V1 = new QuicVersion(0x0000_0001);
    /** QUIC version 2, RFC 9369 §3.1. */
    public static final QuicVersion V2 = new QuicVersion(0x6b33_43cf);

    // RFC 9000 §15: "any version number where the low four bits of all bytes is 1010".
    private static final int GREASE_MASK = 0x0f0f_0f0f;
    private static final int GREASE_PATTERN = 0x0a0a_0a0a;

    // Long Packet Type (bits 0x30 of byte 0) indexed by PacketType ordinal for INITIAL, ZERO_RTT,
    // HANDSHAKE, RETRY: RFC 9000 Table 5 for v1, RFC 9369 §3.2 for v2.
    private static final int[] V1_TYPE_BITS = {0, 1, 2, 3};
    private static final int[] V2_TYPE_BITS = {1, 2, 3, 0};
    private static final PacketType[] V1_TYPES = {
        PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE, PacketType.RETRY};
    private static final PacketType[] V2_TYPES = {
        PacketType.RETRY, PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE};

    /** The shared constant for 0, v1 and v2; a new value otherwise. */
    public static QuicVersion of(int value) {
        return switch (value) {
            case 0 -> NEGOTIATION;
            case 0x0000_0001 -> V1;
            case 0x6b33_43cf -> V2;
            default -> new QuicVersion(value);
        };
    }

    /** True for the versions this stack implements: v1 and v2. */
    public static boolean isSupported(int version) {
        return version == V1.value || version == V2.value;
    }

    /** RFC 9000 §15: true for the reserved versions 0x?a?a?a?a. */
    public static boolean isReserved(int version) {
        return (version & GREASE_MASK) == GREASE_PATTERN;
    }

    /**
     * A random reserved version 0x?a?a?a?a (RFC 9000 §6.3, RFC 8999 §6), to add to a Version
     * Negotiation packet or to send in a probe so that peers keep handling unknown versions.
     */
    public static QuicVersion randomReserved(RandomGenerator random) {
        return new QuicVersion((random.nextInt() & ~GREASE_MASK) | GREASE_PATTERN);
    }

    /** True for v1 and v2. */
    public boolean isSupported() {
        return isSupported(value);
    }

    /** True for a reserved (greased) version. */
    public boolean isReserved() {
        return isReserved(value);
    }

    /** True for version 0, which marks a Version Negotiation packet. */
    public boolean isNegotiation() {
        return value == 0;
    }

    /**
     * The two Long Packet Type bits (already shifted down, 0-3) for {@code type} in this version.
     *
     * @throws IllegalArgumentException for an unsupported version or a type without a long packet
     *     type (1-RTT, Version Negotiation)
     */
    public int longPacketTypeBits(PacketType type) {
        int index = longTypeIndex(type);
        if (value == V1.value) {
            return V1_TYPE_BITS[index];
        }
        if (value == V2.value) {
            return V2_TYPE_BITS[index];
        }
        throw new IllegalArgumentException("no long packet types known for " + this);
    }

    /**
     * The packet type of the Long Packet Type bits {@code bits} (0-3) in this version, or null for
     * a version this stack does not implement.
     */
    public PacketType longPacketType(int bits) {
        if (value == V1.value) {
            return V1_TYPES[bits & 3];
        }
        if (value == V2.value) {
            return V2_TYPES[bits & 3];
        }
        return null;
    }

    private static int longTypeIndex(PacketType type) {
        return switch (type) {
            case INITIAL -> 0;
            case ZERO_RTT -> 1;
            case HANDSHAKE -> 2;
            case RETRY -> 3;
            default -> throw new IllegalArgumentException(type + " has no long packet type");
        };
    }

    @Override
    public String toString() {
        if (value == V1.value) {
            return "v1";
        }
        if (value == V2.value) {
            return "v2";
        }
        return String.format("0x%08x", value);
    }
}
