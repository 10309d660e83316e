package io.mqttd.mqtt.codec;

import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.wire.VariableByteInteger;
import java.nio.ByteBuffer;

/**
 * An incremental MQTT decoder for one connection, fed with whatever chunks the transport delivers:
 * a byte at a time, exactly one packet, or many packets at once.
 *
 * <pre>{@code
 * MqttPacket p;
 * while ((p = decoder.decode(chunk)) != null) {
 *     handle(p);
 * }
 * }</pre>
 *
 * <p>Copies as little as it can: when a whole packet is in the caller's buffer it is decoded in place
 * and its payload is a read-only slice of that buffer (see {@code Publish}: copy before reusing the
 * buffer). Only a packet split across chunks is gathered, into an array of exactly its size that no
 * later packet reuses, and only after its fixed header has shown that it is within the Maximum
 * Packet Size this side announced: a larger one fails before any of its body is buffered
 * (Packet Too Large, §3.1.2.11.4).
 *
 * <p>The protocol version decides the wire form. A server-side decoder starts without one, accepts
 * only CONNECT (MQTT-3.1.0-1), and takes the version from it; a client-side decoder is given its
 * version. A second CONNECT is a Protocol Error (MQTT-3.1.0-2).
 *
 * <p>After an {@link MqttDecodeException} the connection must be closed (§4.13); the decoder keeps
 * throwing the same exception. Not thread-safe.
 */
public final class MqttDecoder {
    /** The largest packet MQTT can frame: 1 + 4 + 268,435,455 bytes (§2.1.4). */
    public static final int LARGEST_PACKET = 1 + 4 + VariableByteInteger.MAX_VALUE;

    private static final byte[] EMPTY_BODY = {};

    private ProtocolVersion version;
    private int maximumPacketSize;

    private final byte[] header = new byte[5];
    private int headerLength;
    /** The body of a packet split across chunks, or null while none is. */
    private byte[] body;
    private int bodyFilled;
    private MqttDecodeException failure;

    private MqttDecoder(ProtocolVersion version, int maximumPacketSize) {
        this.version = version;
        setMaximumPacketSize(maximumPacketSize);
    }

    /** A decoder for a server's side: it expects CONNECT first and learns the version from it. */
    public static MqttDecoder forServer(int maximumPacketSize) {
        return new MqttDecoder(null, maximumPacketSize);
    }

    /** A decoder for a client's side, which knows the version it asked for in its CONNECT. */
    public static MqttDecoder forClient(ProtocolVersion version, int maximumPacketSize) {
        if (version == null) {
            throw new IllegalArgumentException("a client knows its protocol version");
        }
        return new MqttDecoder(version, maximumPacketSize);
    }

    /** The connection's version, or {@code null} before a server has decoded CONNECT. */
    public ProtocolVersion protocolVersion() {
        return version;
    }

    /** The Maximum Packet Size this side announced (§3.1.2.11.4); {@link #LARGEST_PACKET} if none. */
    public int maximumPacketSize() {
        return maximumPacketSize;
    }

    public void setMaximumPacketSize(int maximumPacketSize) {
        if (maximumPacketSize < 2 || maximumPacketSize > LARGEST_PACKET) {
            throw new IllegalArgumentException("Maximum Packet Size must be 2.." + LARGEST_PACKET + ": " + maximumPacketSize);
        }
        this.maximumPacketSize = maximumPacketSize;
    }

    /** Whether part of a packet is buffered, waiting for more bytes. */
    public boolean hasPartialPacket() {
        return headerLength > 0;
    }

    /**
     * Decodes the next packet from {@code in}, consuming its bytes, or consumes everything and returns
     * {@code null} if no packet is complete yet.
     */
    public MqttPacket decode(ByteBuffer in) throws MqttDecodeException {
        if (failure != null) {
            throw failure;
        }
        try {
            if (headerLength == 0) {
                MqttPacket packet = decodeInPlace(in);
                if (packet != null) {
                    return packet;
                }
            }
            return gather(in);
        } catch (MqttDecodeException e) {
            failure = e;
            throw e;
        }
    }

