package io.mqttd.quic.connection.api;

/**
 * Fails a stream operation after the peer reset the stream (RFC 9000 §19.4) or asked us to stop
 * sending on it (§19.5).
 */
public final class StreamResetException extends java.io.IOException {
    private final long streamId;
    private final long applicationErrorCode;

    public StreamResetException(long streamId, long applicationErrorCode, String what) {
        super("stream " + streamId + ": " + what + " with application error 0x" + Long.toHexString(applicationErrorCode));
        this.streamId = streamId;
        this.applicationErrorCode = applicationErrorCode;
    }

    public long streamId() {
        return streamId;
    }

    public long applicationErrorCode() {
        return applicationErrorCode;
    }
}
