package io.mqttd.quic.recovery;

import io.mqttd.quic.packet.PacketNumberSpace;

/**
 * Where {@link LossRecovery} hands back the fate of each sent packet, with the opaque handle the
 * connection attached to it when it was sent (its frames, or whatever lets it retransmit them).
 *
 * <p>Each packet gets at most one call: acknowledged, lost or discarded (RFC 9002 §6, §6.4). What
 * to do with lost frames is the connection's business (RFC 9000 §13.3).
 *
 * <p>Callbacks run in the middle of ACK or timer processing: they must not call back into the
 * {@code LossRecovery} (queue the retransmission, send it after the call returns).
 */
public interface RecoveryListener<F> {

    /** The packet was newly acknowledged by an ACK frame. */
    void onPacketAcked(PacketNumberSpace space, long packetNumber, F frames);

    /** The packet was declared lost (RFC 9002 §6.1); its frames may need retransmission. */
    void onPacketLost(PacketNumberSpace space, long packetNumber, F frames);

    /**
     * A packet reported lost was acknowledged after all (RFC 9002 §6.1): its retransmission, if not
     * sent yet, is unnecessary. This is a late notice, not a second outcome: the packet's frames
     * were handed over with {@link #onPacketLost}.
     */
    default void onSpuriousLoss(PacketNumberSpace space, long packetNumber) {
    }

    /** RFC 9002 §6.4: the space's keys were discarded; the packet is neither acked nor lost. */
    default void onPacketDiscarded(PacketNumberSpace space, long packetNumber, F frames) {
    }
}
