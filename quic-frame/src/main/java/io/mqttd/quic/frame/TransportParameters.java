package io.mqttd.quic.frame;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * QUIC transport parameters, RFC 9000 §18, as one immutable value: every parameter of §18.2 with
 * its default, plus max_datagram_frame_size (RFC 9221 §3), version_information (RFC 9368 §3) and
 * grease_quic_bit (RFC 9287 §3). They travel as opaque bytes in the TLS quic_transport_parameters
 * extension (RFC 9001 §8.2); {@link #encode} and {@link #decode} are the two ends.
 *
 * <p>Encoding writes parameters in identifier order and omits those equal to their default, which
 * the receiver assumes anyway (§18.2). Decoding checks everything one message can show and throws
 * TRANSPORT_PARAMETER_ERROR otherwise (§7.4): truncation, a value that does not fill its length
 * exactly, duplicates (§7.4 SHOULD, taken), out-of-range values, and server-only parameters from
 * a client (§18.2). Unknown identifiers, including the reserved 31 * N + 27 (§18.1), are skipped.
 * Checks that compare with connection state (the connection IDs of §7.3, 0-RTT remembered limits of
 * §7.4.1, version negotiation of RFC 9368 §4) are the connection's.
 */
public final class TransportParameters {
    public static final long ORIGINAL_DESTINATION_CONNECTION_ID = 0x00;
    public static final long MAX_IDLE_TIMEOUT = 0x01;
    public static final long STATELESS_RESET_TOKEN = 0x02;
    public static final long MAX_UDP_PAYLOAD_SIZE = 0x03;
    public static final long INITIAL_MAX_DATA = 0x04;
    public static final long INITIAL_MAX_STREAM_DATA_BIDI_LOCAL = 0x05;
    public static final long INITIAL_MAX_STREAM_DATA_BIDI_REMOTE = 0x06;
    public static final long INITIAL_MAX_STREAM_DATA_UNI = 0x07;
    public static final long INITIAL_MAX_STREAMS_BIDI = 0x08;
    public static final long INITIAL_MAX_STREAMS_UNI = 0x09;
    public static final long ACK_DELAY_EXPONENT = 0x0a;
    public static final long MAX_ACK_DELAY = 0x0b;
    public static final long DISABLE_ACTIVE_MIGRATION = 0x0c;
    public static final long PREFERRED_ADDRESS = 0x0d;
    public static final long ACTIVE_CONNECTION_ID_LIMIT = 0x0e;
    public static final long INITIAL_SOURCE_CONNECTION_ID = 0x0f;
    public static final long RETRY_SOURCE_CONNECTION_ID = 0x10;
    /** RFC 9368 §3. */
    public static final long VERSION_INFORMATION = 0x11;
    /** RFC 9221 §3. */
    public static final long MAX_DATAGRAM_FRAME_SIZE = 0x20;
    /** RFC 9287 §3. */
    public static final long GREASE_QUIC_BIT = 0x2ab2;

    /** §18.2: the default and the largest UDP payload, 65527. */
    public static final long DEFAULT_MAX_UDP_PAYLOAD_SIZE = 65527;
    /** §18.2: max_udp_payload_size values below 1200 are invalid. */
    public static final long MIN_MAX_UDP_PAYLOAD_SIZE = 1200;
    public static final int DEFAULT_ACK_DELAY_EXPONENT = 3;
    /** §18.2: ack_delay_exponent values above 20 are invalid. */
    public static final int MAX_ACK_DELAY_EXPONENT = 20;
    public static final long DEFAULT_MAX_ACK_DELAY_MS = 25;
    /** §18.2: max_ack_delay values of 2^14 or greater are invalid. */
    public static final long MAX_ACK_DELAY_LIMIT_MS = 1L << 14;
    /** §18.2: the default and the least valid active_connection_id_limit. */
    public static final long MIN_ACTIVE_CONNECTION_ID_LIMIT = 2;
    /** §4.6: stream limits above 2^60 cannot name a stream ID. */
    public static final long MAX_STREAMS = FieldChecks.MAX_STREAMS;

    private static final int TOKEN_LENGTH = 16;
    private static final TransportParameters DEFAULTS = new Builder().build();

    private final ConnectionId originalDestinationConnectionId;
    private final long maxIdleTimeoutMs;
    private final byte[] statelessResetToken;
    private final long maxUdpPayloadSize;
    private final long initialMaxData;
    private final long initialMaxStreamDataBidiLocal;
    private final long initialMaxStreamDataBidiRemote;
    private final long initialMaxStreamDataUni;
    private final long initialMaxStreamsBidi;
    private final long initialMaxStreamsUni;
    private final int ackDelayExponent;
    private final long maxAckDelayMs;
    private final boolean disableActiveMigration;
    private final PreferredAddress preferredAddress;
    private final long activeConnectionIdLimit;
    private final ConnectionId initialSourceConnectionId;
    private final ConnectionId retrySourceConnectionId;
    private final VersionInformation versionInformation;
    private final long maxDatagramFrameSize;
    private final boolean greaseQuicBit;

    private TransportParameters(Builder b) {
        originalDestinationConnectionId = b.originalDestinationConnectionId;
        maxIdleTimeoutMs = b.maxIdleTimeoutMs;
        statelessResetToken = b.statelessResetToken;
        maxUdpPayloadSize = b.maxUdpPayloadSize;
        initialMaxData = b.initialMaxData;
        initialMaxStreamDataBidiLocal = b.initialMaxStreamDataBidiLocal;
        initialMaxStreamDataBidiRemote = b.initialMaxStreamDataBidiRemote;
        initialMaxStreamDataUni = b.initialMaxStreamDataUni;
        initialMaxStreamsBidi = b.initialMaxStreamsBidi;
        initialMaxStreamsUni = b.initialMaxStreamsUni;
        ackDelayExponent = b.ackDelayExponent;
        maxAckDelayMs = b.maxAckDelayMs;
        disableActiveMigration = b.disableActiveMigration;
        preferredAddress = b.preferredAddress;
        activeConnectionIdLimit = b.activeConnectionIdLimit;
        initialSourceConnectionId = b.initialSourceConnectionId;
        retrySourceConnectionId = b.retrySourceConnectionId;
        versionInformation = b.versionInformation;
        maxDatagramFrameSize = b.maxDatagramFrameSize;
        greaseQuicBit = b.greaseQuicBit;
    }

    /** Every parameter at its default: what a peer that sent an empty extension announced. */
    public static TransportParameters defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this value. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** original_destination_connection_id (0x00, server only), or null when absent. */
    public ConnectionId originalDestinationConnectionId() {
        return originalDestinationConnectionId;
    }

    /** max_idle_timeout (0x01) in milliseconds; 0 means no idle timeout from this side (§10.1). */
    public long maxIdleTimeoutMs() {
        return maxIdleTimeoutMs;
    }

    /** stateless_reset_token (0x02, server only): a copy of the 16 bytes, or null when absent. */
    public byte[] statelessResetToken() {
        return statelessResetToken == null ? null : statelessResetToken.clone();
    }

    public long maxUdpPayloadSize() {
        return maxUdpPayloadSize;
    }

    public long initialMaxData() {
        return initialMaxData;
    }

    public long initialMaxStreamDataBidiLocal() {
        return initialMaxStreamDataBidiLocal;
    }

    public long initialMaxStreamDataBidiRemote() {
        return initialMaxStreamDataBidiRemote;
    }

    public long initialMaxStreamDataUni() {
        return initialMaxStreamDataUni;
    }

    public long initialMaxStreamsBidi() {
        return initialMaxStreamsBidi;
    }

    public long initialMaxStreamsUni() {
        return initialMaxStreamsUni;
    }

    public int ackDelayExponent() {
        return ackDelayExponent;
    }

    public long maxAckDelayMs() {
        return maxAckDelayMs;
    }

    public boolean disableActiveMigration() {
        return disableActiveMigration;
    }

    /** preferred_address (0x0d, server only), or null when absent. */
    public PreferredAddress preferredAddress() {
        return preferredAddress;
    }

    public long activeConnectionIdLimit() {
        return activeConnectionIdLimit;
    }

    /** initial_source_connection_id (0x0f), or null when absent; it may be present and empty. */
    public ConnectionId initialSourceConnectionId() {
        return initialSourceConnectionId;
    }

    /** retry_source_connection_id (0x10, server only), or null when absent. */
    public ConnectionId retrySourceConnectionId() {
        return retrySourceConnectionId;
    }

    /** version_information (RFC 9368), or null when absent. */
    public VersionInformation versionInformation() {
        return versionInformation;
    }

    /** max_datagram_frame_size (RFC 9221 §3); 0 means DATAGRAM frames are not supported. */
    public long maxDatagramFrameSize() {
        return maxDatagramFrameSize;
    }

    /** grease_quic_bit (RFC 9287): the sender accepts packets with the fixed bit cleared. */
    public boolean greaseQuicBit() {
        return greaseQuicBit;
    }

    // ---- encoding -------------------------------------------------------------------------------

    /** Exact number of bytes {@link #encode} writes. */
    public int encodedSize() {
        int size = 0;
        size += cidSize(ORIGINAL_DESTINATION_CONNECTION_ID, originalDestinationConnectionId);
        size += intSize(MAX_IDLE_TIMEOUT, maxIdleTimeoutMs, 0);
        size += statelessResetToken == null ? 0 : headerSize(STATELESS_RESET_TOKEN, TOKEN_LENGTH) + TOKEN_LENGTH;
        size += intSize(MAX_UDP_PAYLOAD_SIZE, maxUdpPayloadSize, DEFAULT_MAX_UDP_PAYLOAD_SIZE);
        size += intSize(INITIAL_MAX_DATA, initialMaxData, 0);
        size += intSize(INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, initialMaxStreamDataBidiLocal, 0);
        size += intSize(INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, initialMaxStreamDataBidiRemote, 0);
        size += intSize(INITIAL_MAX_STREAM_DATA_UNI, initialMaxStreamDataUni, 0);
        size += intSize(INITIAL_MAX_STREAMS_BIDI, initialMaxStreamsBidi, 0);
        size += intSize(INITIAL_MAX_STREAMS_UNI, initialMaxStreamsUni, 0);
        size += intSize(ACK_DELAY_EXPONENT, ackDelayExponent, DEFAULT_ACK_DELAY_EXPONENT);
        size += intSize(MAX_ACK_DELAY, maxAckDelayMs, DEFAULT_MAX_ACK_DELAY_MS);
        size += disableActiveMigration ? headerSize(DISABLE_ACTIVE_MIGRATION, 0) : 0;
        size += preferredAddress == null ? 0
                : headerSize(PREFERRED_ADDRESS, preferredAddress.encodedLength()) + preferredAddress.encodedLength();
        size += intSize(ACTIVE_CONNECTION_ID_LIMIT, activeConnectionIdLimit, MIN_ACTIVE_CONNECTION_ID_LIMIT);
        size += cidSize(INITIAL_SOURCE_CONNECTION_ID, initialSourceConnectionId);
        size += cidSize(RETRY_SOURCE_CONNECTION_ID, retrySourceConnectionId);
        size += versionInformation == null ? 0
                : headerSize(VERSION_INFORMATION, versionInformation.encodedLength())
                        + versionInformation.encodedLength();
        size += intSize(MAX_DATAGRAM_FRAME_SIZE, maxDatagramFrameSize, 0);
        size += greaseQuicBit ? headerSize(GREASE_QUIC_BIT, 0) : 0;
        return size;
    }

    /** Writes the parameters at the buffer's position, in identifier order, omitting defaults. */
    public void encode(ByteBuffer buf) {
        putCid(buf, ORIGINAL_DESTINATION_CONNECTION_ID, originalDestinationConnectionId);
        putInt(buf, MAX_IDLE_TIMEOUT, maxIdleTimeoutMs, 0);
        if (statelessResetToken != null) {
            putHeader(buf, STATELESS_RESET_TOKEN, TOKEN_LENGTH);
            buf.put(statelessResetToken);
        }
        putInt(buf, MAX_UDP_PAYLOAD_SIZE, maxUdpPayloadSize, DEFAULT_MAX_UDP_PAYLOAD_SIZE);
        putInt(buf, INITIAL_MAX_DATA, initialMaxData, 0);
        putInt(buf, INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, initialMaxStreamDataBidiLocal, 0);
        putInt(buf, INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, initialMaxStreamDataBidiRemote, 0);
        putInt(buf, INITIAL_MAX_STREAM_DATA_UNI, initialMaxStreamDataUni, 0);
        putInt(buf, INITIAL_MAX_STREAMS_BIDI, initialMaxStreamsBidi, 0);
        putInt(buf, INITIAL_MAX_STREAMS_UNI, initialMaxStreamsUni, 0);
        putInt(buf, ACK_DELAY_EXPONENT, ackDelayExponent, DEFAULT_ACK_DELAY_EXPONENT);
        putInt(buf, MAX_ACK_DELAY, maxAckDelayMs, DEFAULT_MAX_ACK_DELAY_MS);
        if (disableActiveMigration) {
            putHeader(buf, DISABLE_ACTIVE_MIGRATION, 0);
        }
        if (preferredAddress != null) {
            PreferredAddress p = preferredAddress;
            putHeader(buf, PREFERRED_ADDRESS, p.encodedLength());
            buf.put(p.ipv4Address()).putShort((short) p.ipv4Port());
            buf.put(p.ipv6Address()).putShort((short) p.ipv6Port());
            buf.put((byte) p.connectionId().length());
            p.connectionId().writeTo(buf);
            buf.put(p.statelessResetToken());
        }
        putInt(buf, ACTIVE_CONNECTION_ID_LIMIT, activeConnectionIdLimit, MIN_ACTIVE_CONNECTION_ID_LIMIT);
        putCid(buf, INITIAL_SOURCE_CONNECTION_ID, initialSourceConnectionId);
        putCid(buf, RETRY_SOURCE_CONNECTION_ID, retrySourceConnectionId);
        if (versionInformation != null) {
            putHeader(buf, VERSION_INFORMATION, versionInformation.encodedLength());
            buf.putInt(versionInformation.chosenVersion());
            for (int v : versionInformation.availableVersions()) {
                buf.putInt(v);
            }
        }
        putInt(buf, MAX_DATAGRAM_FRAME_SIZE, maxDatagramFrameSize, 0);
        if (greaseQuicBit) {
            putHeader(buf, GREASE_QUIC_BIT, 0);
        }
    }

    /** The encoding as a new array, ready for the TLS extension. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(encodedSize());
        encode(buf);
        return buf.array();
    }

    private static int headerSize(long id, int length) {
        return VarInt.encodedLength(id) + VarInt.encodedLength(length);
    }

    private static int intSize(long id, long value, long defaultValue) {
        return value == defaultValue ? 0 : headerSize(id, VarInt.encodedLength(value)) + VarInt.encodedLength(value);
    }

    private static int cidSize(long id, ConnectionId cid) {
        return cid == null ? 0 : headerSize(id, cid.length()) + cid.length();
    }

    private static void putHeader(ByteBuffer buf, long id, int length) {
        VarInt.write(buf, id);
        VarInt.write(buf, length);
    }

    private static void putInt(ByteBuffer buf, long id, long value, long defaultValue) {
        if (value != defaultValue) {
            putHeader(buf, id, VarInt.encodedLength(value));
            VarInt.write(buf, value);
        }
    }

    private static void putCid(ByteBuffer buf, long id, ConnectionId cid) {
        if (cid != null) {
            putHeader(buf, id, cid.length());
            cid.writeTo(buf);
        }
    }

    // ---- decoding -------------------------------------------------------------------------------

    /**
     * Decodes the parameters between {@code data}'s position and limit (the position is not moved).
     *
     * @param sender the role of the endpoint that sent them
     * @throws TransportError TRANSPORT_PARAMETER_ERROR for any violation listed in the class comment
     */
    public static TransportParameters decode(ByteBuffer data, EndpointRole sender) {
        ByteBuffer in = data.duplicate().order(ByteOrder.BIG_ENDIAN);
        Builder b = new Builder();
        Set<Long> seen = new HashSet<>();
        while (in.hasRemaining()) {
            long id = VarInt.read(in, TransportErrorCode.TRANSPORT_PARAMETER_ERROR);
            long length = VarInt.read(in, TransportErrorCode.TRANSPORT_PARAMETER_ERROR);
            if (length > in.remaining()) {
                throw error("parameter 0x" + Long.toHexString(id) + " length " + length + " exceeds the extension");
            }
            int end = in.position() + (int) length;
            if (!seen.add(id)) {
                throw error("duplicate transport parameter 0x" + Long.toHexString(id) + " (§7.4)");
            }
            if (sender == EndpointRole.CLIENT && isServerOnly(id)) {
                throw error("client sent server-only transport parameter 0x" + Long.toHexString(id) + " (§18.2)");
            }
            ByteBuffer value = in.slice(in.position(), (int) length);
            in.position(end);
            decodeOne(id, value, b);
        }
        return b.build();
    }

    private static boolean isServerOnly(long id) {
        return id == ORIGINAL_DESTINATION_CONNECTION_ID || id == STATELESS_RESET_TOKEN
                || id == PREFERRED_ADDRESS || id == RETRY_SOURCE_CONNECTION_ID;
    }

    private static void decodeOne(long id, ByteBuffer v, Builder b) {
        if (id == ORIGINAL_DESTINATION_CONNECTION_ID) {
            b.originalDestinationConnectionId = connectionId(v, id);
        } else if (id == MAX_IDLE_TIMEOUT) {
            b.maxIdleTimeoutMs = integer(v, id);
        } else if (id == STATELESS_RESET_TOKEN) {
            b.statelessResetToken = bytes(v, TOKEN_LENGTH, id);
        } else if (id == MAX_UDP_PAYLOAD_SIZE) {
            b.maxUdpPayloadSize = atLeast(integer(v, id), MIN_MAX_UDP_PAYLOAD_SIZE, id);
        } else if (id == INITIAL_MAX_DATA) {
            b.initialMaxData = integer(v, id);
        } else if (id == INITIAL_MAX_STREAM_DATA_BIDI_LOCAL) {
            b.initialMaxStreamDataBidiLocal = integer(v, id);
        } else if (id == INITIAL_MAX_STREAM_DATA_BIDI_REMOTE) {
            b.initialMaxStreamDataBidiRemote = integer(v, id);
        } else if (id == INITIAL_MAX_STREAM_DATA_UNI) {
            b.initialMaxStreamDataUni = integer(v, id);
        } else if (id == INITIAL_MAX_STREAMS_BIDI) {
            b.initialMaxStreamsBidi = atMost(integer(v, id), MAX_STREAMS, id);
        } else if (id == INITIAL_MAX_STREAMS_UNI) {
            b.initialMaxStreamsUni = atMost(integer(v, id), MAX_STREAMS, id);
        } else if (id == ACK_DELAY_EXPONENT) {
            b.ackDelayExponent = (int) atMost(integer(v, id), MAX_ACK_DELAY_EXPONENT, id);
        } else if (id == MAX_ACK_DELAY) {
            b.maxAckDelayMs = atMost(integer(v, id), MAX_ACK_DELAY_LIMIT_MS - 1, id);
        } else if (id == DISABLE_ACTIVE_MIGRATION) {
            empty(v, id);
            b.disableActiveMigration = true;
        } else if (id == PREFERRED_ADDRESS) {
            b.preferredAddress = preferredAddress(v);
        } else if (id == ACTIVE_CONNECTION_ID_LIMIT) {
            b.activeConnectionIdLimit = atLeast(integer(v, id), MIN_ACTIVE_CONNECTION_ID_LIMIT, id);
        } else if (id == INITIAL_SOURCE_CONNECTION_ID) {
            b.initialSourceConnectionId = connectionId(v, id);
        } else if (id == RETRY_SOURCE_CONNECTION_ID) {
            b.retrySourceConnectionId = connectionId(v, id);
        } else if (id == VERSION_INFORMATION) {
            b.versionInformation = versionInformation(v);
        } else if (id == MAX_DATAGRAM_FRAME_SIZE) {
            b.maxDatagramFrameSize = integer(v, id);
        } else if (id == GREASE_QUIC_BIT) {
            empty(v, id);
            b.greaseQuicBit = true;
        }
        // §7.4.2, §18.1: unknown and reserved (31 * N + 27) parameters are ignored.
    }

    /** §18.2: an integer parameter is one varint that fills the value exactly. */
    private static long integer(ByteBuffer v, long id) {
        long value = VarInt.read(v, TransportErrorCode.TRANSPORT_PARAMETER_ERROR);
        if (v.hasRemaining()) {
            throw error("parameter 0x" + Long.toHexString(id) + " has bytes after its integer value");
        }
        return value;
    }

    private static long atLeast(long value, long min, long id) {
        if (value < min) {
            throw error("parameter 0x" + Long.toHexString(id) + " value " + value + " below " + min + " (§18.2)");
        }
        return value;
    }

    private static long atMost(long value, long max, long id) {
        if (value > max) {
            throw error("parameter 0x" + Long.toHexString(id) + " value " + value + " above " + max + " (§18.2)");
        }
        return value;
    }

    private static void empty(ByteBuffer v, long id) {
        if (v.hasRemaining()) {
            throw error("parameter 0x" + Long.toHexString(id) + " must be zero-length");
        }
    }

    private static byte[] bytes(ByteBuffer v, int length, long id) {
        if (v.remaining() != length) {
            throw error("parameter 0x" + Long.toHexString(id) + " must be " + length + " bytes");
        }
        byte[] b = new byte[length];
        v.get(b);
        return b;
    }

    private static ConnectionId connectionId(ByteBuffer v, long id) {
        if (v.remaining() > ConnectionId.MAX_LENGTH) {
            throw error("connection ID in parameter 0x" + Long.toHexString(id) + " longer than 20 bytes");
        }
        return ConnectionId.read(v, v.remaining());
    }

    private static PreferredAddress preferredAddress(ByteBuffer v) {
        if (v.remaining() < PreferredAddress.FIXED_LENGTH) {
            throw error("preferred_address too short");
        }
        int cidLength = v.get(24) & 0xff;
        // §18.2: a zero-length connection ID here is a TRANSPORT_PARAMETER_ERROR.
        if (cidLength < 1 || cidLength > ConnectionId.MAX_LENGTH) {
            throw error("preferred_address connection ID length " + cidLength + " not in 1..20 (§18.2)");
        }
        if (v.remaining() != PreferredAddress.FIXED_LENGTH + cidLength) {
            throw error("preferred_address length does not match its connection ID length");
        }
        byte[] ipv4 = new byte[4];
        v.get(ipv4);
        int ipv4Port = v.getShort() & 0xffff;
        byte[] ipv6 = new byte[16];
        v.get(ipv6);
        int ipv6Port = v.getShort() & 0xffff;
        v.get();
        ConnectionId cid = ConnectionId.read(v, cidLength);
        byte[] token = new byte[TOKEN_LENGTH];
        v.get(token);
        return new PreferredAddress(ipv4, ipv4Port, ipv6, ipv6Port, cid, token);
    }

    // RFC 9368 §3 and §4: a non-empty list of 32-bit versions, none of them 0.
    private static VersionInformation versionInformation(ByteBuffer v) {
        if (v.remaining() < 4 || v.remaining() % 4 != 0) {
            throw error("version_information length " + v.remaining() + " is not a positive multiple of 4");
        }
        int chosen = v.getInt();
        int[] available = new int[v.remaining() / 4];
        for (int i = 0; i < available.length; i++) {
            available[i] = v.getInt();
            if (available[i] == 0) {
                throw error("version_information lists version 0 (RFC 9368 §4)");
            }
        }
        if (chosen == 0) {
            throw error("version_information Chosen Version is 0 (RFC 9368 §4)");
        }
        return new VersionInformation(chosen, available);
    }

    private static TransportError error(String reason) {
        return TransportError.transportParameter(reason);
    }

    // ---- value semantics ------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportParameters t
                && Objects.equals(originalDestinationConnectionId, t.originalDestinationConnectionId)
                && maxIdleTimeoutMs == t.maxIdleTimeoutMs
                && Arrays.equals(statelessResetToken, t.statelessResetToken)
                && maxUdpPayloadSize == t.maxUdpPayloadSize
                && initialMaxData == t.initialMaxData
                && initialMaxStreamDataBidiLocal == t.initialMaxStreamDataBidiLocal
                && initialMaxStreamDataBidiRemote == t.initialMaxStreamDataBidiRemote
                && initialMaxStreamDataUni == t.initialMaxStreamDataUni
                && initialMaxStreamsBidi == t.initialMaxStreamsBidi
                && initialMaxStreamsUni == t.initialMaxStreamsUni
                && ackDelayExponent == t.ackDelayExponent
                && maxAckDelayMs == t.maxAckDelayMs
                && disableActiveMigration == t.disableActiveMigration
                && Objects.equals(preferredAddress, t.preferredAddress)
                && activeConnectionIdLimit == t.activeConnectionIdLimit
                && Objects.equals(initialSourceConnectionId, t.initialSourceConnectionId)
                && Objects.equals(retrySourceConnectionId, t.retrySourceConnectionId)
                && Objects.equals(versionInformation, t.versionInformation)
                && maxDatagramFrameSize == t.maxDatagramFrameSize
                && greaseQuicBit == t.greaseQuicBit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(originalDestinationConnectionId, maxIdleTimeoutMs,
                Arrays.hashCode(statelessResetToken), maxUdpPayloadSize, initialMaxData,
                initialMaxStreamDataBidiLocal, initialMaxStreamDataBidiRemote, initialMaxStreamDataUni,
                initialMaxStreamsBidi, initialMaxStreamsUni, ackDelayExponent, maxAckDelayMs,
                disableActiveMigration, preferredAddress, activeConnectionIdLimit, initialSourceConnectionId,
                retrySourceConnectionId, versionInformation, maxDatagramFrameSize, greaseQuicBit);
    }

    /** Lists the parameters that differ from their defaults. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TransportParameters[");
        append(sb, "original_destination_connection_id", originalDestinationConnectionId, null);
        append(sb, "max_idle_timeout", maxIdleTimeoutMs, 0L);
        append(sb, "stateless_reset_token",
                statelessResetToken == null ? null : HexFormat.of().formatHex(statelessResetToken), null);
        append(sb, "max_udp_payload_size", maxUdpPayloadSize, DEFAULT_MAX_UDP_PAYLOAD_SIZE);
        append(sb, "initial_max_data", initialMaxData, 0L);
        append(sb, "initial_max_stream_data_bidi_local", initialMaxStreamDataBidiLocal, 0L);
        append(sb, "initial_max_stream_data_bidi_remote", initialMaxStreamDataBidiRemote, 0L);
        append(sb, "initial_max_stream_data_uni", initialMaxStreamDataUni, 0L);
        append(sb, "initial_max_streams_bidi", initialMaxStreamsBidi, 0L);
        append(sb, "initial_max_streams_uni", initialMaxStreamsUni, 0L);
        append(sb, "ack_delay_exponent", ackDelayExponent, DEFAULT_ACK_DELAY_EXPONENT);
        append(sb, "max_ack_delay", maxAckDelayMs, DEFAULT_MAX_ACK_DELAY_MS);
        append(sb, "disable_active_migration", disableActiveMigration, false);
        append(sb, "preferred_address", preferredAddress, null);
        append(sb, "active_connection_id_limit", activeConnectionIdLimit, MIN_ACTIVE_CONNECTION_ID_LIMIT);
        append(sb, "initial_source_connection_id", initialSourceConnectionId, null);
        append(sb, "retry_source_connection_id", retrySourceConnectionId, null);
        append(sb, "version_information", versionInformation, null);
        append(sb, "max_datagram_frame_size", maxDatagramFrameSize, 0L);
        append(sb, "grease_quic_bit", greaseQuicBit, false);
        if (sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 2);
        }
        return sb.append(']').toString();
    }

    private static void append(StringBuilder sb, String name, Object value, Object defaultValue) {
        if (!Objects.equals(value, defaultValue)) {
            sb.append(name).append('=').append(value).append(", ");
        }
    }

    /** Builds a {@link TransportParameters}; unset parameters keep their §18.2 defaults. */
    public static final class Builder {
        private ConnectionId originalDestinationConnectionId;
        private long maxIdleTimeoutMs;
        private byte[] statelessResetToken;
        private long maxUdpPayloadSize = DEFAULT_MAX_UDP_PAYLOAD_SIZE;
        private long initialMaxData;
        private long initialMaxStreamDataBidiLocal;
        private long initialMaxStreamDataBidiRemote;
        private long initialMaxStreamDataUni;
        private long initialMaxStreamsBidi;
        private long initialMaxStreamsUni;
        private int ackDelayExponent = DEFAULT_ACK_DELAY_EXPONENT;
        private long maxAckDelayMs = DEFAULT_MAX_ACK_DELAY_MS;
        private boolean disableActiveMigration;
        private PreferredAddress preferredAddress;
        private long activeConnectionIdLimit = MIN_ACTIVE_CONNECTION_ID_LIMIT;
        private ConnectionId initialSourceConnectionId;
        private ConnectionId retrySourceConnectionId;
        private VersionInformation versionInformation;
        private long maxDatagramFrameSize;
        private boolean greaseQuicBit;

        private Builder() {
        }

        private Builder(TransportParameters t) {
            originalDestinationConnectionId = t.originalDestinationConnectionId;
            maxIdleTimeoutMs = t.maxIdleTimeoutMs;
            statelessResetToken = t.statelessResetToken;
            maxUdpPayloadSize = t.maxUdpPayloadSize;
            initialMaxData = t.initialMaxData;
            initialMaxStreamDataBidiLocal = t.initialMaxStreamDataBidiLocal;
            initialMaxStreamDataBidiRemote = t.initialMaxStreamDataBidiRemote;
            initialMaxStreamDataUni = t.initialMaxStreamDataUni;
            initialMaxStreamsBidi = t.initialMaxStreamsBidi;
            initialMaxStreamsUni = t.initialMaxStreamsUni;
            ackDelayExponent = t.ackDelayExponent;
            maxAckDelayMs = t.maxAckDelayMs;
            disableActiveMigration = t.disableActiveMigration;
            preferredAddress = t.preferredAddress;
            activeConnectionIdLimit = t.activeConnectionIdLimit;
            initialSourceConnectionId = t.initialSourceConnectionId;
            retrySourceConnectionId = t.retrySourceConnectionId;
            versionInformation = t.versionInformation;
            maxDatagramFrameSize = t.maxDatagramFrameSize;
            greaseQuicBit = t.greaseQuicBit;
        }

        public Builder originalDestinationConnectionId(ConnectionId cid) {
            originalDestinationConnectionId = cid;
            return this;
        }

        public Builder maxIdleTimeoutMs(long ms) {
            maxIdleTimeoutMs = FieldChecks.varInt(ms, "max_idle_timeout");
            return this;
        }

        /** 16 bytes, or null for none. */
        public Builder statelessResetToken(byte[] token) {
            if (token != null && token.length != TOKEN_LENGTH) {
                throw new IllegalArgumentException("stateless_reset_token must be 16 bytes");
            }
            statelessResetToken = token == null ? null : token.clone();
            return this;
        }

        public Builder maxUdpPayloadSize(long size) {
            if (size < MIN_MAX_UDP_PAYLOAD_SIZE) {
                throw new IllegalArgumentException("max_udp_payload_size below 1200 (§18.2): " + size);
            }
            maxUdpPayloadSize = FieldChecks.varInt(size, "max_udp_payload_size");
            return this;
        }

        public Builder initialMaxData(long bytes) {
            initialMaxData = FieldChecks.varInt(bytes, "initial_max_data");
            return this;
        }

        public Builder initialMaxStreamDataBidiLocal(long bytes) {
            initialMaxStreamDataBidiLocal = FieldChecks.varInt(bytes, "initial_max_stream_data_bidi_local");
            return this;
        }

        public Builder initialMaxStreamDataBidiRemote(long bytes) {
            initialMaxStreamDataBidiRemote = FieldChecks.varInt(bytes, "initial_max_stream_data_bidi_remote");
            return this;
        }

        public Builder initialMaxStreamDataUni(long bytes) {
            initialMaxStreamDataUni = FieldChecks.varInt(bytes, "initial_max_stream_data_uni");
            return this;
        }

        public Builder initialMaxStreamsBidi(long streams) {
            initialMaxStreamsBidi = FieldChecks.streamCount(streams, "initial_max_streams_bidi");
            return this;
        }

        public Builder initialMaxStreamsUni(long streams) {
            initialMaxStreamsUni = FieldChecks.streamCount(streams, "initial_max_streams_uni");
            return this;
        }

        public Builder ackDelayExponent(int exponent) {
            if (exponent < 0 || exponent > MAX_ACK_DELAY_EXPONENT) {
                throw new IllegalArgumentException("ack_delay_exponent not in 0..20 (§18.2): " + exponent);
            }
            ackDelayExponent = exponent;
            return this;
        }

        public Builder maxAckDelayMs(long ms) {
            if (ms < 0 || ms >= MAX_ACK_DELAY_LIMIT_MS) {
                throw new IllegalArgumentException("max_ack_delay not below 2^14 (§18.2): " + ms);
            }
            maxAckDelayMs = ms;
            return this;
        }

        public Builder disableActiveMigration(boolean disable) {
            disableActiveMigration = disable;
            return this;
        }

        public Builder preferredAddress(PreferredAddress address) {
            preferredAddress = address;
            return this;
        }

        public Builder activeConnectionIdLimit(long limit) {
            if (limit < MIN_ACTIVE_CONNECTION_ID_LIMIT) {
                throw new IllegalArgumentException("active_connection_id_limit below 2 (§18.2): " + limit);
            }
            activeConnectionIdLimit = FieldChecks.varInt(limit, "active_connection_id_limit");
            return this;
        }

        public Builder initialSourceConnectionId(ConnectionId cid) {
            initialSourceConnectionId = cid;
            return this;
        }

        public Builder retrySourceConnectionId(ConnectionId cid) {
            retrySourceConnectionId = cid;
            return this;
        }

        public Builder versionInformation(VersionInformation info) {
            versionInformation = info;
            return this;
        }

        public Builder maxDatagramFrameSize(long size) {
            maxDatagramFrameSize = FieldChecks.varInt(size, "max_datagram_frame_size");
            return this;
        }

        public Builder greaseQuicBit(boolean grease) {
            greaseQuicBit = grease;
            return this;
        }

        public TransportParameters build() {
            return new TransportParameters(this);
        }
    }
}
