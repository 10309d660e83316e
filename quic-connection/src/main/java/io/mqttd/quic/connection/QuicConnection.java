package io.mqttd.quic.connection;

import io.mqttd.quic.connection.cid.IssuedConnectionId;
import io.mqttd.quic.connection.cid.LocalConnectionIds;
import io.mqttd.quic.connection.cid.PeerConnectionIds;
import io.mqttd.quic.connection.cid.StatelessResetTokens;
import io.mqttd.quic.connection.packet.SentFrame;
import io.mqttd.quic.connection.packet.SentPacket;
import io.mqttd.quic.connection.path.AmplificationLimit;
import io.mqttd.quic.connection.path.PathMtuDiscovery;
import io.mqttd.quic.connection.sim.DatagramEndpoint;
import io.mqttd.quic.connection.stream.StreamChunk;
import io.mqttd.quic.crypto.AuthenticationFailures;
import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.crypto.HeaderProtection;
import io.mqttd.quic.crypto.InitialSecrets;
import io.mqttd.quic.crypto.KeyUpdateStatus;
import io.mqttd.quic.crypto.OneRttProtection;
import io.mqttd.quic.crypto.OpenResult;
import io.mqttd.quic.crypto.PacketOpener;
import io.mqttd.quic.crypto.PacketSealer;
import io.mqttd.quic.crypto.RetryIntegrity;
import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.frame.ConnectionCloseFrame;
import io.mqttd.quic.frame.CryptoFrame;
import io.mqttd.quic.frame.DataBlockedFrame;
import io.mqttd.quic.frame.DatagramFrame;
import io.mqttd.quic.frame.EndpointRole;
import io.mqttd.quic.frame.Frame;
import io.mqttd.quic.frame.FrameReader;
import io.mqttd.quic.frame.FrameType;
import io.mqttd.quic.frame.FrameVisitor;
import io.mqttd.quic.frame.HandshakeDoneFrame;
import io.mqttd.quic.frame.MaxDataFrame;
import io.mqttd.quic.frame.MaxStreamDataFrame;
import io.mqttd.quic.frame.MaxStreamsFrame;
import io.mqttd.quic.frame.NewConnectionIdFrame;
import io.mqttd.quic.frame.NewTokenFrame;
import io.mqttd.quic.frame.PaddingFrame;
import io.mqttd.quic.frame.PathChallengeFrame;
import io.mqttd.quic.frame.PathResponseFrame;
import io.mqttd.quic.frame.PingFrame;
import io.mqttd.quic.frame.ResetStreamFrame;
import io.mqttd.quic.frame.RetireConnectionIdFrame;
import io.mqttd.quic.frame.StopSendingFrame;
import io.mqttd.quic.frame.StreamDataBlockedFrame;
import io.mqttd.quic.frame.StreamFrame;
import io.mqttd.quic.frame.StreamsBlockedFrame;
import io.mqttd.quic.frame.TransportParameters;
import io.mqttd.quic.packet.CoalescedPackets;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.LongHeader;
import io.mqttd.quic.packet.PacketLayout;
import io.mqttd.quic.packet.PacketNumberEncoding;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.ProtectedPacket;
import io.mqttd.quic.packet.QuicVersion;
import io.mqttd.quic.packet.RetryPacket;
import io.mqttd.quic.packet.ShortHeader;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import io.mqttd.quic.packet.VarInt;
import io.mqttd.quic.packet.VersionNegotiationPacket;
import io.mqttd.quic.recovery.EcnCodepoint;
import io.mqttd.quic.recovery.LossRecovery;
import io.mqttd.quic.recovery.RecoveryConfig;
import io.mqttd.quic.recovery.RecoveryListener;
import io.mqttd.quic.recovery.SendLimit;
import io.mqttd.quic.recovery.TimeoutAction;
import io.mqttd.quic.recovery.cc.CongestionController;
import io.mqttd.quic.recovery.cc.Cubic;
import io.mqttd.quic.recovery.cc.NewReno;
import io.mqttd.quic.tls.ClientHandshake;
import io.mqttd.quic.tls.ServerHandshake;
import io.mqttd.quic.tls.SessionTicket;
import io.mqttd.quic.tls.TlsAlertException;
import io.mqttd.quic.tls.TlsEvent;
import io.mqttd.quic.tls.TlsHandshake;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One QUIC connection, client or server, as a sans-IO state machine (RFC 9000, RFC 9001 §4-5,
 * RFC 9002 through {@link LossRecovery}): the driver hands in datagrams and time
 * ({@link #handleDatagram}, {@link #handleTimeout}), takes datagrams to send ({@link #pollTransmit})
 * and the next deadline ({@link #nextTimeoutNanos}); the application opens, writes and reads
 * streams and polls {@link ConnectionEvent}s. Not thread-safe: one event loop owns it.
 *
 * <p>Receiving: a datagram is split into its coalesced packets (§12.2) and each is unprotected in
 * place (RFC 9001 §5), checked for duplicates (§12.3) and its frames handed to a
 * {@link FrameVisitor}. Any {@link TransportError} or {@link TlsAlertException} from any layer
 * becomes exactly one CONNECTION_CLOSE (§10.2); nothing else escapes from peer bytes.
 *
 * <p>Sending: one datagram per {@link #pollTransmit} call, coalescing Initial, Handshake and 1-RTT
 * packets (§12.2). Frames are encoded straight into the caller's buffer in priority order: ACK,
 * CRYPTO, HANDSHAKE_DONE, control frames, then STREAM data round-robin; STREAM and CRYPTO bytes are
 * copied once, from the send buffer into the datagram. Each packet is sealed in place after the
 * datagram is laid out, so the last packet can be padded to the 1200 bytes that datagrams carrying
 * Initial packets need (§14.1). What each packet carried is kept as a {@link SentPacket} so that
 * loss re-queues information, not packets (§13.3).
 *
 * <p>Datagram size: 1200 bytes until the handshake is confirmed; then {@link PathMtuDiscovery}
 * (DPLPMTUD, §14.3) sends PING+PADDING probes and raises the size only when the path has carried
 * one, up to the smaller of both ends' max_udp_payload_size, and falls back to 1200 on a black hole.
 */
public final class QuicConnection implements DatagramEndpoint {
    /** RFC 9000 §14.1: datagrams carrying (ack-eliciting, for a server) Initial packets have at least this size. */
    static final int MIN_INITIAL_DATAGRAM = 1200;
    private static final int AEAD_TAG = CipherSuite.TAG_LENGTH;
    /** Packets are never larger than the 2-byte Length field of long headers can describe. */
    private static final int MAX_PACKET = PacketLayout.MAX_LENGTH_FIELD_VALUE;
    /** Room below which a further packet is not started in a datagram. */
    private static final int MIN_PACKET_ROOM = 64;
    /** RFC 9000 §10.3: a stateless reset is at least 21 bytes (5 unpredictable + 16 token). */
    private static final int MIN_STATELESS_RESET = 21;
    private static final int STREAM_FRAME_TYPE = (int) FrameType.STREAM;

    private final boolean isServer;
    private final TransportSettings transport;
    private final QuicVersion version;
    /** Where datagrams go: the peer's address, moved by the peer's migration or NAT rebinding (§9.3). */
    private final PeerPath path;
    /**
     * The TLS engine; a server lets go of it once its handshake is confirmed and its last flight
     * (NewSessionTicket) is queued: nothing in QUIC needs it afterwards (RFC 9001 §4.4: no
     * post-handshake authentication), and an idle connection should not keep a transcript, key
     * shares and certificates. A client keeps it for NewSessionTicket messages.
     */
    private TlsHandshake tls;
    private boolean resumedWhenTlsReleased;
    private final AuthenticationFailures failures = new AuthenticationFailures();
    private final LossRecovery<SentPacket> recovery;
    private final PacketSpaceState[] spaces = new PacketSpaceState[3];
    private final LocalConnectionIds localCids;
    private final Set<ConnectionId> routedCids = new LinkedHashSet<>();
    private final PeerConnectionIds peerCids;
    private final AmplificationLimit amplification;
    private final ConnectionId localInitialCid;
    private final CoalescedPackets coalesced;
    private final ProtectedPacket view = new ProtectedPacket();
    /** The current datagram as a read-only view for frame decoding; null between datagrams. */
    private ByteBuffer payloadView;
    private final FrameReader frameReader = new FrameReader();
    private final FrameHandler frameHandler = new FrameHandler();
    private final StreamChunk chunk = new StreamChunk();
    private final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>();
    private final PendingPacket[] pending = {new PendingPacket(), new PendingPacket(), new PendingPacket()};

    // RFC 9000 §7.3: the connection IDs the transport parameters must confirm.
    private ConnectionId originalDestination;
    private ConnectionId retrySource;
    private ConnectionId peerInitialSource;
    private byte[] token = new byte[0];
    private boolean receivedFromPeer;
    private boolean retried;

    private OneRttProtection oneRtt;
    private CipherSuite oneRttSuite;
    private byte[] oneRttReadSecret;
    private byte[] oneRttWriteSecret;
    private boolean handshakeComplete;
    private boolean handshakeConfirmed;
    private boolean handshakeDonePending;
    private boolean sentHandshakePacket;
    private String alpn;
    private TransportParameters peerParameters;
    private SessionTicket sessionTicket;
    private long peerMaxAckDelayNanos = LossRecovery.DEFAULT_MAX_ACK_DELAY_NANOS;
    /** RFC 9000 §14.2: the largest datagram sent outside PMTU probes; raised only by DPLPMTUD. */
    private int maxDatagramSize = MIN_INITIAL_DATAGRAM;
    private final PathMtuDiscovery pmtud = new PathMtuDiscovery();

    // Streams and flow control (RFC 9000 §2-4).
    private final StreamSet streams;
    private final ArrayDeque<Long> pathResponses = new ArrayDeque<>();
    private InetSocketAddress datagramSource;
    private boolean pathChallengeInDatagram;
    private boolean pathResponseInDatagram;
    /** RFC 9221: DATAGRAM payloads waiting for a 1-RTT packet; never retransmitted. */
    private final ArrayDeque<byte[]> datagramsToSend = new ArrayDeque<>();

    // Timers and closing (RFC 9000 §10).
    private ConnectionState state = ConnectionState.HANDSHAKING;
    private long lastNowNanos;
    private long idleTimeoutNanos;
    private long idleDeadline = Long.MAX_VALUE;
    private boolean ackElicitingSentSinceReceive;
    private long keepAliveNanos;
    private long keepAliveAt = Long.MAX_VALUE;
    private boolean pingRequested;
    private long pacingWakeAt = Long.MAX_VALUE;
    private long closeDeadline = Long.MAX_VALUE;
    private ConnectionCloseFrame closeFrame;
    private boolean closeFramePending;
    private long packetsWhileClosing;
    private long nextCloseResponseAt = 1;

    // Statistics.
    private long bytesSent;
    private long bytesReceived;
    private long packetsSent;
    private long packetsReceived;
    private long packetsLost;

    /** A packet laid out in the datagram, sealed once the datagram is complete. */
    private static final class PendingPacket {
        PacketSpaceState space;
        PacketLayout layout;
        long packetNumber;
        int payloadEnd;
        boolean ackEliciting;
        boolean padded;
        long largestAcked = -1;
        SentPacket sent;
    }

    private QuicConnection(boolean isServer, TransportSettings transport, QuicVersion version,
            InetSocketAddress peerAddress, TlsHandshake tls, LocalConnectionIds.Routes routes,
            java.util.function.Supplier<ConnectionId> cidGenerator, StatelessResetTokens resetTokens,
            ConnectionId localInitialCid, ConnectionId peerInitialCid, long nowNanos) {
        this.isServer = isServer;
        this.transport = transport;
        this.version = version;
        this.path = new PeerPath(peerAddress);
        this.tls = tls;
        this.lastNowNanos = nowNanos;
        this.localInitialCid = localInitialCid;
        this.coalesced = new CoalescedPackets(localInitialCid.length(), false);
        long maxAckDelayNanos = transport.maxAckDelay().toNanos();
        spaces[0] = new PacketSpaceState(PacketNumberSpace.INITIAL, EncryptionLevel.INITIAL, maxAckDelayNanos,
                transport.maxCryptoBufferBytes());
        spaces[1] = new PacketSpaceState(PacketNumberSpace.HANDSHAKE, EncryptionLevel.HANDSHAKE, maxAckDelayNanos,
                transport.maxCryptoBufferBytes());
        spaces[2] = new PacketSpaceState(PacketNumberSpace.APPLICATION_DATA, EncryptionLevel.APPLICATION,
                maxAckDelayNanos, transport.maxCryptoBufferBytes());
        CongestionController cc = transport.congestionControl() == CongestionControl.CUBIC
                ? new Cubic(MIN_INITIAL_DATAGRAM) : new NewReno(MIN_INITIAL_DATAGRAM);
        this.recovery = new LossRecovery<>(RecoveryConfig.defaults(isServer), cc, new Listener());
        LocalConnectionIds.Routes tracking = new LocalConnectionIds.Routes() {
            @Override
            public void add(ConnectionId cid, byte[] statelessResetToken) {
                routedCids.add(cid);
                if (routes != null) {
                    routes.add(cid, statelessResetToken);
                }
            }

            @Override
            public void remove(ConnectionId cid) {
                routedCids.remove(cid);
                if (routes != null) {
                    routes.remove(cid);
                }
            }
        };
        this.localCids = new LocalConnectionIds(localInitialCid, cidGenerator, resetTokens, tracking,
                transport.activeConnectionIdLimit());
        this.peerCids = new PeerConnectionIds(peerInitialCid, transport.activeConnectionIdLimit());
        this.amplification = isServer ? new AmplificationLimit() : AmplificationLimit.validatedPath();
        this.streams = new StreamSet(isServer, transport, events);
        this.idleTimeoutNanos = transport.idleTimeout().toNanos();
        this.keepAliveNanos = transport.keepAliveInterval().toNanos();
        restartIdleTimer(nowNanos);
    }

    /**
     * A client connection to {@code server}: sends its Initial with the ClientHello at the first
     * {@link #pollTransmit}.
     */
    public static QuicConnection client(QuicClientSettings s, InetSocketAddress server, long nowNanos) {
        Objects.requireNonNull(s, "settings");
        SecureRandom random = new SecureRandom();
        ConnectionId local = randomCid(random, s.connectionIdLength());
        // RFC 9000 §7.2: the first Destination Connection ID is unpredictable and at least 8 bytes.
        ConnectionId initialDcid = randomCid(random, QuicClientSettings.MIN_INITIAL_DCID_LENGTH);
        int cidLength = s.connectionIdLength();
        java.util.function.Supplier<ConnectionId> generator = () -> randomCid(random, cidLength);
        TransportParameters params = s.transport().toTransportParameters()
                .initialSourceConnectionId(local)
                .build();
        ClientHandshake tls = new ClientHandshake(s.tlsConfig(), s.serverName(), params.toBytes(), s.sessionTicket());
        byte[] resetKey = new byte[32];
        random.nextBytes(resetKey);
        QuicConnection c = new QuicConnection(false, s.transport(), s.version(), server, tls, s.routes(), generator,
                new StatelessResetTokens(resetKey), local, initialDcid, nowNanos);
        c.originalDestination = initialDcid;
        c.installInitialKeys(initialDcid);
        tls.start();
        c.drainTls(nowNanos);
        return c;
    }

    /**
     * Created by the endpoint on a client's first Initial (already checked: supported version,
     * >= 1200 bytes). originalDestination/retrySource come from a validated Retry token, else
     * originalDestination = the Initial's DCID and retrySource = null.
     */
    public static QuicConnection server(QuicServerSettings s, InetSocketAddress client, int version,
            ConnectionId originalDestination, ConnectionId retrySource, ConnectionId clientSource,
            boolean addressValidated, long nowNanos) {
        Objects.requireNonNull(s, "settings");
        QuicVersion v = QuicVersion.of(version);
        if (!v.isSupported()) {
            throw new IllegalArgumentException("unsupported QUIC version " + v);
        }
        ConnectionId local = s.connectionIdGenerator().get();
        StatelessResetTokens resetTokens = s.statelessResetTokens();
        TransportParameters.Builder params = s.transport().toTransportParameters()
                .originalDestinationConnectionId(originalDestination)
                .initialSourceConnectionId(local)
                .statelessResetToken(resetTokens.tokenFor(local));
        if (retrySource != null) {
            params.retrySourceConnectionId(retrySource);
        }
        ServerHandshake tls = new ServerHandshake(s.tlsConfig(), params.build().toBytes());
        QuicConnection c = new QuicConnection(true, s.transport(), v, client, tls, s.routes(),
                s.connectionIdGenerator(), resetTokens, local, clientSource, nowNanos);
        c.originalDestination = originalDestination;
        c.retrySource = retrySource;
        c.peerInitialSource = clientSource;
        // RFC 9001 §5.2: Initial keys come from the Destination Connection ID of the client's
        // Initial, which after a Retry is the Retry's Source Connection ID (RFC 9000 §17.2.5.2).
        c.installInitialKeys(retrySource != null ? retrySource : originalDestination);
        if (addressValidated) {
            c.amplification.onAddressValidated();
        }
        return c;
    }

    private static ConnectionId randomCid(SecureRandom random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return ConnectionId.of(b);
    }

    private void installInitialKeys(ConnectionId clientDcid) {
        InitialSecrets secrets = InitialSecrets.derive(version.value(), clientDcid.toByteArray());
        spaces[0].sealer = secrets.sealer(!isServer);
        spaces[0].opener = secrets.opener(!isServer, failures);
    }

    // =============================================================================== receiving

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
        lastNowNanos = nowNanos;
        if (state == ConnectionState.CLOSED || state == ConnectionState.DRAINING) {
            return; // RFC 9000 §10.2.2: a draining endpoint sends nothing and processes nothing
        }
        int size = datagram.remaining();
        datagramSource = from;
        bytesReceived += size;
        amplification.onDatagramReceived(size);
        if (state == ConnectionState.CLOSING) {
            respondWhileClosing();
            return;
        }
        try {
            processDatagram(nowNanos, datagram);
            afterProcessing(nowNanos);
        } catch (TransportError e) {
            closeWithError(nowNanos, e);
        } catch (TlsAlertException e) {
            closeWithError(nowNanos, e.toTransportError());
        } catch (RuntimeException e) {
            // A bug of ours must still end in one clean CONNECTION_CLOSE, never in the driver.
            closeWithError(nowNanos, new TransportError(TransportErrorCode.INTERNAL_ERROR, 0,
                    "internal error: " + e));
        }
        payloadView = null; // the datagram is only valid during the call
        if (isServer) {
            recovery.setAtAmplificationLimit(amplification.isBlocking(MIN_INITIAL_DATAGRAM), nowNanos);
        }
    }

    /**
     * Test seam: processes {@code payload} as the frames of an authenticated packet of
     * {@code type}, as if it had arrived and opened, so that properties can drive the frame
     * handling with arbitrary frames without forging AEAD tags. Errors close the connection exactly
     * as for a real packet.
     */
    void injectFramesForTest(long nowNanos, PacketType type, ByteBuffer payload) {
        lastNowNanos = nowNanos;
        if (!isOpen()) {
            return;
        }
        PacketSpaceState s = spaces[type.space().ordinal()];
        if (s.discarded || !hasKeys(s)) {
            return;
        }
        try {
            frameHandler.begin(nowNanos, s, type, -1);
            handleFrames(payload, type);
            drainTls(nowNanos);
            afterProcessing(nowNanos);
        } catch (TransportError e) {
            closeWithError(nowNanos, e);
        } catch (TlsAlertException e) {
            closeWithError(nowNanos, e.toTransportError());
        } catch (RuntimeException e) {
            closeWithError(nowNanos, new TransportError(TransportErrorCode.INTERNAL_ERROR, 0,
                    "internal error: " + e));
        }
    }

    /**
     * RFC 9000 §10.2.1: in the closing state every packet may be answered with CONNECTION_CLOSE,
     * rate-limited: after 1, 2, 4, 8... packets, so a peer cannot make us send more than it does.
     */
    private void respondWhileClosing() {
        packetsWhileClosing++;
        if (packetsWhileClosing >= nextCloseResponseAt) {
            closeFramePending = true;
            nextCloseResponseAt *= 2;
        }
    }

    private void processDatagram(long now, ByteBuffer datagram) {
        coalesced.reset(datagram);
        payloadView = null;
        boolean anyAuthenticated = false;
        while (coalesced.next(view)) {
            if (state != ConnectionState.HANDSHAKING && state != ConnectionState.ESTABLISHED) {
                return;
            }
            PacketType type = view.type();
            if (type == PacketType.VERSION_NEGOTIATION) {
                onVersionNegotiation();
                return;
            }
            if (view.isLongHeader() && view.versionValue() != version.value()) {
                continue; // RFC 9000 §5.2: not this connection's version
            }
            if (type == PacketType.RETRY) {
                onRetry(now);
                return;
            }
            if (type == PacketType.ZERO_RTT) {
                continue; // 0-RTT is not accepted (RFC 9001 §4.6.2 lets a server refuse it)
            }
            if (processPacket(now, type)) {
                anyAuthenticated = true;
            }
        }
        if (!anyAuthenticated) {
            checkStatelessReset(now, datagram);
        }
    }

    /**
     * Removes protection from one packet and processes its frames. Returns false when the packet
     * could not be authenticated (or its keys are not available): it is dropped (RFC 9001 §5.5).
     */
    private boolean processPacket(long now, PacketType type) {
        PacketSpaceState s = spaces[type.space().ordinal()];
        if (s.discarded) {
            return false;
        }
        ByteBuffer buf = view.buffer();
        int start = view.offset();
        int end = view.end();
        int pnOffset = view.packetNumberOffset();
        int pnLength;
        boolean oneRttPacket = type == PacketType.ONE_RTT;
        if (oneRttPacket) {
            // RFC 9001 §5.7: a server processes no 1-RTT packet before the handshake completes.
            if (oneRtt == null || (isServer && !handshakeComplete)) {
                return false;
            }
            pnLength = oneRtt.removeHeaderProtection(buf, start, pnOffset, end);
        } else {
            if (s.opener == null) {
                return false;
            }
            pnLength = s.opener.removeHeaderProtection(buf, start, pnOffset, end);
        }
        if (pnLength == HeaderProtection.DROP) {
            return false;
        }
        int firstByte = buf.get(start) & 0xff;
        long truncated = PacketNumberEncoding.readTruncated(buf, pnOffset, pnLength);
        long pn = PacketNumberEncoding.decode(s.received.largestReceived(), truncated, pnLength * 8);
        int payloadOffset = pnOffset + pnLength;
        if (end - payloadOffset < AEAD_TAG) {
            return false;
        }
        if (oneRttPacket) {
            OpenResult result = oneRtt.open(buf, start, payloadOffset, end, pn, now);
            if (result == OpenResult.DROPPED) {
                return false;
            }
        } else if (!s.opener.open(buf, start, payloadOffset, end, pn)) {
            return false;
        }
        // RFC 9000 §17.2, §17.3.1: reserved bits are checked only after authentication.
        int reserved = oneRttPacket ? ShortHeader.reservedBits(firstByte) : LongHeader.reservedBits(firstByte);
        if (reserved != 0) {
            throw TransportError.protocolViolation(0, "reserved header bits set");
        }
        if (s.received.isDuplicate(pn)) {
            return true; // RFC 9000 §12.3: authentic but already processed
        }
        packetsReceived++;
        if (!receivedFromPeer) {
            receivedFromPeer = true;
            if (!isServer && view.isLongHeader()) {
                // RFC 9000 §7.2: the client switches to the server's chosen connection ID.
                peerInitialSource = view.sourceConnectionId();
                peerCids.replaceInitial(peerInitialSource);
            }
        }
        if (isServer && type == PacketType.HANDSHAKE) {
            // RFC 9000 §8.1: a Handshake packet proves the client got our Initial: address validated.
            amplification.onAddressValidated();
            // RFC 9001 §4.9.1: the server discards Initial keys on the first Handshake packet received.
            discardSpace(spaces[0], now);
        }
        // One read-only view per datagram, re-windowed per packet: FrameReader reuses it as is.
        if (payloadView == null) {
            payloadView = buf.asReadOnlyBuffer();
        }
        payloadView.limit(end - AEAD_TAG);
        payloadView.position(payloadOffset);
        frameHandler.begin(now, s, type, start);
        boolean probingOnly = handleFrames(payloadView, type);
        if (oneRttPacket && !probingOnly && pn > s.received.largestReceived()) {
            checkPeerAddress(now);
        }
        if (!s.discarded) {
            s.received.onPacketReceived(now, pn, frameHandler.ackEliciting, EcnCodepoint.NOT_ECT);
        }
        restartIdleTimer(now);
        ackElicitingSentSinceReceive = false;
        drainTls(now);
        return true;
    }

    /**
     * RFC 9000 §9.3: a server that receives a non-probing packet with the largest packet number so
     * far from a new address sends to that address from now on (the peer migrated, or a NAT rebound
     * it), and validates it with PATH_CHALLENGE (§8.2.1); if no PATH_RESPONSE comes in time it
     * returns to the last validated address (§9.3.2).
     */
    private void checkPeerAddress(long now) {
        if (isServer && handshakeConfirmed && datagramSource != null) {
            InetSocketAddress before = path.address();
            path.onPeerAddress(now, datagramSource, ptoNanos());
            onPathMaybeChanged(before);
        }
    }

    /**
     * RFC 9000 §14.3: the PLPMTU belongs to a pair of addresses; when datagrams go to another
     * address (migration, NAT rebinding, or back to the last validated one, §9.3) what was
     * discovered no longer holds: back to 1200 bytes and search again.
     */
    private void onPathMaybeChanged(InetSocketAddress before) {
        if (!before.equals(path.address())) {
            pmtud.onPathChanged();
            syncDatagramSize();
        }
    }

    private void restartIdleTimer(long now) {
        long idle = idleTimeoutNanos;
        if (idle <= 0) {
            idleDeadline = Long.MAX_VALUE;
            return;
        }
        // RFC 9000 §10.1: at least three PTOs, so that probes get a chance before giving up.
        idleDeadline = now + Math.max(idle, 3 * ptoNanos());
    }

    private long ptoNanos() {
        return recovery.rtt().ptoPeriodNanos(peerMaxAckDelayNanos);
    }

    /** RFC 9000 §6.2: a client abandons the attempt unless the packet lists its version. */
    private void onVersionNegotiation() {
        if (isServer || receivedFromPeer) {
            return; // §6.2: only before any other packet from the server
        }
        VersionNegotiationPacket vn = VersionNegotiationPacket.from(view);
        if (!vn.destination().equals(localInitialCid) || !vn.source().equals(originalDestination)) {
            return; // RFC 8999 §6: a Version Negotiation packet echoes our connection IDs
        }
        if (vn.lists(version)) {
            return; // §6.2: "MUST ignore a Version Negotiation packet that lists the QUIC version selected"
        }
        terminate(ConnectionState.CLOSED, new ConnectionEvent.ConnectionClosed(
                TransportErrorCode.VERSION_NEGOTIATION_ERROR.code(), false, true,
                "version negotiation: the server does not support " + version + " but " + vn.supportedVersions()));
    }

    /** RFC 9000 §17.2.5.2: the client accepts one Retry, validated by its integrity tag. */
    private void onRetry(long now) {
        if (isServer || retried || receivedFromPeer || view.tokenLength() == 0) {
            return;
        }
        byte[] packet = new byte[view.size()];
        view.buffer().get(view.offset(), packet);
        if (!RetryIntegrity.verify(version.value(), originalDestination.toByteArray(), packet)) {
            return; // RFC 9001 §5.8: a Retry with a bad tag is discarded
        }
        RetryPacket retry = RetryPacket.from(view);
        retried = true;
        retrySource = retry.source();
        token = retry.token();
        peerCids.replaceInitial(retrySource);
        installInitialKeys(retrySource);
        // RFC 9002 §6.3: the Initial packets sent before are gone; their CRYPTO data is resent
        // under the new keys, with packet numbers continuing (RFC 9000 §17.2.5.3).
        recovery.discardSpace(PacketNumberSpace.INITIAL, now);
        PacketSpaceState initial = spaces[0];
        initial.cryptoSend.onLost(0, (int) initial.cryptoSend.sentOffset(), false);
    }

    /** RFC 9000 §10.3.1: an undecryptable datagram ending in a peer's stateless reset token. */
    private void checkStatelessReset(long now, ByteBuffer datagram) {
        int start = datagram.position();
        int length = datagram.limit() - start;
        if (length < MIN_STATELESS_RESET || (datagram.get(start) & 0x80) != 0) {
            return;
        }
        byte[] tail = new byte[StatelessResetTokens.TOKEN_LENGTH];
        datagram.get(datagram.limit() - tail.length, tail);
        if (peerCids.isStatelessReset(tail)) {
            terminate(ConnectionState.DRAINING, new ConnectionEvent.ConnectionClosed(0, false, true, "stateless reset"));
            closeDeadline = now + 3 * ptoNanos();
        }
    }

    private void afterProcessing(long now) {
        if (oneRtt != null) {
            oneRtt.setProbeTimeout(ptoNanos());
        }
        streams.notifyWritable();
    }

    // ================================================================================ TLS

    private void drainTls(long now) {
        if (tls == null) {
            return;
        }
        TlsEvent event;
        while ((event = tls.poll()) != null) {
            if (event instanceof TlsEvent.HandshakeData d) {
                PacketSpaceState s = spaceOf(d.level());
                if (s.discarded) {
                    continue;
                }
                ByteBuffer data = ByteBuffer.wrap(d.data());
                if (s.cryptoSend.write(data) != d.data().length) {
                    throw new TransportError(TransportErrorCode.INTERNAL_ERROR, 0,
                            "handshake data beyond the CRYPTO send buffer at " + d.level());
                }
            } else if (event instanceof TlsEvent.SecretAvailable k) {
                installSecret(now, k);
            } else if (event instanceof TlsEvent.AlpnSelected a) {
                alpn = a.protocol();
            } else if (event instanceof TlsEvent.PeerTransportParameters p) {
                onPeerTransportParameters(now, p.parameters());
            } else if (event instanceof TlsEvent.HandshakeComplete) {
                onHandshakeComplete(now);
            } else if (event instanceof TlsEvent.SessionTicketReceived t) {
                sessionTicket = t.ticket();
            }
        }
        if (isServer && handshakeConfirmed) {
            resumedWhenTlsReleased = ((ServerHandshake) tls).isResumed();
            tls = null;
        }
    }

    private PacketSpaceState spaceOf(EncryptionLevel level) {
        return switch (level) {
            case INITIAL -> spaces[0];
            case HANDSHAKE -> spaces[1];
            case EARLY_DATA, APPLICATION -> spaces[2];
        };
    }

    private void installSecret(long now, TlsEvent.SecretAvailable k) {
        boolean read = k.direction() == TlsEvent.Direction.READ;
        switch (k.level()) {
            case HANDSHAKE -> {
                PacketSpaceState s = spaces[1];
                if (read) {
                    s.opener = PacketOpener.create(k.suite(), k.secret(), version.value(), failures);
                } else {
                    s.sealer = PacketSealer.create(k.suite(), k.secret(), version.value());
                }
                if (s.opener != null && s.sealer != null) {
                    recovery.onHandshakeKeysAvailable(now);
                }
            }
            case APPLICATION -> {
                oneRttSuite = k.suite();
                if (read) {
                    oneRttReadSecret = k.secret();
                } else {
                    oneRttWriteSecret = k.secret();
                }
                if (oneRttReadSecret != null && oneRttWriteSecret != null && oneRtt == null) {
                    oneRtt = OneRttProtection.create(oneRttSuite, oneRttReadSecret, oneRttWriteSecret,
                            version.value(), failures);
                    oneRttReadSecret = null;
                    oneRttWriteSecret = null;
                }
            }
            default -> {
                // 0-RTT keys: early data is never offered nor accepted by this connection.
            }
        }
    }

    /** RFC 9000 §7.3 checks, then §18.2 parameters applied to flow control, recovery and IDs. */
    private void onPeerTransportParameters(long now, byte[] bytes) {
        TransportParameters p = TransportParameters.decode(ByteBuffer.wrap(bytes),
                isServer ? EndpointRole.CLIENT : EndpointRole.SERVER);
        new ConnectionIdAuthentication(peerInitialSource, originalDestination, retrySource).check(p, isServer);
        if (!isServer && p.statelessResetToken() != null) {
            peerCids.setInitialStatelessResetToken(p.statelessResetToken());
        }
        peerParameters = p;
        recovery.setPeerTransportParameters(p.maxAckDelayMs() * 1000, p.ackDelayExponent());
        peerMaxAckDelayNanos = p.maxAckDelayMs() * 1_000_000L;
        streams.onPeerTransportParameters(p);
        // RFC 9000 §10.1: the effective idle timeout is the minimum of both, 0 meaning none.
        long peerIdle = p.maxIdleTimeoutMs() * 1_000_000L;
        if (peerIdle > 0 && (idleTimeoutNanos == 0 || peerIdle < idleTimeoutNanos)) {
            idleTimeoutNanos = peerIdle;
            restartIdleTimer(now);
        }
        localCids.setPeerLimit(p.activeConnectionIdLimit());
        // RFC 9000 §14: max_udp_payload_size limits what the peer receives, it says nothing of the
        // path; datagrams grow beyond 1200 bytes only through path MTU discovery (§14.2-14.3).
    }

    private void onHandshakeComplete(long now) {
        handshakeComplete = true;
        state = ConnectionState.ESTABLISHED;
        events.add(new ConnectionEvent.HandshakeCompleted(alpn));
        keepAliveAt = keepAliveNanos > 0 ? now + keepAliveNanos : Long.MAX_VALUE;
        if (isServer) {
            // RFC 9001 §4.1.2: the server's handshake is confirmed when it completes; §19.20 tells the client.
            handshakeDonePending = true;
            confirmHandshake(now);
        }
    }

    private void confirmHandshake(long now) {
        if (handshakeConfirmed) {
            return;
        }
        handshakeConfirmed = true;
        recovery.onHandshakeConfirmed(now);
        oneRtt.onHandshakeConfirmed();
        // RFC 9001 §4.9.2: Handshake keys are discarded once the handshake is confirmed.
        discardSpace(spaces[1], now);
        discardSpace(spaces[0], now);
        localCids.replenish();
        if (transport.pathMtuDiscovery() && peerParameters != null) {
            // RFC 9000 §14.3.1 lets DPLPMTUD start once the handshake is complete; waiting for its
            // confirmation means probes are 1-RTT packets the peer can acknowledge and that the
            // Application Data PTO, which detects a lost probe on an idle path, is armed.
            long ceiling = Math.min(transport.maxUdpPayloadSize(),
                    Math.min(peerParameters.maxUdpPayloadSize(), MAX_PACKET));
            pmtud.start((int) Math.max(MIN_INITIAL_DATAGRAM, ceiling));
        }
    }

    /** Follows PMTU discovery's PLPMTU; RFC 9002 §7.2: the congestion controller recomputes its windows. */
    private void syncDatagramSize() {
        int size = pmtud.plpmtu();
        if (size != maxDatagramSize) {
            maxDatagramSize = size;
            recovery.setMaxDatagramSize(size);
        }
    }

    private void discardSpace(PacketSpaceState s, long now) {
        if (s.discarded || s.space == PacketNumberSpace.APPLICATION_DATA) {
            return;
        }
        s.discard();
        recovery.discardSpace(s.space, now);
    }

    // =========================================================================== frames received

    /**
     * Hands every frame of a decrypted payload to the frame handler and records whether the packet
     * is ack-eliciting (RFC 9002 §2: it holds a frame other than ACK, PADDING or CONNECTION_CLOSE).
     * Returns whether every frame is a probing frame (RFC 9000 §9.1).
     */
    private boolean handleFrames(ByteBuffer payload, PacketType type) {
        frameReader.reset(payload, type);
        if (!frameReader.hasNext()) {
            throw TransportError.protocolViolation(0, "packet contains no frames (§12.4)");
        }
        boolean probingOnly = true;
        while (frameReader.hasNext()) {
            Frame frame = frameReader.next();
            probingOnly &= frame.isProbing();
            frameHandler.ackEliciting |= frame.isAckEliciting();
            frame.accept(frameHandler);
        }
        return probingOnly;
    }

    /** Handles the frames of one packet; rules that need connection state live here. */
    private final class FrameHandler implements FrameVisitor {
        long now;
        PacketSpaceState space;
        PacketType packetType;
        int packetStart;
        boolean ackEliciting;

        void begin(long now, PacketSpaceState space, PacketType packetType, int packetStart) {
            this.now = now;
            this.space = space;
            this.packetType = packetType;
            this.packetStart = packetStart;
            this.ackEliciting = false;
        }

        @Override
        public void padding(PaddingFrame frame) {
        }

        @Override
        public void ping(PingFrame frame) {
            // RFC 9000 §19.2: its only effect is to elicit an ACK, which handleFrames records.
        }

        @Override
        public void ack(AckFrame frame) {
            recovery.onAckReceived(now, space.space, frame);
            // After the whole frame: losses it declared and large packets it acknowledged together.
            pmtud.checkBlackHole();
            syncDatagramSize();
            if (space.space == PacketNumberSpace.APPLICATION_DATA && oneRtt != null) {
                oneRtt.onAckReceived(frame.largestAcknowledged(), now);
            }
        }

        @Override
        public void resetStream(ResetStreamFrame frame) {
            streams.onResetStream(frame);
        }

        @Override
        public void stopSending(StopSendingFrame frame) {
            streams.onStopSending(frame);
        }

        @Override
        public void crypto(CryptoFrame frame) {
            onCrypto(space, frame);
        }

        @Override
        public void newToken(NewTokenFrame frame) {
            if (isServer) {
                // RFC 9000 §19.7: a server never receives NEW_TOKEN.
                throw TransportError.protocolViolation(frame.type(), "NEW_TOKEN sent by a client");
            }
        }

        @Override
        public void stream(StreamFrame frame) {
            streams.onStream(frame);
        }

        @Override
        public void maxData(MaxDataFrame frame) {
            streams.onMaxData(frame);
        }

        @Override
        public void maxStreamData(MaxStreamDataFrame frame) {
            streams.onMaxStreamData(frame);
        }

        @Override
        public void maxStreams(MaxStreamsFrame frame) {
            streams.onMaxStreams(frame);
        }

        @Override
        public void dataBlocked(DataBlockedFrame frame) {
            // §19.12: informational; the peer's DATA_BLOCKED needs no action beyond its ACK.
        }

        @Override
        public void streamDataBlocked(StreamDataBlockedFrame frame) {
            streams.onStreamDataBlocked(frame);
        }

        @Override
        public void streamsBlocked(StreamsBlockedFrame frame) {
            // §19.14: informational; stream credit is re-advertised as peer streams close.
        }

        @Override
        public void newConnectionId(NewConnectionIdFrame frame) {
            peerCids.onNewConnectionId(frame.sequenceNumber(), frame.retirePriorTo(), frame.connectionId(),
                    frame.statelessResetToken());
        }

        @Override
        public void retireConnectionId(RetireConnectionIdFrame frame) {
            ConnectionId destination = packetType == PacketType.ONE_RTT && packetStart >= 0
                    ? ConnectionId.of(view.buffer(), view.destinationConnectionIdOffset(),
                            view.destinationConnectionIdLength())
                    : peerCids.current();
            localCids.onRetireConnectionId(frame.sequenceNumber(), destination);
        }

        @Override
        public void pathChallenge(PathChallengeFrame frame) {
            // RFC 9000 §8.2.2: answer with a PATH_RESPONSE echoing the data.
            if (pathResponses.size() < 4) {
                pathResponses.add(frame.data());
            }
        }

        @Override
        public void pathResponse(PathResponseFrame frame) {
            // §19.18: a response matching no challenge of ours MAY be ignored; we ignore it.
            path.onPathResponse(frame.data());
        }

        @Override
        public void connectionClose(ConnectionCloseFrame frame) {
            // RFC 9000 §10.2.2: the peer closed; drain for three PTOs and send nothing.
            closeDeadline = now + 3 * ptoNanos();
            terminate(ConnectionState.DRAINING, new ConnectionEvent.ConnectionClosed(frame.errorCode(),
                    frame.application(), true, frame.reason()));
        }

        @Override
        public void handshakeDone(HandshakeDoneFrame frame) {
            if (isServer) {
                // RFC 9000 §19.20: a server MUST treat a received HANDSHAKE_DONE as PROTOCOL_VIOLATION.
                throw TransportError.protocolViolation(frame.type(), "HANDSHAKE_DONE sent by a client");
            }
            // RFC 9001 §4.1.2: HANDSHAKE_DONE confirms the handshake at the client.
            if (handshakeComplete) {
                confirmHandshake(now);
            }
        }

        @Override
        public void datagram(DatagramFrame frame) {
            // RFC 9221 §3: DATAGRAM without having advertised support, or larger than advertised.
            if (transport.maxDatagramFrameSize() == 0 || frame.encodedSize() > transport.maxDatagramFrameSize()) {
                throw TransportError.protocolViolation(frame.type(), "DATAGRAM frame not allowed by max_datagram_frame_size");
            }
            byte[] data = new byte[frame.length()];
            frame.copyDataTo(ByteBuffer.wrap(data));
            events.add(new ConnectionEvent.DatagramReceived(data));
        }
    }

    /** RFC 9000 §7.5 and RFC 9001 §4.1.3: CRYPTO data reassembled per level into TLS. */
    private void onCrypto(PacketSpaceState s, CryptoFrame frame) {
        long readOffset = s.cryptoReceive.readOffset();
        if (frame.end() <= readOffset) {
            return; // a retransmission of data TLS already has
        }
        if (frame.end() - readOffset > transport.maxCryptoBufferBytes()) {
            throw new TransportError(TransportErrorCode.CRYPTO_BUFFER_EXCEEDED, frame.type(),
                    "CRYPTO data at " + frame.end() + " is more than " + transport.maxCryptoBufferBytes()
                            + " bytes ahead of the data delivered to TLS");
        }
        s.cryptoReceive.insert(frame.offset(), frame.data());
        long readable = s.cryptoReceive.readableBytes();
        if (readable > 0) {
            byte[] data = new byte[(int) readable];
            s.cryptoReceive.read(ByteBuffer.wrap(data));
            if (tls == null) {
                // What the finished ServerHandshake itself answers (RFC 9001 §4.4, RFC 8446 §6.2).
                throw TlsAlertException.unexpectedMessage("handshake message after the handshake at " + s.level);
            }
            tls.handle(s.level, data);
        }
    }

    // ================================================================================ streams API

    /** The next event, or null when there is none. */
    public ConnectionEvent pollEvent() {
        return events.poll();
    }

    /**
     * Opens a stream of ours (RFC 9000 §2.1); returns its ID, or -1 while the peer's MAX_STREAMS
     * (or the handshake, which brings the peer's limits) does not allow one. A STREAMS_BLOCKED frame
     * then tells the peer (§4.6), and {@link ConnectionEvent.StreamsAvailable} follows a raise.
     */
    public long openStream(boolean bidirectional) {
        if (!isOpen() || oneRtt == null) {
            return -1;
        }
        return streams.open(bidirectional);
    }

    /**
     * Writes as much of {@code src} as the stream's send buffer takes and returns that count; a
     * {@link ConnectionEvent.StreamWritable} follows when more can be taken.
     *
     * @throws IllegalArgumentException for a stream this endpoint cannot send on
     */
    public int write(long streamId, ByteBuffer src) {
        if (!isOpen()) {
            return 0;
        }
        return streams.write(streamId, src);
    }

    /** No more data on the stream: FIN follows the last byte written (RFC 9000 §19.8). */
    public void finish(long streamId) {
        streams.finish(streamId);
    }

    /**
     * Reads received data in order. Returns the bytes read, 0 when none are available yet, or -1 at
     * the end of the stream or after the peer reset it ({@link ConnectionEvent.StreamReset}).
     *
     * @throws IllegalArgumentException for a stream this endpoint cannot receive on
     */
    public int read(long streamId, ByteBuffer dst) {
        return streams.read(streamId, dst);
    }

    /** DATAGRAM payloads queued at most; further ones are refused (they are unreliable anyway). */
    static final int MAX_QUEUED_DATAGRAMS = 64;

    /**
     * Queues an unreliable DATAGRAM frame (RFC 9221) for the next 1-RTT packet. Returns false, and
     * sends nothing, when the handshake is not complete, the peer did not advertise
     * max_datagram_frame_size or the frame would exceed it or a packet, or the queue is full.
     */
    public boolean sendDatagram(ByteBuffer data) {
        if (!isOpen() || !handshakeComplete || peerParameters == null || datagramsToSend.size() >= MAX_QUEUED_DATAGRAMS) {
            return false;
        }
        int frameSize = datagramFrameSize(data.remaining());
        // RFC 9221 §3: the whole frame, type and length included, within the peer's limit.
        if (frameSize > peerParameters.maxDatagramFrameSize() || frameSize > maxDatagramSize - 64) {
            return false;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        datagramsToSend.add(copy);
        return true;
    }

    private static int datagramFrameSize(int length) {
        return 1 + VarInt.encodedLength(length) + length;
    }

    /** Abandons sending on the stream with an application error code (RFC 9000 §19.4). */
    public void resetStream(long streamId, long applicationErrorCode) {
        streams.reset(streamId, applicationErrorCode);
    }

    /** Asks the peer to stop sending on the stream (RFC 9000 §19.5); data still arriving is discarded. */
    public void stopSending(long streamId, long applicationErrorCode) {
        streams.stopSending(streamId, applicationErrorCode);
    }

    // ================================================================================ control API

    /**
     * Closes the connection with an application error code (RFC 9000 §10.2): CONNECTION_CLOSE is
     * sent, then the connection stays closing for three PTOs.
     */
    public void close(long applicationErrorCode, String reason) {
        if (!isOpen()) {
            return;
        }
        closeFrame = ConnectionCloseFrame.application(applicationErrorCode, reason == null ? "" : reason);
        enterClosing(lastNowNanos, new ConnectionEvent.ConnectionClosed(applicationErrorCode, true, false,
                reason == null ? "" : reason));
    }

    /**
     * Starts a 1-RTT key update (RFC 9001 §6.1), if allowed now; also done automatically before a
     * key's confidentiality limit is reached.
     */
    public KeyUpdateStatus initiateKeyUpdate() {
        if (oneRtt == null || !handshakeConfirmed) {
            return KeyUpdateStatus.HANDSHAKE_NOT_CONFIRMED;
        }
        oneRtt.setProbeTimeout(ptoNanos());
        return oneRtt.initiateKeyUpdate(lastNowNanos);
    }

    public ConnectionState state() {
        return state;
    }

    public ConnectionStats stats() {
        return new ConnectionStats(recovery.rtt().smoothedRttNanos(), recovery.rtt().minRttNanos(),
                recovery.congestionWindow(), recovery.bytesInFlight(), bytesSent, bytesReceived, packetsSent,
                packetsReceived, packetsLost, streams.size(), oneRtt == null ? 0 : oneRtt.generation(), maxDatagramSize,
                pmtud.probesSent(), pmtud.blackHoles());
    }

    /** RFC 9000 §14.2: the largest datagram sent now outside PMTU probes (the PLPMTU of DPLPMTUD). */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /** The negotiated ALPN protocol, or null before the handshake got that far. */
    public String alpn() {
        return alpn;
    }

    public int version() {
        return version.value();
    }

    public boolean isServer() {
        return isServer;
    }

    /** RFC 9001 §4.1.2: the handshake is confirmed (server: complete; client: HANDSHAKE_DONE received). */
    public boolean isHandshakeConfirmed() {
        return handshakeConfirmed;
    }

    /** Whether the handshake resumed a session with a ticket (RFC 8446 §2.2) instead of a full handshake. */
    public boolean isResumed() {
        if (tls == null) {
            return resumedWhenTlsReleased;
        }
        return tls instanceof ClientHandshake c ? c.isResumed() : ((ServerHandshake) tls).isResumed();
    }

    /** The latest session ticket the server sent, to resume a later connection; null if none. */
    public SessionTicket sessionTicket() {
        return sessionTicket;
    }

    public InetSocketAddress peerAddress() {
        return path.address();
    }

    /** The peer's transport parameters once received, else null. */
    public TransportParameters peerTransportParameters() {
        return peerParameters;
    }

    /** The connection IDs routed to this connection now (the endpoint's routing keys, RFC 9000 §5.1). */
    public Collection<ConnectionId> localConnectionIds() {
        return Collections.unmodifiableSet(routedCids);
    }

    private boolean isOpen() {
        return state == ConnectionState.HANDSHAKING || state == ConnectionState.ESTABLISHED;
    }

    private void closeWithError(long now, TransportError error) {
        if (!isOpen()) {
            return;
        }
        closeFrame = ConnectionCloseFrame.of(error);
        enterClosing(now, new ConnectionEvent.ConnectionClosed(error.code(), false, false, error.reason()));
    }

    private void enterClosing(long now, ConnectionEvent.ConnectionClosed event) {
        state = ConnectionState.CLOSING;
        closeFramePending = true;
        closeDeadline = now + 3 * ptoNanos();
        events.add(event);
    }

    private void terminate(ConnectionState next, ConnectionEvent.ConnectionClosed event) {
        boolean wasOpen = isOpen();
        state = next;
        if (wasOpen) {
            events.add(event);
        }
        if (next == ConnectionState.CLOSED) {
            localCids.removeAllRoutes();
        }
    }

    // ================================================================================== timers

    @Override
    public long nextTimeoutNanos() {
        switch (state) {
            case CLOSED:
                return Long.MAX_VALUE;
            case CLOSING:
            case DRAINING:
                return closeDeadline;
            default:
                break;
        }
        long t = Math.min(recovery.nextTimeoutNanos(), idleDeadline);
        t = Math.min(t, pacingWakeAt);
        t = Math.min(t, keepAliveAt);
        t = Math.min(t, path.deadline());
        t = Math.min(t, pmtud.nextTimeoutNanos());
        if (!amplification.isBlocking(MIN_INITIAL_DATAGRAM)) {
            for (PacketSpaceState s : spaces) {
                if (!s.discarded && hasKeys(s)) {
                    t = Math.min(t, s.received.ackDeadlineNanos());
                }
            }
        }
        if (oneRtt != null) {
            t = Math.min(t, oneRtt.nextTimeoutNanos());
        }
        return t;
    }

    @Override
    public void handleTimeout(long nowNanos) {
        lastNowNanos = nowNanos;
        if (state == ConnectionState.CLOSED) {
            return;
        }
        if (state == ConnectionState.CLOSING || state == ConnectionState.DRAINING) {
            if (nowNanos >= closeDeadline) {
                terminate(ConnectionState.CLOSED, null);
            }
            return;
        }
        if (nowNanos >= idleDeadline) {
            // RFC 9000 §10.1: the connection is silently closed and its state discarded.
            terminate(ConnectionState.CLOSED, new ConnectionEvent.ConnectionClosed(0, false, false, "idle timeout"));
            return;
        }
        if (pacingWakeAt <= nowNanos) {
            pacingWakeAt = Long.MAX_VALUE;
        }
        InetSocketAddress before = path.address();
        path.onTimeout(nowNanos);
        onPathMaybeChanged(before);
        if (keepAliveAt <= nowNanos) {
            pingRequested = true;
            keepAliveAt = nowNanos + keepAliveNanos;
        }
        if (oneRtt != null) {
            oneRtt.handleTimeout(nowNanos);
        }
        try {
            if (recovery.nextTimeoutNanos() <= nowNanos) {
                TimeoutAction action = recovery.onTimeout(nowNanos);
                if (action.kind() == TimeoutAction.Kind.PROBE) {
                    onProbeTimeout(action.space(), action.probes());
                }
                pmtud.checkBlackHole();
                syncDatagramSize();
            }
            if (pmtud.nextTimeoutNanos() <= nowNanos) {
                pmtud.onTimeout(nowNanos);
            }
        } catch (RuntimeException e) {
            // As on the receive and send paths: a bug of ours closes this connection, not the driver.
            closeWithError(nowNanos, new TransportError(TransportErrorCode.INTERNAL_ERROR, 0, "internal error: " + e));
        }
    }

    /**
     * RFC 9002 §6.2.4: a PTO asks for ack-eliciting probes. In the handshake spaces the CRYPTO data
     * not yet acknowledged is sent again (the likeliest thing to be missing); in Application Data new
     * stream data if there is any, else the newest outstanding data again; a PING only when nothing
     * is outstanding either, since the builder adds one to a probe that has nothing else.
     */
    private void onProbeTimeout(PacketNumberSpace space, int probes) {
        PacketSpaceState s = spaces[space.ordinal()];
        if (!s.discarded && s.cryptoSend.sentOffset() > 0) {
            s.cryptoSend.onLost(0, (int) Math.min(Integer.MAX_VALUE, s.cryptoSend.sentOffset()), false);
        }
        if (space == PacketNumberSpace.APPLICATION_DATA && !streams.hasDataToSend()) {
            // RFC 9002 §6.2.4: no new data, so "previously sent data MAY be sent": the newest
            // outstanding packets' information goes out again in the probes. A lost tail (the
            // last message of a burst) is then repaired by the probe itself, a round trip sooner
            // than by a PING whose ACK only reveals the loss. The packets stay in flight.
            for (SentPacket outstanding : recovery.newestOutstanding(space, probes)) {
                requeue(s, outstanding);
            }
        }
    }

    private boolean hasKeys(PacketSpaceState s) {
        return s.space == PacketNumberSpace.APPLICATION_DATA ? oneRtt != null : s.sealer != null;
    }

    // ================================================================================= sending

    /**
     * {@inheritDoc}
     *
     * <p>{@code out} needs at least 1200 bytes remaining (RFC 9000 §14: the smallest datagram a
     * QUIC path must carry, and the size of padded Initial datagrams); with less, nothing is sent.
     */
    @Override
    public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
        lastNowNanos = nowNanos;
        if (state == ConnectionState.CLOSED || state == ConnectionState.DRAINING) {
            return null;
        }
        int start = out.position();
        try {
            return buildDatagram(nowNanos, out);
        } catch (TransportError e) {
            // AEAD_LIMIT_REACHED from sealing: close cleanly.
            out.position(start);
            closeWithError(nowNanos, e);
            return null;
        } catch (RuntimeException e) {
            // A bug of ours on the send path must not take the driver down: close the connection.
            out.position(start);
            closeWithError(nowNanos, new TransportError(TransportErrorCode.INTERNAL_ERROR, 0, "internal error: " + e));
            return null;
        }
    }

    private InetSocketAddress buildDatagram(long now, ByteBuffer out) {
        int base = out.position();
        int limit = base + Math.min(out.remaining(), maxDatagramSize);
        long allowance = amplification.allowance();
        if (allowance < MIN_INITIAL_DATAGRAM || limit - base < MIN_INITIAL_DATAGRAM) {
            return null; // RFC 9000 §8.1: wait for the client's next datagram
        }
        limit = (int) Math.min(limit, base + allowance);
        boolean closing = state == ConnectionState.CLOSING;
        if (closing && !closeFramePending) {
            return null;
        }
        boolean ptoProbesPending = recovery.probesPending(PacketNumberSpace.INITIAL) > 0
                || recovery.probesPending(PacketNumberSpace.HANDSHAKE) > 0
                || recovery.probesPending(PacketNumberSpace.APPLICATION_DATA) > 0;
        if (!closing && handshakeConfirmed && !ptoProbesPending) {
            int probe = pmtud.probeSize();
            if (probe > 0 && probe <= out.remaining() && probe <= allowance) {
                SendLimit probeLimit = recovery.canSend(now, probe, allowance);
                if (probeLimit == SendLimit.NONE) {
                    return sendPmtuProbe(now, out, probe);
                }
                if (probeLimit == SendLimit.PACING) {
                    // Wake up for it even if nothing else is due then: an idle path would never probe.
                    pacingWakeAt = Math.min(pacingWakeAt, recovery.nextSendTimeNanos(now, probe));
                }
            }
        }
        if (maxDatagramSize > MIN_INITIAL_DATAGRAM
                && (ptoProbesPending || !pathResponses.isEmpty() || path.hasChallengeToSend())) {
            // RFC 8899 §4.3: if the path became a black hole for the current size, a PTO probe of
            // that size would be lost too and the connection would only back off; at 1200 bytes it
            // gets through, and its acknowledgment declares the large packets lost (black hole).
            // Path validation (RFC 9000 §8.2) likewise: a PATH_RESPONSE is never resent, and a
            // peer that moved (§9.3, it may be behind a NAT we cannot see) may have a narrower path.
            limit = Math.min(limit, base + MIN_INITIAL_DATAGRAM);
        }
        boolean ackOnly = false;
        if (!closing) {
            SendLimit sendLimit = recovery.canSend(now, limit - base, allowance);
            if (sendLimit == SendLimit.PACING) {
                pacingWakeAt = recovery.nextSendTimeNanos(now);
            }
            ackOnly = sendLimit != SendLimit.NONE;
        }
        int count = 0;
        pathChallengeInDatagram = false;
        pathResponseInDatagram = false;
        boolean initialAckEliciting = false;
        boolean containsInitial = false;
        for (PacketSpaceState s : spaces) {
            if (s.discarded || !hasKeys(s) || limit - out.position() < MIN_PACKET_ROOM) {
                continue;
            }
            if (s.space == PacketNumberSpace.APPLICATION_DATA && isServer && !handshakeComplete && !closing) {
                // The server sends no 0.5-RTT packets (RFC 9001 §4.1.1 allows them): there is no
                // application data before the client's Finished, and ACKs for 1-RTT packets are not
                // due since §5.7 has it drop those until the handshake completes.
                continue;
            }
            PendingPacket p = pending[count];
            boolean built = closing ? buildClosePacket(s, out, limit, p) : buildPacket(now, s, out, limit, ackOnly, p);
            if (built) {
                count++;
                if (s.space == PacketNumberSpace.INITIAL) {
                    containsInitial = true;
                    initialAckEliciting |= p.ackEliciting;
                }
            }
        }
        if (closing) {
            closeFramePending = false;
        }
        if (count == 0) {
            out.position(base);
            return null;
        }
        // RFC 9000 §14.1: a client pads every datagram with an Initial packet, a server those with
        // an ack-eliciting Initial, to 1200 bytes; the padding goes into the last packet.
        // RFC 9000 §8.2.1, §8.2.2: so do datagrams with a PATH_CHALLENGE or PATH_RESPONSE, to test the path's MTU.
        if (containsInitial && (!isServer || initialAckEliciting) || pathChallengeInDatagram || pathResponseInDatagram) {
            PendingPacket last = pending[count - 1];
            int size = last.payloadEnd + AEAD_TAG - base;
            if (size < MIN_INITIAL_DATAGRAM) {
                int padding = MIN_INITIAL_DATAGRAM - size;
                zero(out, last.payloadEnd, padding);
                last.payloadEnd += padding;
                last.padded = true;
            }
        }
        boolean anyAckEliciting = false;
        int end = base;
        for (int i = 0; i < count; i++) {
            PendingPacket p = pending[i];
            end = seal(now, out, p);
            anyAckEliciting |= p.ackEliciting;
        }
        out.position(end);
        int size = end - base;
        for (int i = 0; i < count; i++) {
            if (pending[i].sent != null) {
                pending[i].sent.setDatagramSize(size);
            }
        }
        onDatagramSent(now, size, anyAckEliciting);
        if (!isServer && sentHandshakePacket && !spaces[0].discarded) {
            // RFC 9001 §4.9.1: the client discards Initial keys when it first sends a Handshake packet.
            discardSpace(spaces[0], now);
        }
        if (isServer) {
            recovery.setAtAmplificationLimit(amplification.isBlocking(MIN_INITIAL_DATAGRAM), now);
        }
        return path.address();
    }

    /**
     * RFC 9000 §14.4: a PMTU probe is a datagram of exactly {@code size} bytes holding one 1-RTT
     * packet with PING and PADDING, so that it is ack-eliciting and carries nothing that would
     * need to be resent if the path drops it for its size.
     */
    private InetSocketAddress sendPmtuProbe(long now, ByteBuffer out, int size) {
        int base = out.position();
        PacketSpaceState s = spaces[PacketNumberSpace.APPLICATION_DATA.ordinal()];
        long pn = s.nextPacketNumber;
        PacketLayout layout = writeHeader(s, out, pn);
        PingFrame.INSTANCE.encode(out);
        int payloadEnd = base + size - AEAD_TAG;
        zero(out, out.position(), payloadEnd - out.position()); // PADDING frames are single 0x00 bytes
        out.position(payloadEnd);
        SentPacket sent = new SentPacket();
        sent.add(new SentFrame.NotRetransmitted());
        sent.markPmtuProbe();
        sent.setDatagramSize(size);
        PendingPacket p = pending[0];
        laidOut(s, layout, pn, out, true, -1, sent, p);
        p.padded = true;
        int end = seal(now, out, p);
        out.position(end);
        pmtud.onProbeSent(pn);
        onDatagramSent(now, end - base, true);
        return path.address();
    }

    /** Accounting common to every datagram sent: bytes, amplification credit, idle and keep-alive timers. */
    private void onDatagramSent(long now, int size, boolean anyAckEliciting) {
        bytesSent += size;
        amplification.onDatagramSent(size);
        if (anyAckEliciting) {
            // RFC 9000 §10.1: sending the first ack-eliciting packet after a receive restarts the idle timer.
            if (!ackElicitingSentSinceReceive) {
                restartIdleTimer(now);
                ackElicitingSentSinceReceive = true;
            }
            if (keepAliveNanos > 0 && handshakeComplete) {
                keepAliveAt = now + keepAliveNanos;
            }
        }
    }

    private static void zero(ByteBuffer out, int from, int count) {
        for (int i = 0; i < count; i++) {
            out.put(from + i, (byte) 0);
        }
    }

    /** Writes the header of a packet in {@code s} at the buffer's position; returns its layout. */
    private PacketLayout writeHeader(PacketSpaceState s, ByteBuffer out, long pn) {
        int pnLength = PacketNumberEncoding.encodedLength(pn, recovery.largestAcked(s.space));
        ConnectionId dcid = peerCids.current();
        return switch (s.space) {
            case INITIAL -> LongHeader.write(out, PacketType.INITIAL, version, dcid, localInitialCid,
                    isServer ? null : token, pn, pnLength);
            case HANDSHAKE -> LongHeader.write(out, PacketType.HANDSHAKE, version, dcid, localInitialCid, null, pn,
                    pnLength);
            case APPLICATION_DATA -> ShortHeader.write(out, dcid, false, false, pn, pnLength);
        };
    }

    /**
     * Lays out one packet of space {@code s}: header, then frames by priority. Returns false (and
     * leaves the buffer as it was) when the packet would carry nothing worth sending.
     */
    private boolean buildPacket(long now, PacketSpaceState s, ByteBuffer out, int datagramLimit, boolean ackOnly,
            PendingPacket p) {
        int start = out.position();
        long pn = s.nextPacketNumber;
        PacketLayout layout = writeHeader(s, out, pn);
        int payloadLimit = datagramLimit - AEAD_TAG;
        if (payloadLimit - out.position() < 8) {
            out.position(start);
            return false;
        }
        SentPacket sent = new SentPacket();
        boolean ackEliciting = false;
        boolean ackDue = false;
        long largestAcked = -1;
        if (s.received.hasNewPackets()) {
            int exponent = s.space == PacketNumberSpace.APPLICATION_DATA ? transport.ackDelayExponent()
                    : TransportParameters.DEFAULT_ACK_DELAY_EXPONENT;
            AckFrame ack = s.received.buildAckFrame(now, exponent);
            if (ack != null && ack.encodedSize() <= payloadLimit - out.position()) {
                ack.encode(out);
                largestAcked = ack.largestAcknowledged();
                sent.add(new SentFrame.Ack(largestAcked));
                ackDue = s.received.ackDeadlineNanos() <= now;
            }
        }
        if (s.space == PacketNumberSpace.APPLICATION_DATA && handshakeConfirmed && oneRtt.keyUpdateDue()) {
            // RFC 9001 §6.6: update keys well before the confidentiality limit; refused attempts
            // (previous update not yet acknowledged, §6.1, §6.5) are simply retried on a later packet.
            oneRtt.setProbeTimeout(ptoNanos());
            oneRtt.initiateKeyUpdate(now);
        }
        if (!ackOnly) {
            ackEliciting |= writeCrypto(s, out, payloadLimit, sent);
            if (s.space == PacketNumberSpace.APPLICATION_DATA) {
                ackEliciting |= writeApplicationFrames(now, out, payloadLimit, sent);
            }
            if (!ackEliciting && (recovery.probesPending(s.space) > 0
                    || pingRequested && s.space == PacketNumberSpace.APPLICATION_DATA)) {
                PingFrame.INSTANCE.encode(out);
                sent.add(new SentFrame.NotRetransmitted());
                ackEliciting = true;
            }
        }
        if (!ackEliciting && !ackDue) {
            out.position(start);
            return false;
        }
        if (ackEliciting && s.space == PacketNumberSpace.APPLICATION_DATA) {
            pingRequested = false;
        }
        if (s.space == PacketNumberSpace.HANDSHAKE) {
            sentHandshakePacket = true;
        }
        laidOut(s, layout, pn, out, ackEliciting, largestAcked, sent, p);
        return true;
    }

    /**
     * Records a packet laid out in the datagram and moves past its AEAD tag, where the next
     * coalesced packet may start. RFC 9001 §5.4.2: the header protection sample needs the packet
     * number and payload to span at least 4 bytes, so short payloads are padded here.
     */
    private void laidOut(PacketSpaceState s, PacketLayout layout, long pn, ByteBuffer out, boolean ackEliciting,
            long largestAcked, SentPacket sent, PendingPacket p) {
        int payloadEnd = out.position();
        boolean padded = false;
        int minPayloadEnd = layout.packetNumberOffset() + 4;
        if (payloadEnd < minPayloadEnd) {
            zero(out, payloadEnd, minPayloadEnd - payloadEnd);
            payloadEnd = minPayloadEnd;
            padded = true;
        }
        s.nextPacketNumber++;
        p.space = s;
        p.layout = layout;
        p.packetNumber = pn;
        p.payloadEnd = payloadEnd;
        p.ackEliciting = ackEliciting;
        p.padded = padded;
        p.largestAcked = largestAcked;
        p.sent = sent;
        out.position(payloadEnd + AEAD_TAG);
    }

    /** A packet with only CONNECTION_CLOSE (RFC 9000 §10.2.3: no application details below 1-RTT). */
    private boolean buildClosePacket(PacketSpaceState s, ByteBuffer out, int datagramLimit, PendingPacket p) {
        int start = out.position();
        long pn = s.nextPacketNumber;
        PacketLayout layout = writeHeader(s, out, pn);
        ConnectionCloseFrame frame = closeFrame;
        if (s.space != PacketNumberSpace.APPLICATION_DATA && frame.application()) {
            frame = ConnectionCloseFrame.transport(TransportErrorCode.APPLICATION_ERROR.code(), 0, "");
        }
        frame = frame.withReasonPhraseFitting(datagramLimit - AEAD_TAG - out.position());
        if (frame == null) {
            out.position(start);
            return false;
        }
        frame.encode(out);
        laidOut(s, layout, pn, out, false, -1, null, p);
        return true;
    }

    /** Seals a laid-out packet in place and reports it to recovery; returns its end. */
    private int seal(long now, ByteBuffer out, PendingPacket p) {
        PacketLayout layout = p.layout;
        int packetEnd = p.payloadEnd + AEAD_TAG;
        if (layout.lengthOffset() >= 0) {
            layout.writeLength(out, packetEnd);
        }
        int end;
        if (p.space.space == PacketNumberSpace.APPLICATION_DATA) {
            end = oneRtt.seal(out, layout.packetStart(), layout.packetNumberOffset(), layout.packetNumberLength(),
                    p.payloadEnd, p.packetNumber);
        } else {
            end = p.space.sealer.seal(out, layout.packetStart(), layout.packetNumberOffset(),
                    layout.packetNumberLength(), p.payloadEnd, p.packetNumber);
        }
        packetsSent++;
        if (p.largestAcked >= 0) {
            p.space.received.onAckFrameSent();
        }
        if (p.sent != null && p.sent.isPmtuProbe()) {
            recovery.onPmtuProbeSent(now, p.packetNumber, end - layout.packetStart(), p.sent);
        } else if (p.sent != null) {
            recovery.onPacketSent(now, p.space.space, p.packetNumber, end - layout.packetStart(), p.ackEliciting,
                    p.ackEliciting || p.padded, p.sent);
        }
        return end;
    }

    private boolean writeCrypto(PacketSpaceState s, ByteBuffer out, int payloadLimit, SentPacket sent) {
        boolean wrote = false;
        while (s.cryptoSend.hasPendingData()) {
            int room = payloadLimit - out.position();
            // Upper bound of the header: type, an 8-byte offset and a 2-byte length.
            int maxLength = room - 1 - 8 - 2;
            if (maxLength <= 0 || !s.cryptoSend.poll(chunk, maxLength, Long.MAX_VALUE)) {
                break;
            }
            out.put((byte) FrameType.CRYPTO);
            VarInt.write(out, chunk.offset());
            VarInt.write(out, chunk.length());
            s.cryptoSend.copyTo(chunk.offset(), chunk.length(), out);
            sent.add(new SentFrame.Crypto(chunk.offset(), chunk.length()));
            wrote = true;
        }
        return wrote;
    }

    /** HANDSHAKE_DONE, control frames and STREAM data of a 1-RTT packet; returns whether it wrote any. */
    private boolean writeApplicationFrames(long now, ByteBuffer out, int payloadLimit, SentPacket sent) {
        boolean wrote = false;
        if (handshakeDonePending && PayloadSpace.fits(out, payloadLimit, 1)) {
            HandshakeDoneFrame.INSTANCE.encode(out);
            sent.add(new SentFrame.HandshakeDone());
            handshakeDonePending = false;
            wrote = true;
        }
        if (path.hasChallengeToSend() && PayloadSpace.fits(out, payloadLimit, 9)) {
            long data = path.takeChallenge();
            new PathChallengeFrame(data).encode(out);
            sent.add(new SentFrame.PathChallenge(data));
            pathChallengeInDatagram = true;
            wrote = true;
        }
        while (!pathResponses.isEmpty() && PayloadSpace.fits(out, payloadLimit, 9)) {
            new PathResponseFrame(pathResponses.poll()).encode(out);
            sent.add(new SentFrame.NotRetransmitted());
            pathResponseInDatagram = true;
            wrote = true;
        }
        wrote |= streams.writeFlowControlFrames(now, recovery.rtt().smoothedRttNanos(), out, payloadLimit, sent);
        wrote |= streams.writeStreamControlFrames(out, payloadLimit, sent);
        wrote |= writeConnectionIdFrames(out, payloadLimit, sent);
        // RFC 9221 §5: DATAGRAM frames are unreliable. One queued when datagrams were larger than
        // they are now (a PMTU black hole fell back to 1200 bytes) is dropped, not left to block the queue.
        while (!datagramsToSend.isEmpty() && datagramFrameSize(datagramsToSend.peek().length) > maxDatagramSize - 64) {
            datagramsToSend.poll();
        }
        while (!datagramsToSend.isEmpty()
                && PayloadSpace.put(out, payloadLimit, DatagramFrame.of(ByteBuffer.wrap(datagramsToSend.peek())))) {
            datagramsToSend.poll();
            sent.add(new SentFrame.NotRetransmitted());
            wrote = true;
        }
        wrote |= streams.writeStreamFrames(out, payloadLimit, sent);
        return wrote;
    }

    private boolean writeConnectionIdFrames(ByteBuffer out, int payloadLimit, SentPacket sent) {
        boolean wrote = false;
        while (localCids.hasPendingAnnouncement() && PayloadSpace.fits(out, payloadLimit, 1 + 8 + 8 + 1 + 20 + 16)) {
            IssuedConnectionId issued = localCids.pollAnnouncement();
            PayloadSpace.put(out, payloadLimit, new NewConnectionIdFrame(issued.sequenceNumber(), localCids.retirePriorTo(),
                    issued.connectionId(), issued.statelessResetToken()));
            sent.add(new SentFrame.NewConnectionId(issued));
            wrote = true;
        }
        while (peerCids.hasPendingRetirement() && PayloadSpace.fits(out, payloadLimit, 9)) {
            long sequence = peerCids.pollRetirement();
            PayloadSpace.put(out, payloadLimit, new RetireConnectionIdFrame(sequence));
            sent.add(new SentFrame.RetireConnectionId(sequence));
            wrote = true;
        }
        return wrote;
    }

    // ====================================================================== acknowledgment & loss

    /** RFC 9000 §13.3: what an acknowledged, lost or discarded packet carried decides what happens next. */
    private final class Listener implements RecoveryListener<SentPacket> {
        @Override
        public void onPacketAcked(PacketNumberSpace space, long packetNumber, SentPacket packet) {
            if (packet.isPmtuProbe()) {
                pmtud.onProbeAcked(packetNumber, lastNowNanos);
            } else {
                pmtud.onPacketAcked(packet.datagramSize());
            }
            PacketSpaceState s = spaces[space.ordinal()];
            for (SentFrame f : packet.frames()) {
                if (f instanceof SentFrame.Ack a) {
                    // RFC 9000 §13.2.4: the peer saw this ACK, so its ranges need not be repeated.
                    s.received.onAckFrameAcknowledged(a.largestAcknowledged());
                } else if (f instanceof SentFrame.Crypto c) {
                    if (!s.discarded) {
                        s.cryptoSend.onAcked(c.offset(), c.length(), false);
                    }
                } else {
                    streams.onAcked(f);
                }
            }
        }

        @Override
        public void onPacketLost(PacketNumberSpace space, long packetNumber, SentPacket packet) {
            packetsLost++;
            if (packet.isPmtuProbe()) {
                pmtud.onProbeLost(packetNumber, lastNowNanos);
            } else {
                pmtud.onPacketLost(packet.datagramSize());
            }
            requeue(spaces[space.ordinal()], packet);
        }

        @Override
        public void onPacketDiscarded(PacketNumberSpace space, long packetNumber, SentPacket packet) {
            // RFC 9002 §6.4: the space is gone, so is the need to resend its frames.
        }
    }

    private void requeue(PacketSpaceState s, SentPacket packet) {
        for (SentFrame f : packet.frames()) {
            if (f instanceof SentFrame.Crypto c) {
                if (!s.discarded) {
                    s.cryptoSend.onLost(c.offset(), c.length(), false);
                }
            } else if (f instanceof SentFrame.HandshakeDone) {
                handshakeDonePending = true;
            } else if (f instanceof SentFrame.PathChallenge c) {
                path.onChallengeLost(c.data());
            } else if (f instanceof SentFrame.NewConnectionId n) {
                localCids.onAnnouncementLost(n.issued());
            } else if (f instanceof SentFrame.RetireConnectionId r) {
                peerCids.onRetirementLost(r.sequenceNumber());
            } else {
                streams.onLost(f);
            }
        }
    }
}
