package io.mqttd.quic.connection.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * What one sent packet carried, as the handle given to loss recovery: its frames' information
 * ({@link SentFrame}), the size of its datagram and whether it was a PMTU probe, handed back when
 * the packet is acknowledged, lost or discarded.
 */
public final class SentPacket {
    private final List<SentFrame> frames = new ArrayList<>(4);
    private int datagramSize;
    private boolean pmtuProbe;

    public void add(SentFrame frame) {
        frames.add(frame);
    }

    public List<SentFrame> frames() {
        return frames;
    }

    /** The size of the UDP payload that carried the packet (what a path MTU limits, RFC 9000 §14). */
    public int datagramSize() {
        return datagramSize;
    }

    public void setDatagramSize(int size) {
        this.datagramSize = size;
    }

    /** Whether the packet is a PMTU probe (RFC 9000 §14.4): its fate is news for PMTU discovery only. */
    public boolean isPmtuProbe() {
        return pmtuProbe;
    }

    public void markPmtuProbe() {
        this.pmtuProbe = true;
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    @Override
    public String toString() {
        return frames.toString();
    }
}
