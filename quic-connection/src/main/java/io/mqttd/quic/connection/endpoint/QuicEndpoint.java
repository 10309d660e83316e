package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.connection.cid.LocalConnectionIds;
import io.mqttd.quic.connection.cid.StatelessResetTokens;
import io.mqttd.quic.connection.path.AddressValidationTokens;
import io.mqttd.quic.connection.sim.DatagramEndpoint;
import io.mqttd.quic.crypto.RetryIntegrity;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.ParseOutcome;
import io.mqttd.quic.packet.ProtectedPacket;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.RetryPacket;
import io.mqttd.quic.packet.VersionNegotiationPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A QUIC endpoint: one UDP socket's worth of connections (RFC 9000 §5.2). Sans-IO like the
 * connections it serves, so a UDP event loop or a simulated network can drive it.
 *
 * <p>For every datagram it reads the first packet's Destination Connection ID in place and hands the
 * datagram to the connection routed under it ({@link ConnectionIdTable}). A datagram no connection
 * claims is answered here, without state:
 * <ul>
 *   <li>a long header of an unknown version in a datagram of at least 1200 bytes: Version
 *       Negotiation listing our versions and a greased one (§6.1, §6.3); never in answer to a Version
 *       Negotiation packet (§6.1);</li>
 *   <li>a client Initial of a supported version in a datagram of at least 1200 bytes (§14.1): a new
 *       connection through the {@link ConnectionAcceptor}, within {@code maxConnections}; with Retry
 *       on, first a Retry carrying an address validation token (§8.1.2, §17.2.5);</li>
 *   <li>a short header for an unknown connection ID: a Stateless Reset (§10.3), always smaller than
 *       the packet that triggered it (§10.3.3) so two endpoints cannot loop;</li>
 *   <li>anything else is dropped, after reading at most a header.</li>
 * </ul>
 *
 * <p>A client endpoint made with {@link #client} carries one connection and hands it every
 * datagram, so that connection may use zero-length connection IDs. One made with
 * {@link #sharedClient} carries many connections on one socket and routes by the Destination
 * Connection ID, which is always one the client chose (§5.2.1); datagrams for no connection are
 * discarded.
 *
 * <p>Single-threaded: every method runs on the thread that owns the endpoint.
 */
public final class QuicEndpoint implements DatagramEndpoint {
    /** RFC 9000 §14.1: Initials come in datagrams of at least 1200 bytes; VN answers only those (§6.1). */
    public static final int MIN_INITIAL_DATAGRAM = 1200;
    /** RFC 9000 §10.3: 5 unpredictable bytes (first byte included) and the 16-byte token. */
    static final int MIN_STATELESS_RESET = 21;
    /** RFC 9000 §10.3: resets answer larger packets with this size, like a short 1-RTT packet. */
    static final int MAX_STATELESS_RESET = 43;

    private final EndpointConfig config;
    private final ConnectionAcceptor acceptor;
    private final boolean server;
    /** Routes by connection ID: a server, or a client carrying several connections (§5.2.1). */
    private final boolean routed;
    private final ConnectionIdTable<ConnectionSlot> table = new ConnectionIdTable<>();
    private final TimerHeap timers = new TimerHeap();
    private final ArrayDeque<ConnectionSlot> transmitQueue = new ArrayDeque<>();
    private final StatelessResponses responses;
    private final ProtectedPacket view = new ProtectedPacket();
    private final SecureRandom secureRandom = new SecureRandom();
    private final SplittableRandom fastRandom = new SplittableRandom(secureRandom.nextLong());
    private final Routes routes = new Routes();
    private final Supplier<ConnectionId> generator = this::newConnectionId;
    private final List<ConnectionSlot> dueScratch = new ArrayList<>();
    private ConnectionSlot clientSlot;
    private ConnectionSlot current;
    private int connectionCount;
    private long accepted;
    private long versionNegotiationSent;
    private long retriesSent;
    private long statelessResetsSent;
    private long dropped;

    private QuicEndpoint(EndpointConfig config, ConnectionAcceptor acceptor, boolean server, boolean routed) {
        this.config = config;
        this.acceptor = acceptor;
        this.server = server;
        this.routed = routed;
        // Only a server answers without a connection (§5.2.2, §10.3): a client needs no ring, and
        // a dedicated client endpoint per connection would otherwise allocate it per handshake.
        this.responses = new StatelessResponses(server ? config.maxStatelessResponsesQueued() : 0);
    }

    /** A server endpoint: accepts connections through {@code acceptor}. */
    public static QuicEndpoint server(EndpointConfig config, ConnectionAcceptor acceptor) {
        if (acceptor == null) {
            throw new IllegalArgumentException("a server endpoint needs a connection acceptor");
        }
        return new QuicEndpoint(config, acceptor, true, true);
    }

    /** A client endpoint, for one connection added with {@link #connect}. */
    public static QuicEndpoint client(EndpointConfig config) {
        return new QuicEndpoint(config, null, false, false);
    }

    /**
     * A client endpoint for any number of connections added with {@link #connect}, routed by the
     * connection IDs they issue. RFC 9000 §5.1: multiplexed connections cannot use zero-length
     * connection IDs, so each must issue IDs of {@code config.connectionIdLength()} bytes, the
     * length short headers are read with.
     */
    public static QuicEndpoint sharedClient(EndpointConfig config) {
        return new QuicEndpoint(config, null, false, true);
    }

    /**
     * Creates a connection of a client endpoint with {@code factory}, given its slot for later
     * {@link #drive} calls.
     *
     * @throws IllegalStateException on a {@link #client} endpoint that still carries a connection
     * @throws IllegalArgumentException on a {@link #sharedClient} endpoint when the connection issued
     *         no connection ID of the endpoint's length, so that nothing could reach it
     */
    public ConnectionSlot connect(Function<ConnectionSlot, RoutedConnection> factory) {
        if (server) {
            throw new IllegalStateException("a server endpoint accepts connections; it does not connect");
        }
        if (!routed && clientSlot != null && !clientSlot.removed) {
            throw new IllegalStateException("a client endpoint carries one connection at a time");
        }
        ConnectionSlot slot = new ConnectionSlot();
        ConnectionSlot previous = current;
        current = slot;
        try {
            slot.connection = factory.apply(slot);
        } finally {
            current = previous;
        }
        if (routed && slot.routed.isEmpty()) {
            slot.removed = true;
            throw new IllegalArgumentException("connections sharing a client endpoint need connection IDs of "
                    + config.connectionIdLength() + " bytes (RFC 9000 §5.1)");
        }
        clientSlot = slot;
        connectionCount++;
        afterTurn(slot);
        return slot;
    }

    /**
     * Runs {@code action} as the connection's turn (e.g. an application write), then lets it
     * transmit and re-reads its timer. Connection IDs it issues meanwhile are routed to it.
     */
    public void drive(ConnectionSlot slot, Runnable action) {
        if (slot.removed) {
            action.run();
            return;
        }
        ConnectionSlot previous = current;
        current = slot;
        try {
            action.run();
        } finally {
            current = previous;
        }
        afterTurn(slot);
    }

    /** Routes for {@code LocalConnectionIds}: they bind to the connection whose turn it is. */
    public LocalConnectionIds.Routes routes() {
        return routes;
    }

    /** Connection IDs of this endpoint's length, from a secure random source (§5.1: unlinkable). */
    public Supplier<ConnectionId> connectionIdGenerator() {
        return generator;
    }

    public StatelessResetTokens statelessResetTokens() {
        return config.resetTokens();
    }

    public EndpointConfig config() {
        return config;
    }

    public int connectionCount() {
        return connectionCount;
    }

    public EndpointStats stats() {
        return new EndpointStats(connectionCount, accepted, versionNegotiationSent, retriesSent, statelessResetsSent,
                dropped);
    }

    private ConnectionId newConnectionId() {
        byte[] id = new byte[config.connectionIdLength()];
        secureRandom.nextBytes(id);
        return ConnectionId.of(id);
    }

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
        int size = datagram.remaining();
        if (size == 0) {
            dropped++;
            return;
        }
        int start = datagram.position();
        boolean longHeader = (datagram.get(start) & 0x80) != 0;
        ConnectionSlot slot = null;
        if (longHeader) {
            if (size >= 6) {
                int dcidLength = datagram.get(start + 5) & 0xff;
                if (size >= 6 + dcidLength) {
                    slot = table.get(datagram, start + 6, dcidLength);
                }
            }
        } else if (size > config.connectionIdLength()) {
            slot = table.get(datagram, start + 1, config.connectionIdLength());
        }
        if (slot == null && !routed) {
            slot = clientSlot;
        }
        if (slot != null && !slot.removed) {
            deliver(slot, nowNanos, from, datagram);
            return;
        }
        if (!server) {
            dropped++;
            return;
        }
        if (longHeader) {
            handleUnroutedLongHeader(nowNanos, from, datagram, start, size);
        } else {
            sendStatelessReset(from, datagram, start, size);
        }
    }

    private void deliver(ConnectionSlot slot, long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
        ConnectionSlot previous = current;
        current = slot;
        try {
            slot.connection.handleDatagram(nowNanos, from, datagram);
        } finally {
            current = previous;
        }
        afterTurn(slot);
    }

    private void handleUnroutedLongHeader(long now, InetSocketAddress from, ByteBuffer datagram, int start, int size) {
        ParseOutcome outcome = view.parse(datagram, start, config.connectionIdLength(), false);
        boolean notAccepted = outcome == ParseOutcome.UNSUPPORTED_VERSION
                || outcome == ParseOutcome.OK && view.versionValue() != 0 && !config.versions().contains(view.version());
        if (notAccepted) {
            // §6.1: only datagrams that could be a client's first flight earn an answer.
            if (size >= MIN_INITIAL_DATAGRAM) {
                sendVersionNegotiation(from);
            } else {
                dropped++;
            }
            return;
        }
        if (outcome != ParseOutcome.OK || view.type() != PacketType.INITIAL || size < MIN_INITIAL_DATAGRAM
                || !config.versions().contains(view.version())
                || view.destinationConnectionIdLength() < EndpointConfig.MIN_CONNECTION_ID_LENGTH) {
            // VN (version 0) never gets an answer (§6.1); 0-RTT or Handshake for nobody, short
            // Initials (§14.1) and DCIDs below 8 bytes (§7.2) are dropped.
            dropped++;
            return;
        }
        if (connectionCount >= config.maxConnections()) {
            dropped++;
            return;
        }
        ConnectionId dcid = view.destinationConnectionId();
        ConnectionId scid = view.sourceConnectionId();
        int version = view.versionValue();
        ConnectionId originalDestination = dcid;
        ConnectionId retrySource = null;
        boolean validated = false;
        if (view.tokenLength() > 0) {
            byte[] token = new byte[view.tokenLength()];
            datagram.get(view.tokenOffset(), token);
            long nowMillis = config.wallClockMillis().getAsLong();
            AddressValidationTokens.Validated valid = config.addressTokens().validate(token, from, nowMillis);
            if (valid != null && valid.fromRetry()) {
                if (!valid.retrySource().equals(dcid)) {
                    dropped++; // §7.3: a Retry token is only good with the Retry's connection ID
                    return;
                }
                originalDestination = valid.originalDestination();
                retrySource = valid.retrySource();
                validated = true;
            } else if (valid != null) {
                validated = true;
            } else if (config.addressTokens().isRetryToken(token)) {
                // §8.1.2: an expired or misdirected Retry token. A second Retry would be ignored by
                // the client (§17.2.5.2), so the Initial is discarded and the client times out.
                dropped++;
                return;
            }
        }
        if (config.retry() && !validated) {
            sendRetry(from, view.versionValue(), dcid, scid, now);
            return;
        }
        ConnectionSlot slot = new ConnectionSlot();
        ConnectionSlot previous = current;
        current = slot;
        RoutedConnection connection;
        try {
            connection = acceptor.accept(new IncomingConnection(from, version, dcid, originalDestination, retrySource,
                    scid, validated), slot, now);
        } finally {
            current = previous;
        }
        if (connection == null) {
            removeRoutes(slot);
            dropped++;
            return;
        }
        slot.connection = connection;
        // §7.2: the client keeps sending to this DCID until it sees our Source Connection ID.
        if (table.putIfAbsent(dcid, slot)) {
            slot.routed.add(dcid);
        }
        connectionCount++;
        accepted++;
        deliver(slot, now, from, datagram);
    }

    private void sendVersionNegotiation(InetSocketAddress to) {
        ByteBuffer out = responses.claim();
        if (out == null) {
            dropped++;
            return;
        }
        VersionNegotiationPacket.respondingTo(view, config.versions(), fastRandom).writeTo(out, fastRandom);
        responses.commit(to);
        versionNegotiationSent++;
    }

    // RFC 9000 §8.1.2, §17.2.5: a Retry with a fresh SCID and a token that lets a stateless server
    // recover the original DCID and the Retry SCID (§7.3) when the client comes back.
    private void sendRetry(InetSocketAddress to, int version, ConnectionId dcid, ConnectionId scid, long now) {
        ByteBuffer out = responses.claim();
        if (out == null) {
            dropped++;
            return;
        }
        ConnectionId retrySource = newConnectionId();
        byte[] token = config.addressTokens().retryToken(to, dcid, retrySource, config.wallClockMillis().getAsLong());
        RetryPacket retry = new RetryPacket(QuicVersion.of(version), scid, retrySource, token);
        int start = out.position();
        retry.writeTo(out, new byte[RetryIntegrity.TAG_LENGTH]);
        int lengthWithoutTag = out.position() - start - RetryIntegrity.TAG_LENGTH;
        byte[] tag = RetryIntegrity.computeTag(version, dcid.toByteArray(), out.array(), out.arrayOffset() + start,
                lengthWithoutTag);
        out.put(start + lengthWithoutTag, tag);
        responses.commit(to);
        retriesSent++;
    }

    // RFC 9000 §10.3: random bits that look like a short header, then the token of the connection
    // ID the packet was sent to. §10.3.3: always smaller than the trigger, so resets cannot loop.
    private void sendStatelessReset(InetSocketAddress to, ByteBuffer datagram, int start, int size) {
        int length = Math.min(size - 1, MAX_STATELESS_RESET);
        if (length < MIN_STATELESS_RESET || size <= config.connectionIdLength()) {
            dropped++;
            return;
        }
        ByteBuffer out = responses.claim();
        if (out == null) {
            dropped++;
            return;
        }
        byte[] token = config.resetTokens().tokenFor(ConnectionId.of(datagram, start + 1, config.connectionIdLength()));
        int unpredictable = length - StatelessResetTokens.TOKEN_LENGTH;
        // Short header form (0), Fixed Bit (1), then random bits (§10.3, Figure 10).
        out.put((byte) (0x40 | (fastRandom.nextInt() & 0x3f)));
        for (int i = 1; i < unpredictable; i++) {
            out.put((byte) fastRandom.nextInt());
        }
        out.put(token);
        responses.commit(to);
        statelessResetsSent++;
    }

    @Override
    public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
        if (!responses.isEmpty()) {
            InetSocketAddress to = responses.poll(out);
            if (to != null) {
                return to;
            }
        }
        ConnectionSlot slot;
        while ((slot = transmitQueue.peekFirst()) != null) {
            InetSocketAddress to;
            ConnectionSlot previous = current;
            current = slot;
            try {
                to = slot.removed ? null : slot.connection.pollTransmit(nowNanos, out);
            } finally {
                current = previous;
            }
            if (to != null) {
                // Round robin: one datagram per connection, then the next connection's turn.
                if (transmitQueue.size() > 1) {
                    transmitQueue.addLast(transmitQueue.pollFirst());
                }
                return to;
            }
            transmitQueue.pollFirst();
            slot.transmitQueued = false;
            if (!slot.removed) {
                reschedule(slot);
            }
        }
        return null;
    }

    @Override
    public long nextTimeoutNanos() {
        ConnectionSlot first = timers.peek();
        return first == null ? Long.MAX_VALUE : first.deadline;
    }

    @Override
    public void handleTimeout(long nowNanos) {
        dueScratch.clear();
        ConnectionSlot first;
        while ((first = timers.peek()) != null && first.deadline <= nowNanos) {
            timers.remove(first);
            dueScratch.add(first);
        }
        for (int i = 0; i < dueScratch.size(); i++) {
            ConnectionSlot slot = dueScratch.get(i);
            ConnectionSlot previous = current;
            current = slot;
            try {
                slot.connection.handleTimeout(nowNanos);
            } finally {
                current = previous;
            }
            afterTurn(slot);
        }
        dueScratch.clear();
    }

    // After a connection's turn it may have something to send, a new timer, or have ended.
    private void afterTurn(ConnectionSlot slot) {
        if (slot.removed) {
            return;
        }
        if (slot.connection.isTerminated()) {
            forget(slot);
            return;
        }
        if (!slot.transmitQueued) {
            slot.transmitQueued = true;
            transmitQueue.addLast(slot);
        }
        reschedule(slot);
    }

    private void reschedule(ConnectionSlot slot) {
        if (slot.connection.isTerminated()) {
            forget(slot);
            return;
        }
        timers.schedule(slot, slot.connection.nextTimeoutNanos());
    }

    private void forget(ConnectionSlot slot) {
        slot.removed = true;
        timers.remove(slot);
        removeRoutes(slot);
        connectionCount--;
    }

    private void removeRoutes(ConnectionSlot slot) {
        for (ConnectionId cid : slot.routed) {
            table.remove(cid, slot);
        }
        slot.routed.clear();
    }

    private final class Routes implements LocalConnectionIds.Routes {
        @Override
        public void add(ConnectionId cid, byte[] statelessResetToken) {
            ConnectionSlot slot = current;
            if (slot == null) {
                throw new IllegalStateException("a connection ID was issued outside its connection's turn");
            }
            // A shared client reads short headers with its configured length: other lengths cannot route.
            boolean routable = server || cid.length() == config.connectionIdLength();
            if (routed && routable && table.putIfAbsent(cid, slot)) {
                slot.routed.add(cid);
            }
        }

        @Override
        public void remove(ConnectionId cid) {
            ConnectionSlot slot = current;
            if (slot != null && table.remove(cid, slot)) {
                slot.routed.remove(cid);
            }
        }
    }
}
