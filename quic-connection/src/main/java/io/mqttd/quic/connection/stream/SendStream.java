package io.mqttd.quic.connection.stream;

import io.mqttd.quic.connection.flow.SendCredit;
import java.nio.ByteBuffer;

/**
 * The sending part of a stream, RFC 9000 §3.1 (Figure 2): buffered data, stream-level credit
 * (§4.1), FIN, RESET_STREAM initiated locally or demanded by the peer's STOP_SENDING (§3.5), and
 * the acknowledgement and loss of what was sent.
 */
public final class SendStream {

    /** RFC 9000 §3.1 sending stream states. */
    public enum State { READY, SEND, DATA_SENT, RESET_SENT, DATA_RECVD, RESET_RECVD }

    private final long id;
    private final SendBuffer buffer;
    private final SendCredit credit;
    private State state = State.READY;
    private long resetErrorCode = -1;
    private boolean resetPending;

    public SendStream(long id, int bufferCapacity, long initialCredit) {
        this.id = id;
        this.buffer = new SendBuffer(bufferCapacity);
        this.credit = new SendCredit(initialCredit);
    }

    public long id() {
        return id;
    }

    public State state() {
        return state;
    }

    public SendCredit credit() {
        return credit;
    }

    /** Appends application data; returns how many bytes the buffer took (0 when full or after a reset). */
    public int write(ByteBuffer src) {
        if (state != State.READY && state != State.SEND) {
            return 0;
        }
        return buffer.write(src);
    }

    /** Bytes {@link #write} would take now. */
    public int writableBytes() {
        return state == State.READY || state == State.SEND ? buffer.writableBytes() : 0;
    }

    /** The application has written everything: FIN follows the last byte. */
    public void finish() {
        if (state == State.READY || state == State.SEND) {
            buffer.finish();
        }
    }

    /** Whether STREAM frames are waiting to be sent (data, retransmissions or a FIN). */
    public boolean hasPendingData() {
        return (state == State.READY || state == State.SEND || state == State.DATA_SENT) && buffer.hasPendingData();
    }

    /** Whether new data is blocked by this stream's flow control credit. */
    public boolean isBlockedByStreamCredit() {
        return buffer.hasNewData() && credit.available() == 0;
    }

    /**
     * Chooses the next STREAM frame's data: at most {@code maxLength} bytes, and new bytes limited
     * by this stream's credit and by {@code connectionCredit}. The caller charges
     * {@link #newBytes(StreamChunk)} to the connection's credit.
     */
    public boolean poll(StreamChunk out, int maxLength, long connectionCredit) {
        if (!hasPendingData()) {
            return false;
        }
        long flowLimit = buffer.sentOffset() + Math.min(credit.available(), connectionCredit);
        if (!buffer.poll(out, maxLength, flowLimit)) {
            return false;
        }
        credit.consume(newBytes(out));
        if (state == State.READY) {
            state = State.SEND;
        }
        if (out.fin() && state == State.SEND) {
            state = State.DATA_SENT;
        }
        return true;
    }

    /** Flow control credit a polled chunk consumed: its length unless it is a retransmission. */
    public static long newBytes(StreamChunk chunk) {
        return chunk.isRetransmission() ? 0 : chunk.length();
    }

    public void copyTo(StreamChunk chunk, ByteBuffer dst) {
        buffer.copyTo(chunk.offset(), chunk.length(), dst);
    }

    public void onStreamFrameAcked(long offset, int length, boolean fin) {
        if (state == State.RESET_SENT || state == State.RESET_RECVD) {
            return;
        }
        buffer.onAcked(offset, length, fin);
        if (state == State.DATA_SENT && buffer.isFullyAcked()) {
            state = State.DATA_RECVD;
        }
    }

    public void onStreamFrameLost(long offset, int length, boolean fin) {
        if (state == State.SEND || state == State.DATA_SENT) {
            buffer.onLost(offset, length, fin);
        }
    }

    /** A MAX_STREAM_DATA frame (§19.10). */
    public void onMaxStreamData(long limit) {
        credit.raiseLimit(limit);
    }

    /**
     * Abandons the stream (§3.1 "Reset Sent"): nothing more is sent or retransmitted; a RESET_STREAM
     * with the final size (the credit consumed, §4.5) becomes pending.
     */
    public void reset(long applicationErrorCode) {
        if (state == State.READY || state == State.SEND || state == State.DATA_SENT) {
            state = State.RESET_SENT;
            resetErrorCode = applicationErrorCode;
            resetPending = true;
            buffer.discard();
        }
    }

    /**
     * The peer sent STOP_SENDING (§3.5): "An endpoint that receives a STOP_SENDING frame MUST send a
     * RESET_STREAM frame if the stream is in the Ready or Send state", echoing its error code. In
     * Data Sent we reset too unless everything is already acknowledged.
     */
    public void onStopSending(long applicationErrorCode) {
        reset(applicationErrorCode);
    }

    public boolean isResetPending() {
        return resetPending;
    }

    public long resetErrorCode() {
        return resetErrorCode;
    }

    /** RESET_STREAM's Final Size field: the stream's flow control credit consumed (§4.5, §19.4). */
    public long finalSize() {
        return buffer.sentOffset();
    }

    public void onResetSent() {
        resetPending = false;
    }

    public void onResetLost() {
        if (state == State.RESET_SENT) {
            resetPending = true;
        }
    }

    public void onResetAcked() {
        if (state == State.RESET_SENT) {
            state = State.RESET_RECVD;
        }
    }

    /** Whether the stream reached a terminal state (§3.1). */
    public boolean isTerminal() {
        return state == State.DATA_RECVD || state == State.RESET_RECVD;
    }
}
