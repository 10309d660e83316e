package io.mqttd.quic.connection;

import io.mqttd.quic.connection.stream.ReassemblyBuffer;
import io.mqttd.quic.connection.stream.SendBuffer;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.crypto.PacketOpener;
import io.mqttd.quic.crypto.PacketSealer;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.recovery.ReceivedPacketTracker;

/**
 * One packet number space of a connection (RFC 9000 §12.3): its next packet number, what it
 * received (for ACK frames), and its CRYPTO stream in both directions (RFC 9001 §4.1.3). Initial
 * and Handshake also hold their packet protection here; 1-RTT protection with key update lives in
 * the connection's {@link io.mqttd.quic.crypto.OneRttProtection}.
 */
final class PacketSpaceState {
    final PacketNumberSpace space;
    final EncryptionLevel level;
    final ReceivedPacketTracker received;
    final SendBuffer cryptoSend;
    final ReassemblyBuffer cryptoReceive = new ReassemblyBuffer();
    PacketSealer sealer;
    PacketOpener opener;
    long nextPacketNumber;
    boolean discarded;

    PacketSpaceState(PacketNumberSpace space, EncryptionLevel level, long maxAckDelayNanos, int cryptoBufferBytes) {
        this.space = space;
        this.level = level;
        // RFC 9000 §13.2.1: Initial and Handshake packets are acknowledged at once, so the delay
        // only matters for Application Data; the tracker applies that rule itself.
        this.received = new ReceivedPacketTracker(space, maxAckDelayNanos);
        this.cryptoSend = new SendBuffer(cryptoBufferBytes);
    }

    /** RFC 9001 §4.9: keys and CRYPTO state of the space are gone; its packets are dropped from now on. */
    void discard() {
        discarded = true;
        sealer = null;
        opener = null;
        cryptoSend.discard();
        cryptoReceive.discardAll();
    }
}
