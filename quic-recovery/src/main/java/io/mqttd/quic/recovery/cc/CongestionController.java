package io.mqttd.quic.recovery.cc;

import io.mqttd.quic.recovery.RttEstimator;

/**
 * A sender-side congestion controller (RFC 9002 §7). {@code LossRecovery} owns bytes in flight and
 * loss detection, and feeds the controller the signals of §7: packets sent, packets acknowledged
 * (with the RTT estimator and whether the sender was application-limited, §7.8), congestion events
 * from loss or ECN-CE (§7.1, §7.3.2) and persistent congestion (§7.6).
 *
 * <p>The signals are those a model-based controller such as BBR also needs: per-packet send time and
 * size, RTT samples, the app-limited state, and the delivered-bytes counter of
 * {@link #onAckProcessed}. Times are nanoseconds; windows and sizes are bytes.
 */
public interface CongestionController {

    /** The congestion window in bytes. */
    long congestionWindow();

    /** The slow start threshold in bytes; {@link Long#MAX_VALUE} while infinite. */
    long slowStartThreshold();

    int maxDatagramSize();

    /** RFC 9002 §7.2: window limits follow the path's maximum datagram size. */
    void setMaxDatagramSize(int maxDatagramSize);

    /** RFC 9002 §7.2: kMinimumWindow = 2 * max_datagram_size. */
    default long minimumWindow() {
        return 2L * maxDatagramSize();
    }

    /** An in-flight packet was sent; {@code bytesInFlight} already includes it. */
    void onPacketSent(long nowNanos, int bytes, long bytesInFlight);

    /**
     * An in-flight packet was newly acknowledged (RFC 9002 Appendix B.5). Called after the losses
     * the same ACK frame revealed were reported.
     *
     * @param appLimited the sender is not using its window (RFC 9002 §7.8): do not grow it
     */
    void onPacketAcked(long nowNanos, long sentTimeNanos, int bytes, boolean appLimited, RttEstimator rtt);

    /**
     * The end of one ACK frame's processing. {@code deliveredBytes} counts all bytes ever
     * acknowledged on the path, the delivery-rate signal of model-based controllers.
     */
    default void onAckProcessed(long nowNanos, long deliveredBytes, long bytesInFlight, RttEstimator rtt) {
    }

    /**
     * A congestion signal: in-flight packets were lost, the newest sent at {@code sentTimeNanos}, or
     * the peer's ECN-CE count rose for a packet sent then (RFC 9002 §7.1, §7.3.2, Appendix B.6).
     *
     * @return true if this started a new recovery period, false if one was already under way
     */
    boolean onCongestionEvent(long nowNanos, long sentTimeNanos, boolean ecnCe, RttEstimator rtt);

    /**
     * Every loss behind the most recent congestion event was later acknowledged: the reduction was
     * caused by reordering, not congestion (RFC 9438 §4.9). A controller may restore the state it
     * had before that event; the default keeps the reduction.
     */
    default void onSpuriousCongestionEvent(long nowNanos) {
    }

    /** RFC 9002 §7.6.2: persistent congestion; collapse to the minimum window. */
    void onPersistentCongestion(long nowNanos);

    /** Whether a packet sent at {@code sentTimeNanos} was sent before the current recovery period. */
    boolean inRecovery(long sentTimeNanos);

    /** Whether the controller is in slow start (RFC 9002 §7.3.1). */
    default boolean inSlowStart() {
        return congestionWindow() < slowStartThreshold();
    }
}
