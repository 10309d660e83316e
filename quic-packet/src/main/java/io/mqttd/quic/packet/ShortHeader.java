package io.mqttd.quic.packet;

import java.nio.ByteBuffer;

/**
 * The short header of 1-RTT packets, RFC 9000 §17.3.1 (unchanged in v2): writing, and the meaning
 * of the first-byte bits once header protection is removed.
 */
public final class ShortHeader {
    /** §17.4: the latency spin bit; not protected. */
    public static final int SPIN_BIT = 0x20;
    /** §17.3.1: reserved bits, protected; must be 0 after removing protection. */
    public static final int RESERVED_BITS = 0x18;
    /** §17.3.1, RFC 9001 §6: the key phase bit, protected. */
    public static final int KEY_PHASE_BIT = 0x04;

    private ShortHeader() {
    }

    /**
     * Writes a short header at the buffer's position and advances past the Packet Number field.
     *
     * @param packetNumber the full packet number; its {@code packetNumberLength} low bytes are sent
     * @throws IllegalArgumentException for arguments no valid packet has (local mistakes)
     */
    public static PacketLayout write(ByteBuffer buf, ConnectionId dcid, boolean spin, boolean keyPhase,
            long packetNumber, int packetNumberLength) {
        LongHeader.checkConnectionId(dcid);
        LongHeader.checkPacketNumber(packetNumber, packetNumberLength);
        int start = buf.position();
        buf.put((byte) (ProtectedPacket.FIXED_BIT | (spin ? SPIN_BIT : 0) | (keyPhase ? KEY_PHASE_BIT : 0)
                | (packetNumberLength - 1)));
        dcid.writeTo(buf);
        int pnOffset = buf.position();
        PacketNumberEncoding.write(buf, pnOffset, packetNumber, packetNumberLength);
        buf.position(pnOffset + packetNumberLength);
        return new PacketLayout(start, -1, pnOffset, packetNumberLength);
    }

    /** The key phase of an unprotected first byte. */
    public static boolean keyPhase(int unprotectedFirstByte) {
        return (unprotectedFirstByte & KEY_PHASE_BIT) != 0;
    }

    /** The spin bit; readable before header protection is removed. */
    public static boolean spin(int firstByte) {
        return (firstByte & SPIN_BIT) != 0;
    }

    /**
     * The reserved bits of an unprotected first byte. Non-zero is a PROTOCOL_VIOLATION only once
     * the packet has also been authenticated (§17.3.1, RFC 9001 §9.5), so the connection checks it
     * after AEAD, not here.
     */
    public static int reservedBits(int unprotectedFirstByte) {
        return unprotectedFirstByte & RESERVED_BITS;
    }
}
