package io.mqttd.quic.recovery;

/**
 * Local settings of {@link LossRecovery}.
 *
 * @param isServer whether this endpoint is the server (RFC 9002 Appendix A.8
 *     PeerCompletedAddressValidation: a client assumes the server validated nothing yet)
 * @param initialRttNanos kInitialRtt, RFC 9002 §6.2.2 (333 ms unless a previous RTT is known)
 * @param pacing whether to pace in-flight packets (RFC 9002 §7.7)
 * @param ecn whether this endpoint can set ECT(0) on outgoing packets and so should run ECN
 *     validation (RFC 9000 §13.4.2)
 * @param probesPerPto how many probe packets a PTO asks for: 1 or 2 (RFC 9002 §6.2.4)
 */
public record RecoveryConfig(boolean isServer, long initialRttNanos, boolean pacing, boolean ecn, int probesPerPto) {

    public RecoveryConfig {
        if (initialRttNanos <= 0) {
            throw new IllegalArgumentException("initial RTT must be positive");
        }
        if (probesPerPto < 1 || probesPerPto > 2) {
            throw new IllegalArgumentException("RFC 9002 §6.2.4 allows one or two probes, not " + probesPerPto);
        }
    }

    /** RFC defaults: initial RTT 333 ms, pacing on, ECN off, two probes per PTO. */
    public static RecoveryConfig defaults(boolean isServer) {
        return new RecoveryConfig(isServer, RttEstimator.DEFAULT_INITIAL_RTT_NANOS, true, false, 2);
    }

    public RecoveryConfig withPacing(boolean enabled) {
        return new RecoveryConfig(isServer, initialRttNanos, enabled, ecn, probesPerPto);
    }

    public RecoveryConfig withEcn(boolean enabled) {
        return new RecoveryConfig(isServer, initialRttNanos, pacing, enabled, probesPerPto);
    }

    public RecoveryConfig withInitialRttNanos(long rttNanos) {
        return new RecoveryConfig(isServer, rttNanos, pacing, ecn, probesPerPto);
    }
}
