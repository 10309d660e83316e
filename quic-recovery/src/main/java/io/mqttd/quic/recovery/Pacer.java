package io.mqttd.quic.recovery;

/**
 * A leaky-bucket pacer, RFC 9002 §7.7: the bucket fills at N * congestion_window / smoothed_rtt
 * with N = 5/4 and holds at most a burst of {@value #BURST_PACKETS} full-sized packets (the
 * initial window, as §7.7 suggests), never more than the congestion window.
 *
 * <p>The rate is recomputed from the current window and RTT at each call, so the pacer follows
 * the congestion controller without being told about its changes.
 */
public final class Pacer {
    /** RFC 9002 §7.7: "limit bursts to the initial congestion window" (ten packets). */
    public static final int BURST_PACKETS = 10;
    /** RFC 9002 §7.7: N, small but at least 1, so RTT variation does not underuse the window. */
    public static final double RATE_FACTOR = 1.25;

    private int maxDatagramSize;
    private double tokens;
    private long lastRefillNanos;
    private boolean started;

    public Pacer(int maxDatagramSize) {
        setMaxDatagramSize(maxDatagramSize);
        tokens = (double) BURST_PACKETS * maxDatagramSize;
    }

    public void setMaxDatagramSize(int maxDatagramSize) {
        if (maxDatagramSize <= 0) {
            throw new IllegalArgumentException("max datagram size must be positive");
        }
        this.maxDatagramSize = maxDatagramSize;
    }

    private double capacity(long congestionWindow) {
        return Math.max(2.0 * maxDatagramSize, Math.min((double) BURST_PACKETS * maxDatagramSize, congestionWindow));
    }

    private static double rateBytesPerNano(long congestionWindow, long smoothedRttNanos) {
        return RATE_FACTOR * congestionWindow / Math.max(smoothedRttNanos, 1);
    }

    private void refill(long nowNanos, long congestionWindow, long smoothedRttNanos) {
        double cap = capacity(congestionWindow);
        if (!started) {
            started = true;
            lastRefillNanos = nowNanos;
            tokens = Math.min(tokens, cap);
            return;
        }
        if (nowNanos > lastRefillNanos) {
            tokens += (nowNanos - lastRefillNanos) * rateBytesPerNano(congestionWindow, smoothedRttNanos);
            lastRefillNanos = nowNanos;
        }
        tokens = Math.min(tokens, cap);
    }

    /**
     * The earliest time a packet of {@code bytes} may leave: {@code nowNanos} if the bucket holds
     * enough, else when it will.
     */
    public long nextSendTimeNanos(long nowNanos, int bytes, long congestionWindow, long smoothedRttNanos) {
        refill(nowNanos, congestionWindow, smoothedRttNanos);
        double need = Math.min(bytes, capacity(congestionWindow));
        if (tokens >= need) {
            return nowNanos;
        }
        double wait = (need - tokens) / rateBytesPerNano(congestionWindow, smoothedRttNanos);
        return nowNanos + Math.max(1L, (long) Math.ceil(Math.min(wait, 1e15)));
    }

    /** Takes a sent in-flight packet out of the bucket (probes may drive it to empty, never below). */
    public void onPacketSent(long nowNanos, int bytes, long congestionWindow, long smoothedRttNanos) {
        refill(nowNanos, congestionWindow, smoothedRttNanos);
        tokens = Math.max(0.0, tokens - bytes);
    }
}
