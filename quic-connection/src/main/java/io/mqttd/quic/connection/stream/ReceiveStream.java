package io.mqttd.quic.connection.stream;

import io.mqttd.quic.connection.flow.ReceiveWindow;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;

/**
 * The receiving part of a stream, RFC 9000 §3.2 (Figure 3): reassembly, the final size rules of
 * §4.5, stream and connection flow control (§4.1), RESET_STREAM, and STOP_SENDING requested by the
 * application (§3.5).
 */
public final class ReceiveStream {

    /** RFC 9000 §3.2 receiving stream states. */
    public enum State { RECV, SIZE_KNOWN, DATA_RECVD, RESET_RECVD, DATA_READ, RESET_READ }

    private static final long STREAM_FRAME = 0x08;
    private static final long RESET_STREAM_FRAME = 0x04;

    private final long id;
    private final ReassemblyBuffer buffer = new ReassemblyBuffer();
    private final ReceiveWindow streamWindow;
    private final ReceiveWindow connectionWindow;
    private State state = State.RECV;
    private long finalSize = -1;
    private long resetErrorCode = -1;
    private long stopSendingCode = -1;
    private boolean stopSendingPending;
    /** Credit has been returned to the peer's budget for every byte below this offset (§4.1). */
    private long creditReturnedUpTo;

    public ReceiveStream(long id, ReceiveWindow streamWindow, ReceiveWindow connectionWindow) {
        this.id = id;
        this.streamWindow = streamWindow;
        this.connectionWindow = connectionWindow;
    }

    public long id() {
        return id;
    }

    public State state() {
        return state;
    }

    public ReceiveWindow window() {
        return streamWindow;
    }

    /** The final size once known (FIN or RESET_STREAM), else -1. */
    public long finalSize() {
        return finalSize;
    }

    /** The application error code of the peer's RESET_STREAM, or -1. */
    public long resetErrorCode() {
        return resetErrorCode;
    }

    /** A STREAM frame (§19.8). {@code data}'s position is left unchanged. */
    public void onStreamFrame(long offset, ByteBuffer data, boolean fin) {
        long end = offset + data.remaining();
        // RFC 9000 §4.5: once a final size is known it cannot change, and no data may lie beyond it.
        if (finalSize >= 0 && (end > finalSize || (fin && end != finalSize))) {
            throw new TransportError(TransportErrorCode.FINAL_SIZE_ERROR, STREAM_FRAME,
                    "stream " + id + ": data up to " + end + " conflicts with final size " + finalSize);
        }
        if (fin && end < streamWindow.highestReceived()) {
            throw new TransportError(TransportErrorCode.FINAL_SIZE_ERROR, STREAM_FRAME,
                    "stream " + id + ": final size " + end + " below data already received");
        }
        accountReceived(end);
        if (fin && finalSize < 0) {
            finalSize = end;
            if (state == State.RECV) {
                state = State.SIZE_KNOWN;
            }
        }
        if (state != State.RECV && state != State.SIZE_KNOWN) {
            return; // §3.2: after all data or a reset arrived, further frames carry nothing new
        }
        if (stopSendingCode >= 0) {
            returnCreditUpTo(streamWindow.highestReceived()); // the application will never read these bytes
            return;
        }
        buffer.insert(offset, data);
        if (state == State.SIZE_KNOWN && buffer.readOffset() + buffer.readableBytes() == finalSize) {
            state = State.DATA_RECVD;
        }
    }

    /** A RESET_STREAM frame (§19.4). */
    public void onResetStream(long errorCode, long size) {
        // RFC 9000 §4.5: the final size in RESET_STREAM must match a known one and cover what arrived.
        if ((finalSize >= 0 && size != finalSize) || size < streamWindow.highestReceived()) {
            throw new TransportError(TransportErrorCode.FINAL_SIZE_ERROR, RESET_STREAM_FRAME,
                    "stream " + id + ": reset final size " + size + " conflicts with data received");
        }
        accountReceived(size);
        finalSize = size;
        if (state == State.RECV || state == State.SIZE_KNOWN) {
            state = State.RESET_RECVD;
            resetErrorCode = errorCode;
            returnCreditUpTo(size);
            buffer.discardAll();
        }
    }

    /**
     * Reads contiguous data into {@code dst}. Returns the number of bytes read, 0 when nothing is
     * available yet, or -1 at the end of the stream or after a reset ({@link #resetErrorCode()}).
     */
    public int read(ByteBuffer dst) {
        switch (state) {
            case RESET_RECVD -> {
                state = State.RESET_READ; // §3.2: the application has been told of the reset
                return -1;
            }
            case RESET_READ, DATA_READ -> {
                return -1;
            }
            default -> {
            }
        }
        int n = buffer.read(dst);
        returnCreditUpTo(buffer.readOffset());
        if (state == State.DATA_RECVD && buffer.readOffset() == finalSize) {
            state = State.DATA_READ;
            return n > 0 ? n : -1;
        }
        return n;
    }

    /** Bytes readable now without waiting. */
    public long readableBytes() {
        return buffer.readableBytes();
    }

    /** Whether {@link #read} would return data or an end-of-stream/reset indication now. */
    public boolean isReadable() {
        return buffer.readableBytes() > 0 || state == State.DATA_RECVD && buffer.readOffset() == finalSize
                || state == State.RESET_RECVD;
    }

    /**
     * The application no longer wants data (§3.5): a STOP_SENDING frame becomes pending unless the
     * peer already finished or reset, and data buffered or arriving later is discarded.
     */
    public void stopSending(long applicationErrorCode) {
        if (stopSendingCode >= 0) {
            return;
        }
        stopSendingCode = applicationErrorCode;
        if (state == State.RECV || state == State.SIZE_KNOWN) {
            stopSendingPending = true;
            returnCreditUpTo(streamWindow.highestReceived());
            buffer.discardAll();
        }
    }

    /** Whether a STOP_SENDING frame should be sent (§19.5); cleared by {@link #onStopSendingSent()}. */
    public boolean isStopSendingPending() {
        return stopSendingPending && (state == State.RECV || state == State.SIZE_KNOWN);
    }

    public long stopSendingCode() {
        return stopSendingCode;
    }

    public void onStopSendingSent() {
        stopSendingPending = false;
    }

    /** §13.3: a lost STOP_SENDING is sent again until the stream leaves Recv / Size Known. */
    public void onStopSendingLost() {
        stopSendingPending = stopSendingCode >= 0;
    }

    /** Whether the stream reached a terminal state and can be forgotten (§3.2). */
    public boolean isTerminal() {
        return state == State.DATA_READ || state == State.RESET_READ
                || stopSendingCode >= 0 && (state == State.RESET_RECVD || state == State.DATA_RECVD);
    }

    private void accountReceived(long end) {
        long grown = streamWindow.onReceived(end);
        if (grown > 0) {
            connectionWindow.onReceived(connectionWindow.highestReceived() + grown);
        }
    }

    /**
     * Bytes below {@code offset} were read, or will never be read (discarded after STOP_SENDING or a
     * reset; §4.5 says they still count against the connection), so their credit can be re-advertised.
     */
    private void returnCreditUpTo(long offset) {
        if (offset > creditReturnedUpTo) {
            long bytes = offset - creditReturnedUpTo;
            creditReturnedUpTo = offset;
            streamWindow.onConsumed(bytes);
            connectionWindow.onConsumed(bytes);
        }
    }
}
