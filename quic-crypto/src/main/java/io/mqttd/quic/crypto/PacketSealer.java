package io.mqttd.quic.crypto;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;

/**
 * Protects outgoing packets of one encryption level whose keys never update (Initial, 0-RTT,
 * Handshake): AEAD first (RFC 9001 §5.3), then header protection over the ciphertext (§5.4.1).
 * 1-RTT packets use {@link OneRttProtection}, which adds key update.
 */
public final class PacketSealer {
    private final PacketAead aead;
    private final HeaderProtection headerProtection;
    private final AeadLimits limits;

    PacketSealer(PacketKeys keys, AeadLimits limits) {
        this.aead = keys.newAead(true);
        this.headerProtection = keys.newHeaderProtection();
        this.limits = limits;
    }

    /** The sealer for a TLS traffic secret (or an Initial secret) in a QUIC version. */
    public static PacketSealer create(CipherSuite suite, byte[] secret, int version) {
        return new PacketSealer(PacketKeys.derive(suite, secret, version), AeadLimits.of(suite));
    }

    public static PacketSealer create(PacketKeys keys) {
        return new PacketSealer(keys, AeadLimits.of(keys.suite()));
    }

    /**
     * Seals a packet laid out in the buffer as header (ending with the unprotected packet number)
     * then plaintext payload; the header's Length field, if any, must already count the 16-byte tag.
     *
     * @param packetStart the packet's first byte
     * @param pnOffset start of the Packet Number field
     * @param pnLength its encoded length, 1-4, as written in the first byte
     * @param payloadEnd end of the plaintext; the buffer's limit must leave 16 bytes for the tag
     * @param packetNumber the full packet number, growing with every call
     * @return the end of the protected packet
     * @throws TransportError AEAD_LIMIT_REACHED if this key has sealed its confidentiality limit
     *     (RFC 9001 §6.6: these levels cannot update keys, so the connection must close)
     */
    public int seal(ByteBuffer packet, int packetStart, int pnOffset, int pnLength, int payloadEnd, long packetNumber) {
        if (aead.packetsSealed() >= limits.confidentialityLimit()) {
            throw new TransportError(TransportErrorCode.AEAD_LIMIT_REACHED,
                    "confidentiality limit of " + limits.confidentialityLimit() + " packets reached");
        }
        HeaderProtection.checkSealable(packet, packetStart, pnOffset, pnLength, payloadEnd);
        int end = aead.seal(packet, packetStart, pnOffset + pnLength, payloadEnd, packetNumber);
        headerProtection.apply(packet, packetStart, pnOffset, pnLength, end);
        return end;
    }

    public long packetsSealed() {
        return aead.packetsSealed();
    }
}
