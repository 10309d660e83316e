package io.mqttd.quic.crypto;

import java.nio.ByteBuffer;

/**
 * Removes protection from incoming packets of one encryption level whose keys never update
 * (Initial, 0-RTT, Handshake). Two steps, because the packet number has to be decoded in between
 * (RFC 9000 §17.1, done by the packet layer): {@link #removeHeaderProtection} reveals the packet
 * number length and its truncated value, then {@link #open} authenticates and decrypts with the
 * full packet number.
 */
public final class PacketOpener {
    private final PacketAead aead;
    private final HeaderProtection headerProtection;
    private final AeadLimits limits;
    private final AuthenticationFailures failures;

    PacketOpener(PacketKeys keys, AeadLimits limits, AuthenticationFailures failures) {
        this.aead = keys.newAead(false);
        this.headerProtection = keys.newHeaderProtection();
        this.limits = limits;
        this.failures = failures;
    }

    /**
     * @param failures the connection's shared count of failed authentications (RFC 9001 §6.6)
     */
    public static PacketOpener create(CipherSuite suite, byte[] secret, int version, AuthenticationFailures failures) {
        return new PacketOpener(PacketKeys.derive(suite, secret, version), AeadLimits.of(suite), failures);
    }

    public static PacketOpener create(PacketKeys keys, AuthenticationFailures failures) {
        return new PacketOpener(keys, AeadLimits.of(keys.suite()), failures);
    }

    /**
     * RFC 9001 §5.4.1. On success the first byte and the packet number bytes are unprotected in place.
     *
     * @return the packet number length 1-4, or {@link HeaderProtection#DROP} when the packet is too
     *     short for a sample (§5.4.2)
     */
    public int removeHeaderProtection(ByteBuffer packet, int packetStart, int pnOffset, int packetEnd) {
        return headerProtection.remove(packet, packetStart, pnOffset, packetEnd);
    }

    /**
     * RFC 9001 §5.3, §5.5: false means drop the packet; the failure is counted.
     *
     * @param payloadOffset the first byte after the packet number
     * @param packetEnd end of the packet (of this packet, in a coalesced datagram)
     * @throws io.mqttd.quic.packet.TransportError AEAD_LIMIT_REACHED once the connection's failures
     *     exceed the integrity limit (§6.6)
     */
    public boolean open(ByteBuffer packet, int packetStart, int payloadOffset, int packetEnd, long packetNumber) {
        failures.checkWithin(limits);
        if (aead.open(packet, packetStart, payloadOffset, packetEnd, packetNumber)) {
            return true;
        }
        failures.record();
        failures.checkWithin(limits);
        return false;
    }
}
