package io.mqttd.quic.connection;

import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * Where the peer is, and the validation of a new address it moved to (RFC 9000 §8.2, §9.3): the
 * address datagrams go to, the last validated one to fall back on, and the PATH_CHALLENGE in flight.
 */
final class PeerPath {
    /** RFC 9002 §6.2.2: the PTO of a path with no RTT sample, from kInitialRtt = 333 ms (333 + 4 x 166.5). */
    static final long INITIAL_PATH_PTO_NANOS = 999_000_000L;

    private final SecureRandom random = new SecureRandom();
    private InetSocketAddress address;
    private InetSocketAddress lastValidated;
    private boolean validating;
    private boolean challengePending;
    private long challengeData;
    private long deadline = Long.MAX_VALUE;

    PeerPath(InetSocketAddress address) {
        this.address = address;
    }

    InetSocketAddress address() {
        return address;
    }

    /**
     * RFC 9000 §9.3: the peer's newest packet came from {@code from}; a new address becomes the
     * destination at once and is challenged (§8.2.1), for three times the larger of the current PTO
     * and a new path's initial PTO (§8.2.4).
     */
    void onPeerAddress(long now, InetSocketAddress from, long ptoNanos) {
        if (from.equals(address)) {
            return;
        }
        if (!validating) {
            lastValidated = address;
        }
        address = from;
        validating = true;
        challengePending = true;
        challengeData = random.nextLong();
        deadline = now + 3 * Math.max(ptoNanos, INITIAL_PATH_PTO_NANOS);
    }

    /** §8.2.3: a PATH_RESPONSE echoing our challenge validates the path; others are ignored (§19.18). */
    void onPathResponse(long data) {
        if (validating && data == challengeData) {
            validating = false;
            challengePending = false;
            lastValidated = null;
            deadline = Long.MAX_VALUE;
        }
    }

    /** A PATH_CHALLENGE frame should go out now; returns its data, marking it sent. */
    boolean hasChallengeToSend() {
        return challengePending;
    }

    long takeChallenge() {
        challengePending = false;
        return challengeData;
    }

    /** §13.3: a lost PATH_CHALLENGE is sent again while its path is still being validated. */
    void onChallengeLost(long data) {
        if (validating && data == challengeData) {
            challengePending = true;
        }
    }

    long deadline() {
        return deadline;
    }

    /** §9.3.2: no response in time: back to the last validated address. */
    void onTimeout(long now) {
        if (validating && now >= deadline) {
            address = lastValidated;
            validating = false;
            challengePending = false;
            deadline = Long.MAX_VALUE;
        }
    }
}
