package io.mqttd.quic.connection.path;

/**
 * Datagram Packetization Layer PMTU Discovery (DPLPMTUD, RFC 8899 §5) as QUIC uses it (RFC 9000
 * §14.3): the largest datagram the path to the peer is known to carry (the PLPMTU, which QUIC
 * calls the maximum datagram size), raised only by acknowledged PMTU probes and dropped back to
 * BASE_PLPMTU when the path turns out to be a black hole for the current size.
 *
 * <p>Sans-IO: the connection tells it what happened (handshake confirmed, probe sent, acknowledged
 * or lost, ordinary packets acknowledged or lost, time) and asks {@link #probeSize()} whether a
 * probe of some size is due, {@link #plpmtu()} for the size of ordinary datagrams, and
 * {@link #nextTimeoutNanos()} for its one timer (PMTU_RAISE_TIMER).
 *
 * <p>Search: the range is [BASE_PLPMTU, ceiling], the ceiling being the smaller of the local and
 * the peer's max_udp_payload_size (RFC 9000 §18.2: a limit on what the peer receives, not a
 * property of the path, §14). The first candidate is the ceiling itself: most paths carry either
 * everything both ends accept (loopback, a LAN whose MTU both ends were configured for) or an
 * Ethernet-sized 1472 bytes that the default ceiling already is, so one acknowledged probe usually
 * ends the search. If the ceiling fails, a binary search between the largest size acknowledged and
 * the smallest size that failed takes over, until the two are {@link #SEARCH_GRANULARITY} apart
 * (RFC 8899 §5.3 leaves the probing method to the implementation). One probe is outstanding at a
 * time; a size is given up after {@link #MAX_PROBES} consecutive lost probes (RFC 8899 §5.1.2).
 *
 * <p>QUIC's loss detection stands in for RFC 8899's PROBE_TIMER: a probe is "lost" when RFC 9002
 * declares its packet lost, and QUIC, being an acknowledged PL, runs no CONFIRMATION_TIMER in
 * SEARCH_COMPLETE (RFC 9000 §14.3.2).
 *
 * <p>Black holes (RFC 8899 §4.3, §5.2): ordinary packets larger than BASE_PLPMTU that are declared
 * lost while no packet larger than BASE_PLPMTU is acknowledged are counted; at
 * {@code blackHoleThreshold} the PLPMTU falls back to BASE_PLPMTU and the search starts again. The
 * count is evaluated by {@link #checkBlackHole} after a whole ACK frame or timeout was processed, so
 * that an ACK which both declares losses (a burst dropped by a queue) and acknowledges large
 * packets does not look like a black hole.
 *
 * <p>Not thread-safe; one connection owns it.
 */
public final class PathMtuDiscovery {
    /** RFC 9000 §14.3: BASE_PLPMTU, and MIN_PLPMTU, are QUIC's smallest maximum datagram size. */
    public static final int BASE_PLPMTU = 1200;
    /** RFC 8899 §5.1.2: MAX_PROBES, the probes of one size lost in a row before the size is given up. */
    public static final int MAX_PROBES = 3;
    /** RFC 8899 §5.1.1: PMTU_RAISE_TIMER, 600 s between the end of a search and the next. */
    public static final long PMTU_RAISE_TIMER_NANOS = 600_000_000_000L;
    /** The search ends when the sizes known to pass and to fail are this close. */
    public static final int SEARCH_GRANULARITY = 8;
    /** Lost packets larger than BASE_PLPMTU, with none acknowledged, that make a black hole. */
    public static final int DEFAULT_BLACK_HOLE_THRESHOLD = 6;

    /** The RFC 8899 §5.2 states this implementation uses (ERROR is not: see the spec notes). */
    public enum State {
        /** Not probing: discovery is off, or the handshake is not confirmed yet (§5.2 DISABLED/BASE). */
        DISABLED,
        /** Probing sizes above the PLPMTU. */
        SEARCHING,
        /** The search ended; a new one starts when PMTU_RAISE_TIMER expires. */
        SEARCH_COMPLETE
    }

    private static final long NO_PROBE = -1;

    private final int blackHoleThreshold;
    private State state = State.DISABLED;
    private int plpmtu = BASE_PLPMTU;
    private int ceiling = BASE_PLPMTU;
    /** The smallest size known not to pass: ceiling + 1 before any size failed. */
    private int failedSize;
    private int probeSize;
    private int probesLost;
    private long probePacketNumber = NO_PROBE;
    private long raiseAt = Long.MAX_VALUE;
    private int largeLossesSinceLargeAck;
    private long blackHoles;
    private long probesSent;

    public PathMtuDiscovery() {
        this(DEFAULT_BLACK_HOLE_THRESHOLD);
    }

    /** @param blackHoleThreshold lost large packets, none acknowledged in between, that make a black hole */
    public PathMtuDiscovery(int blackHoleThreshold) {
        if (blackHoleThreshold < 1) {
            throw new IllegalArgumentException("blackHoleThreshold must be positive: " + blackHoleThreshold);
        }
        this.blackHoleThreshold = blackHoleThreshold;
    }