    /** The fast path: a whole packet at the buffer's position is decoded where it lies. */
    private MqttPacket decodeInPlace(ByteBuffer in) throws MqttDecodeException {
        if (!in.hasRemaining()) {
            return null;
        }
        int start = in.position();
        int firstByte = in.get(start) & 0xFF;
        checkFirstByte(firstByte);
        long lengthAndSize = VariableByteInteger.peek(in, start + 1);
        if (lengthAndSize == VariableByteInteger.INCOMPLETE) {
            return null;
        }
        int remaining = (int) (lengthAndSize >>> 3);
        int headerSize = 1 + (int) (lengthAndSize & 0x7);
        checkSize(headerSize, remaining);
        int bodyStart = start + headerSize;
        int end = bodyStart + remaining;
        int limit = in.limit();
        if (limit - bodyStart < remaining) {
            return null;
        }
        in.position(bodyStart).limit(end);
        try {
            MqttPacket packet = PacketDecoder.decode(firstByte, in, version);
            return accept(packet);
        } finally {
            in.limit(limit).position(end);
        }
    }

    /** The slow path: gathers a packet split across chunks. */
    private MqttPacket gather(ByteBuffer in) throws MqttDecodeException {
        while (in.hasRemaining()) {
            if (body == null) {
                byte b = in.get();
                header[headerLength++] = b;
                if (headerLength == 1) {
                    checkFirstByte(b & 0xFF);
                    continue;
                }
                if ((b & 0x80) != 0) {
                    if (headerLength == 5) {
                        throw MqttDecodeException.malformed("§1.5.5", "Remaining Length longer than four bytes");
                    }
                    continue;
                }
                int remaining = 0;
                for (int i = headerLength - 1; i >= 1; i--) {
                    remaining = remaining << 7 | header[i] & 0x7F;
                }
                checkSize(headerLength, remaining);
                body = remaining == 0 ? EMPTY_BODY : new byte[remaining];
                bodyFilled = 0;
            }
            int n = Math.min(in.remaining(), body.length - bodyFilled);
            in.get(body, bodyFilled, n);
            bodyFilled += n;
            if (bodyFilled == body.length) {
                int firstByte = header[0] & 0xFF;
                ByteBuffer complete = ByteBuffer.wrap(body);
                body = null;
                headerLength = 0;
                return accept(PacketDecoder.decode(firstByte, complete, version));
            }
        }
        return null;
    }

    /** Fixed header rules that need no more than the first byte (§2.1.2, §2.1.3). */
    private void checkFirstByte(int firstByte) throws MqttDecodeException {
        ControlPacketType type = ControlPacketType.of(firstByte >>> 4);
        if (type == null) {
            throw MqttDecodeException.malformed("§2.1.2", "reserved control packet type 0");
        }
        if (version == null && type != ControlPacketType.CONNECT) {
            throw MqttDecodeException.protocolError("MQTT-3.1.0-1", "the first packet must be CONNECT, not " + type);
        }
        if (version != null && type == ControlPacketType.CONNECT) {
            throw MqttDecodeException.protocolError("MQTT-3.1.0-2", "a second CONNECT");
        }
        if (type == ControlPacketType.AUTH && !version.isV5()) {
            throw MqttDecodeException.malformed("§2.1.2", "packet type 15 is reserved before MQTT 5.0");
        }
        int flags = firstByte & 0x0F;
        if (type == ControlPacketType.PUBLISH) {
            int qos = flags >>> 1 & 0x03;
            if (qos == 3) {
                throw MqttDecodeException.malformed("MQTT-3.3.1-4", "PUBLISH with QoS 3");
            }
            if (qos == 0 && (flags & 0x08) != 0) {
                throw MqttDecodeException.malformed("MQTT-3.3.1-2", "DUP set on a QoS 0 PUBLISH");
            }
        } else if (flags != type.requiredFlags()) {
            throw MqttDecodeException.malformed("MQTT-2.1.3-1", type + " with reserved flags 0x" + Integer.toHexString(flags));
        }
    }

    private void checkSize(int headerSize, int remaining) throws MqttDecodeException {
        if ((long) headerSize + remaining > maximumPacketSize) {
            throw new MqttDecodeException(ReasonCode.PACKET_TOO_LARGE, "§3.1.2.11.4",
                    "packet of " + ((long) headerSize + remaining) + " bytes exceeds the Maximum Packet Size " + maximumPacketSize);
        }
    }

    private MqttPacket accept(MqttPacket packet) {
        if (version == null) {
            version = ((Connect) packet).protocolVersion();
        }
        return packet;
    }
}
