package io.mqttd.mqtt.server.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection limits a listener enforces below the broker core.
 *
 * @param connectTimeout how long a new connection has to deliver its first packet (CONNECT)
 *     whole before the listener closes it; see {@link FirstPacketWatch}
 * @param writeLowWaterMark bytes queued for sending below which a connection becomes writable again
 * @param writeHighWaterMark bytes queued for sending above which a connection is not writable; the
 *     listener also stops reading from it then, so a client that does not read its acknowledgements
 *     cannot keep pushing packets
 * @param maxBytesPerRead the largest buffer one socket read fills; together with Netty's bound on
 *     reads per event-loop turn this bounds what one connection hands the core at a time
 * @param closeLinger how long {@code close()} waits for flushed bytes to leave before it closes
 *     regardless (a peer that stopped reading would otherwise hold the connection open)
 */
public record ConnectionLimits(
        Duration connectTimeout,
        int writeLowWaterMark,
        int writeHighWaterMark,
        int maxBytesPerRead,
        Duration closeLinger) {

    public ConnectionLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(closeLinger, "closeLinger");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (closeLinger.isNegative()) {
            throw new IllegalArgumentException("closeLinger must not be negative: " + closeLinger);
        }
        if (writeLowWaterMark < 1 || writeHighWaterMark < writeLowWaterMark) {
            throw new IllegalArgumentException("need 1 <= writeLowWaterMark <= writeHighWaterMark: "
                    + writeLowWaterMark + ", " + writeHighWaterMark);
        }
        if (maxBytesPerRead < 64) {
            throw new IllegalArgumentException("maxBytesPerRead must be at least 64: " + maxBytesPerRead);
        }
    }

    /** 10 s to CONNECT, 32/64 KiB write water marks, 64 KiB per read, 5 s close linger. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(Duration.ofSeconds(10), 32 * 1024, 64 * 1024, 64 * 1024, Duration.ofSeconds(5));
    }

    public ConnectionLimits withConnectTimeout(Duration timeout) {
        return new ConnectionLimits(timeout, writeLowWaterMark, writeHighWaterMark, maxBytesPerRead, closeLinger);
    }

    public ConnectionLimits withWriteWaterMarks(int low, int high) {
        return new ConnectionLimits(connectTimeout, low, high, maxBytesPerRead, closeLinger);
    }

    public ConnectionLimits withMaxBytesPerRead(int bytes) {
        return new ConnectionLimits(connectTimeout, writeLowWaterMark, writeHighWaterMark, bytes, closeLinger);
    }

    public ConnectionLimits withCloseLinger(Duration linger) {
        return new ConnectionLimits(connectTimeout, writeLowWaterMark, writeHighWaterMark, maxBytesPerRead, linger);
    }
}
