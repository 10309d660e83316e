package io.mqttd.quic.connection.stream;

import java.nio.ByteBuffer;

/**
 * The send side of a byte stream (STREAM data, RFC 9000 §2.2 and §3.1, or CRYPTO data per level):
 * holds every byte written until the peer acknowledges it, hands out chunks to send (lost data
 * first, then new data within the flow control limit), and retransmits information, not packets
 * (§13.3: "data sent in CRYPTO and STREAM frames is retransmitted in new frames until acknowledged").
 *
 * <p>Bytes live in one array from the lowest unacknowledged offset to the write offset; the array
 * grows on demand up to {@code capacity}, which is the writer's back-pressure point.
 */
public final class SendBuffer {
    private static final int INITIAL_ARRAY = 1024;

    private final int capacity;
    private byte[] bytes = new byte[0];
    /** Index in {@code bytes} of the byte at stream offset {@code ackedPrefix}. */
    private int head;
    /** All bytes below this offset are acknowledged and freed. */
    private long ackedPrefix;
    private long writeOffset;
    /** Next offset never sent before. */
    private long sentOffset;
    private final RangeSet lost = new RangeSet();
    private final RangeSet ackedAbovePrefix = new RangeSet();
    private boolean finWritten;
    private boolean finSent;
    private boolean finAcked;
    private boolean finLost;

    /** @param capacity the most unacknowledged bytes held before {@link #write} stops taking data */
    public SendBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Total bytes written; the final size once {@link #finish()} was called (RFC 9000 §4.5). */
    public long writeOffset() {
        return writeOffset;
    }

    /** The highest offset sent so far: the stream's flow control credit consumed (§4.1). */
    public long sentOffset() {
        return sentOffset;
    }

    public boolean isFinished() {
        return finWritten;
    }

    /** Bytes that {@link #write} would accept now. */
    public int writableBytes() {
        return finWritten ? 0 : (int) (capacity - (writeOffset - ackedPrefix));
    }

    /** Appends as much of {@code src} as capacity allows; returns the number of bytes taken. */
    public int write(ByteBuffer src) {
        if (finWritten) {
            throw new IllegalStateException("stream already finished");
        }
        int n = Math.min(src.remaining(), writableBytes());
        if (n == 0) {
            return 0;
        }
        ensureRoom(n);
        int tail = head + (int) (writeOffset - ackedPrefix);
        src.get(bytes, tail, n);
        writeOffset += n;
        return n;
    }

    /** Marks the end of the stream: the FIN bit goes out with the last byte (§19.8). */
    public void finish() {
        finWritten = true;
    }

    /** Whether anything is waiting to be sent: lost data, new data, or a FIN. */
    public boolean hasPendingData() {
        return !lost.isEmpty() || sentOffset < writeOffset || finPending();
    }

    /** Whether new (never sent) data is waiting, which is what flow control can block. */
    public boolean hasNewData() {
        return sentOffset < writeOffset;
    }

    private boolean finPending() {
        return finWritten && !finAcked && (!finSent || finLost);
    }

    /**
     * Chooses the next chunk to send, at most {@code maxLength} bytes: lost ranges first, then new
     * data below {@code flowLimit} (the stream's send limit, lowered by the caller to what
     * connection-level credit allows). The chunk is considered sent once returned. A chunk of length
     * 0 carries only a FIN. Returns false when nothing can be sent.
     */
    public boolean poll(StreamChunk out, int maxLength, long flowLimit) {
        if (maxLength < 0) {
            return false;
        }
        if (!lost.isEmpty()) {
            long start = lost.start(0);
            long end = Math.min(lost.end(0), start + maxLength);
            if (end > start) {
                lost.remove(start, end);
                boolean fin = finPending() && end == writeOffset;
                if (fin) {
                    finLost = false;
                    finSent = true;
                }
                out.set(start, (int) (end - start), fin, true);
                return true;
            }
        }
        long limit = Math.min(writeOffset, Math.max(sentOffset, flowLimit));
        long end = Math.min(limit, sentOffset + maxLength);
        boolean fin = finPending() && end == writeOffset;
        if (end == sentOffset && !fin) {
            return false;
        }
        long start = sentOffset;
        sentOffset = end;
        if (fin) {
            finSent = true;
            finLost = false;
        }
        out.set(start, (int) (end - start), fin, false);
        return true;
    }

    /** Copies stream bytes {@code [offset, offset+length)}, which must be unacknowledged, into {@code dst}. */
    public void copyTo(long offset, int length, ByteBuffer dst) {
        if (offset < ackedPrefix || offset + length > writeOffset) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is not held");
        }
        dst.put(bytes, head + (int) (offset - ackedPrefix), length);
    }

