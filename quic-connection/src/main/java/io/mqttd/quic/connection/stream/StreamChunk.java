package io.mqttd.quic.connection.stream;

/**
 * A mutable cursor describing the next piece of a stream to put in a STREAM or CRYPTO frame:
 * offset, length and whether it carries FIN. Reused by the packet builder so that choosing data to
 * send allocates nothing.
 */
public final class StreamChunk {
    long offset;
    int length;
    boolean fin;
    boolean retransmission;

    public long offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public boolean fin() {
        return fin;
    }

    /** Whether these bytes were sent before and declared lost (they consume no new flow control credit). */
    public boolean isRetransmission() {
        return retransmission;
    }

    void set(long offset, int length, boolean fin, boolean retransmission) {
        this.offset = offset;
        this.length = length;
        this.fin = fin;
        this.retransmission = retransmission;
    }

    @Override
    public String toString() {
        return "StreamChunk[" + offset + "+" + length + (fin ? ", fin" : "") + (retransmission ? ", retx" : "") + "]";
    }
}
