package io.mqttd.mqtt.codec;

import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.wire.VariableByteInteger;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes packets into a caller's buffer in the wire form of one protocol version (a CONNECT always
 * in its own version). Transport-agnostic: the same bytes go to TCP, TLS, WebSocket or a QUIC stream.
 *
 * <p>{@link #encodedSize} gives the exact size first, so that a caller can allocate exactly, or
 * compare with the Maximum Packet Size the peer announced. {@link #encode(MqttPacket, ByteBuffer, long)}
 * does that comparison itself and refuses the packet (MQTT-3.1.2-24, MQTT-3.2.2-15: a packet larger
 * than the peer's maximum MUST NOT be sent; MQTT-3.1.2-25: the Server discards it and carries on as
 * if it had been sent).
 *
 * <p>Not thread-safe; one per connection, like the decoder. It holds no buffers.
 */
public final class MqttEncoder {
    private ProtocolVersion version;

    public MqttEncoder(ProtocolVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    public ProtocolVersion protocolVersion() {
        return version;
    }

    /** Switches the wire form, e.g. once the server has read the client's CONNECT. */
    public void setProtocolVersion(ProtocolVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * The exact number of bytes {@link #encode} writes for this packet, fixed header included.
     *
     * @throws IllegalArgumentException if this version cannot carry the packet (e.g. properties or
     *         a reason code other than Success with MQTT 3.1.1, AUTH before 5.0)
     */
    public int encodedSize(MqttPacket packet) {
        int remaining = remainingLength(packet);
        return 1 + VariableByteInteger.encodedLength(remaining) + remaining;
    }

    /**
     * Writes the packet at the buffer's position.
     *
     * @throws BufferOverflowException if the buffer has less room than {@link #encodedSize}; nothing
     *         is written then
     */
    public void encode(MqttPacket packet, ByteBuffer out) {
        int remaining = remainingLength(packet);
        write(packet, remaining, out);
    }

    /**
     * Writes the packet unless it exceeds {@code peerMaximumPacketSize}, the Maximum Packet Size the
     * peer announced (§3.1.2.11.4, §3.2.2.3.6; 268,435,460 if it announced none).
     *
     * @return whether the packet was written; false means it was too large and nothing was written
     */
    public boolean encode(MqttPacket packet, ByteBuffer out, long peerMaximumPacketSize) {
        int remaining = remainingLength(packet);
        if (1 + VariableByteInteger.encodedLength(remaining) + remaining > peerMaximumPacketSize) {
            return false;
        }
        write(packet, remaining, out);
        return true;
    }

    /** A new buffer holding exactly the packet's bytes, flipped for reading. */
    public ByteBuffer encode(MqttPacket packet) {
        int remaining = remainingLength(packet);
        ByteBuffer out = ByteBuffer.allocate(1 + VariableByteInteger.encodedLength(remaining) + remaining);
        write(packet, remaining, out);
        return out.flip();
    }

    private int remainingLength(MqttPacket packet) {
        int remaining = PacketEncoder.remainingLength(packet, versionFor(packet));
        if (remaining > VariableByteInteger.MAX_VALUE) {
            throw new IllegalArgumentException("packet exceeds the largest Remaining Length, 268,435,455 (§2.1.4)");
        }
        return remaining;
    }

    private void write(MqttPacket packet, int remaining, ByteBuffer out) {
        int size = 1 + VariableByteInteger.encodedLength(remaining) + remaining;
        if (out.remaining() < size) {
            throw new BufferOverflowException();
        }
        int start = out.position();
        out.put((byte) PacketEncoder.firstByte(packet));
        VariableByteInteger.write(out, remaining);
        PacketEncoder.writeBody(packet, versionFor(packet), remaining, out);
        assert out.position() - start == size : packet.type() + " wrote " + (out.position() - start) + " of " + size;
    }

    private ProtocolVersion versionFor(MqttPacket packet) {
        return packet instanceof Connect c ? c.protocolVersion() : version;
    }
}
