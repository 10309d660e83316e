package io.mqttd.quic.recovery;

import io.mqttd.quic.packet.PacketNumberSpace;
import java.util.ArrayList;
import java.util.List;

/** Records every packet fate LossRecovery reports, per space. */
final class RecordingListener implements RecoveryListener<String> {
    final List<Long> acked = new ArrayList<>();
    final List<Long> lost = new ArrayList<>();
    final List<Long> discarded = new ArrayList<>();
    final List<Long> spurious = new ArrayList<>();
    final List<String> lostFrames = new ArrayList<>();
    PacketNumberSpace lastSpace;

    @Override
    public void onPacketAcked(PacketNumberSpace space, long packetNumber, String frames) {
        lastSpace = space;
        acked.add(packetNumber);
    }

    @Override
    public void onPacketLost(PacketNumberSpace space, long packetNumber, String frames) {
        lastSpace = space;
        lost.add(packetNumber);
        lostFrames.add(frames);
    }

    @Override
    public void onSpuriousLoss(PacketNumberSpace space, long packetNumber) {
        spurious.add(packetNumber);
    }

    @Override
    public void onPacketDiscarded(PacketNumberSpace space, long packetNumber, String frames) {
        lastSpace = space;
        discarded.add(packetNumber);
    }
}
