package io.mqttd.quic.connection.path;

/**
 * The anti-amplification limit, RFC 9000 §8.1: before a server has validated the client's address it
 * "MUST NOT send more than three times as many bytes as the number of bytes it has received", so an
 * attacker cannot use it to flood a spoofed address. Counts whole UDP payloads, padding included.
 */
public final class AmplificationLimit {
    /** §8.1: the factor of three. */
    public static final int FACTOR = 3;

    private long received;
    private long sent;
    private boolean validated;

    /** A client's own view: the server's address needs no validation by it (§8.1 applies to servers). */
    public static AmplificationLimit validatedPath() {
        AmplificationLimit limit = new AmplificationLimit();
        limit.validated = true;
        return limit;
    }

    public void onDatagramReceived(int bytes) {
        received += bytes;
    }

    public void onDatagramSent(int bytes) {
        sent += bytes;
    }

    /**
     * The address is validated (§8.1): a Handshake packet from the client was processed, a Retry or
     * NEW_TOKEN token checked out, or path validation succeeded.
     */
    public void onAddressValidated() {
        validated = true;
    }

    public boolean isValidated() {
        return validated;
    }

    /** Bytes that may still be sent now; {@link Long#MAX_VALUE} once validated. */
    public long allowance() {
        return validated ? Long.MAX_VALUE : Math.max(0, FACTOR * received - sent);
    }

    /** Whether the limit, not congestion control, is what stops sending now. */
    public boolean isBlocking(int nextDatagramSize) {
        return !validated && allowance() < nextDatagramSize;
    }
}
