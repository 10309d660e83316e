package io.mqttd.quic.connection.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * What one sent packet carried, as the handle given to loss recovery: its frames' information
 * ({@link SentFrame}) and its size, handed back when the packet is acknowledged, lost or discarded.
 */
public final class SentPacket {
    private final List<SentFrame> frames = new ArrayList<>(4);

    public void add(SentFrame frame) {
        frames.add(frame);
    }

    public List<SentFrame> frames() {
        return frames;
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    @Override
    public String toString() {
        return frames.toString();
    }
}