    /** The peer acknowledged a frame with these bytes (and FIN if set): free what is now contiguous. */
    public void onAcked(long offset, int length, boolean fin) {
        long end = offset + length;
        if (fin) {
            finAcked = true;
            finLost = false;
        }
        lost.remove(offset, end);
        if (end <= ackedPrefix) {
            return;
        }
        ackedAbovePrefix.add(Math.max(offset, ackedPrefix), end);
        if (ackedAbovePrefix.first() == ackedPrefix) {
            long newPrefix = ackedAbovePrefix.firstEnd();
            ackedAbovePrefix.removeBelow(newPrefix);
            head += (int) (newPrefix - ackedPrefix);
            ackedPrefix = newPrefix;
            compactIfWorthIt();
        }
    }

    /** A frame with these bytes was declared lost: queue whatever of it is still unacknowledged. */
    public void onLost(long offset, int length, boolean fin) {
        long start = Math.max(offset, ackedPrefix);
        long end = offset + length;
        if (start < end) {
            lost.add(start, end);
            for (int i = 0; i < ackedAbovePrefix.rangeCount() && !lost.isEmpty(); i++) {
                lost.remove(ackedAbovePrefix.start(i), ackedAbovePrefix.end(i));
            }
        }
        if (fin && !finAcked) {
            finLost = true;
        }
    }

    /** DataRecvd (§3.1): every byte and the FIN are acknowledged. */
    public boolean isFullyAcked() {
        return finWritten && finAcked && ackedPrefix == writeOffset;
    }

    /** Bytes written but not yet acknowledged (held in memory). */
    public long unackedBytes() {
        return writeOffset - ackedPrefix;
    }

    /** Frees everything, as after RESET_STREAM (§3.1: no data is retransmitted after a reset). */
    public void discard() {
        bytes = new byte[0];
        head = 0;
        ackedPrefix = writeOffset;
        lost.clear();
        ackedAbovePrefix.clear();
    }

    private void ensureRoom(int n) {
        int held = (int) (writeOffset - ackedPrefix);
        if (head + held + n <= bytes.length) {
            return;
        }
        int needed = held + n;
        if (needed <= bytes.length && head > 0) {
            System.arraycopy(bytes, head, bytes, 0, held);
            head = 0;
            return;
        }
        int newLength = Math.max(Math.max(INITIAL_ARRAY, needed), Math.min(capacity, bytes.length * 2));
        byte[] grown = new byte[Math.max(newLength, needed)];
        System.arraycopy(bytes, head, grown, 0, held);
        bytes = grown;
        head = 0;
    }

    private void compactIfWorthIt() {
        int held = (int) (writeOffset - ackedPrefix);
        if (held == 0) {
            head = 0;
            if (bytes.length > INITIAL_ARRAY * 16) {
                bytes = new byte[0]; // an idle stream gives its memory back
            }
        } else if (head > bytes.length / 2) {
            System.arraycopy(bytes, head, bytes, 0, held);
            head = 0;
        }
    }

    @Override
    public String toString() {
        return "SendBuffer[acked<" + ackedPrefix + ", sent<" + sentOffset + ", written<" + writeOffset
                + ", lost=" + lost + (finWritten ? ", fin" : "") + "]";
    }
}