    /**
     * Starts the search (RFC 9000 §14.3.1: a QUIC sender enters BASE once the handshake is done;
     * the connection calls this when it is confirmed). {@code ceiling} is the largest datagram both
     * ends allow; at or below BASE_PLPMTU there is nothing to search.
     */
    public void start(int ceiling) {
        if (ceiling < BASE_PLPMTU) {
            throw new IllegalArgumentException("ceiling below BASE_PLPMTU: " + ceiling);
        }
        this.ceiling = ceiling;
        plpmtu = BASE_PLPMTU;
        searchAgain();
    }

    /** The path changed (RFC 9000 §14.3: one PLPMTU per pair of addresses): back to BASE, search again. */
    public void onPathChanged() {
        if (state == State.DISABLED) {
            return;
        }
        plpmtu = BASE_PLPMTU;
        searchAgain();
    }

    private void searchAgain() {
        failedSize = ceiling + 1;
        probesLost = 0;
        probePacketNumber = NO_PROBE;
        largeLossesSinceLargeAck = 0;
        raiseAt = Long.MAX_VALUE;
        nextCandidate(Long.MIN_VALUE);
    }

    /** The next size to probe, or SEARCH_COMPLETE when the range is narrow enough. */
    private void nextCandidate(long now) {
        probesLost = 0;
        if (failedSize - plpmtu <= SEARCH_GRANULARITY || plpmtu >= ceiling) {
            state = State.SEARCH_COMPLETE;
            // §5.1.1: the raise timer only matters when something is left above the PLPMTU.
            raiseAt = plpmtu < ceiling && now != Long.MIN_VALUE ? now + PMTU_RAISE_TIMER_NANOS : Long.MAX_VALUE;
            return;
        }
        state = State.SEARCHING;
        probeSize = failedSize > ceiling ? ceiling : plpmtu + (failedSize - plpmtu) / 2;
    }

    public State state() {
        return state;
    }

    /** The current PLPMTU: the largest datagram to send outside probes (RFC 9000 §14.2). */
    public int plpmtu() {
        return plpmtu;
    }

    /** The size of the probe to send now, or 0 when none is due (not searching, or one is outstanding). */
    public int probeSize() {
        return state == State.SEARCHING && probePacketNumber == NO_PROBE ? probeSize : 0;
    }

    /** A probe of {@link #probeSize()} bytes left in packet {@code packetNumber} (1-RTT space). */
    public void onProbeSent(long packetNumber) {
        probePacketNumber = packetNumber;
        probesSent++;
    }

    /**
     * The probe in {@code packetNumber} was acknowledged: the path carries its size (RFC 8899
     * §5.2, SEARCHING). Probes other than the outstanding one (sent before a fallback) are ignored.
     */
    public void onProbeAcked(long packetNumber, long nowNanos) {
        if (probePacketNumber == NO_PROBE || packetNumber != probePacketNumber) {
            return;
        }
        probePacketNumber = NO_PROBE;
        plpmtu = probeSize;
        largeLossesSinceLargeAck = 0;
        nextCandidate(nowNanos);
    }

    /** The probe in {@code packetNumber} was declared lost; after MAX_PROBES in a row its size fails. */
    public void onProbeLost(long packetNumber, long nowNanos) {
        if (probePacketNumber == NO_PROBE || packetNumber != probePacketNumber) {
            return;
        }
        probePacketNumber = NO_PROBE;
        if (++probesLost >= MAX_PROBES) {
            failedSize = probeSize;
            nextCandidate(nowNanos);
        }
    }

    /** An ordinary (non-probe) datagram of {@code size} bytes was acknowledged. */
    public void onPacketAcked(int size) {
        if (size > BASE_PLPMTU) {
            largeLossesSinceLargeAck = 0;
        }
    }

    /** An ordinary (non-probe) datagram of {@code size} bytes was declared lost. */
    public void onPacketLost(int size) {
        if (size > BASE_PLPMTU && largeLossesSinceLargeAck < Integer.MAX_VALUE) {
            largeLossesSinceLargeAck++;
        }
    }

    /**
     * Called once an ACK frame or a loss timeout has been processed: falls back to BASE_PLPMTU
     * (RFC 8899 §5.2, black hole detected) and starts a new search when enough large packets were
     * lost with none acknowledged. Returns whether it fell back.
     */
    public boolean checkBlackHole() {
        if (largeLossesSinceLargeAck < blackHoleThreshold || plpmtu <= BASE_PLPMTU) {
            return false;
        }
        blackHoles++;
        plpmtu = BASE_PLPMTU;
        // The whole range again, not [BASE, old PLPMTU): a burst of loss mistaken for a black hole
        // costs MAX_PROBES lost probes then, instead of ten minutes at 1200 bytes.
        searchAgain();
        return true;
    }

    /** PMTU_RAISE_TIMER's expiry, or {@link Long#MAX_VALUE} when it is not running. */
    public long nextTimeoutNanos() {
        return raiseAt;
    }

    /** RFC 8899 §5.2: PMTU_RAISE_TIMER expired in SEARCH_COMPLETE: probe above the PLPMTU again. */
    public void onTimeout(long nowNanos) {
        if (nowNanos < raiseAt) {
            return;
        }
        raiseAt = Long.MAX_VALUE;
        if (state == State.SEARCH_COMPLETE) {
            searchAgain();
        }
    }

    /** Black holes detected so far. */
    public long blackHoles() {
        return blackHoles;
    }

    /** Probes sent so far. */
    public long probesSent() {
        return probesSent;
    }
}
