package io.mqttd.quic.connection;

import io.mqttd.quic.frame.TransportParameters;
import io.mqttd.quic.packet.VarInt;
import java.time.Duration;

/**
 * The transport settings of a connection: what it advertises in its transport parameters
 * (RFC 9000 §18.2) and how it runs flow control, recovery and keep-alive. Validated when built, so a
 * bad value fails at configuration time with a message naming the setting.
 *
 * @param idleTimeout max_idle_timeout (§10.1); {@link Duration#ZERO} for none
 * @param initialMaxData initial_max_data: the connection receive window
 * @param maxDataWindow the largest connection window auto-tuning may grow to (RFC 9000 §4.2)
 * @param initialMaxStreamDataBidiLocal window of bidirectional streams this endpoint opens
 * @param initialMaxStreamDataBidiRemote window of bidirectional streams the peer opens
 * @param initialMaxStreamDataUni window of unidirectional streams the peer opens
 * @param maxStreamDataWindow the largest stream window auto-tuning may grow to
 * @param maxStreamsBidi initial_max_streams_bidi: concurrent bidirectional streams the peer may open
 * @param maxStreamsUni initial_max_streams_uni
 * @param ackDelayExponent ack_delay_exponent (§18.2, at most 20)
 * @param maxAckDelay max_ack_delay (§18.2, below 2^14 ms)
 * @param activeConnectionIdLimit active_connection_id_limit (§18.2, at least 2)
 * @param maxUdpPayloadSize max_udp_payload_size (§18.2, 1200 to 65527): the largest UDP payload this
 *     endpoint accepts, and the ceiling of the sizes {@code pathMtuDiscovery} may send; datagrams
 *     larger than 1200 bytes are sent only once discovery has shown the path carries them (§14)
 * @param congestionControl NewReno or CUBIC
 * @param keepAliveInterval a PING is sent after this long without ack-eliciting packets; zero for off
 * @param disableActiveMigration disable_active_migration (§18.2)
 * @param maxDatagramFrameSize max_datagram_frame_size (RFC 9221 §3); 0 disables DATAGRAM frames
 * @param streamSendBufferBytes bytes a stream buffers before {@link QuicConnection#write} takes no more
 * @param maxCryptoBufferBytes CRYPTO data buffered beyond the read offset before
 *     CRYPTO_BUFFER_EXCEEDED (RFC 9000 §7.5, at least 4096)
 * @param pathMtuDiscovery run DPLPMTUD (RFC 9000 §14.3, RFC 8899) once the handshake is confirmed;
 *     when off, every datagram stays within 1200 bytes (§14.2: "SHOULD NOT send datagrams larger
 *     than the smallest allowed maximum datagram size" without PMTU discovery)
 */
public record TransportSettings(Duration idleTimeout, long initialMaxData, long maxDataWindow,
        long initialMaxStreamDataBidiLocal, long initialMaxStreamDataBidiRemote, long initialMaxStreamDataUni,
        long maxStreamDataWindow, long maxStreamsBidi, long maxStreamsUni, int ackDelayExponent,
        Duration maxAckDelay, int activeConnectionIdLimit, int maxUdpPayloadSize, CongestionControl congestionControl,
        Duration keepAliveInterval, boolean disableActiveMigration, int maxDatagramFrameSize,
        int streamSendBufferBytes, int maxCryptoBufferBytes, boolean pathMtuDiscovery) {

    /** Ethernet's 1500-byte MTU less the IPv4 and UDP headers: the default max_udp_payload_size. */
    public static final int DEFAULT_MAX_UDP_PAYLOAD_SIZE = 1472;

    public TransportSettings {
        requireNonNegative(idleTimeout, "idleTimeout");
        requireNonNegative(keepAliveInterval, "keepAliveInterval");
        requireNonNegative(maxAckDelay, "maxAckDelay");
        requireVarInt(initialMaxData, "initialMaxData");
        requireVarInt(initialMaxStreamDataBidiLocal, "initialMaxStreamDataBidiLocal");
        requireVarInt(initialMaxStreamDataBidiRemote, "initialMaxStreamDataBidiRemote");
        requireVarInt(initialMaxStreamDataUni, "initialMaxStreamDataUni");
        if (maxDataWindow < initialMaxData) {
            throw new IllegalArgumentException("maxDataWindow " + maxDataWindow + " is below initialMaxData " + initialMaxData);
        }
        long largestStreamWindow = Math.max(initialMaxStreamDataUni,
                Math.max(initialMaxStreamDataBidiLocal, initialMaxStreamDataBidiRemote));
        if (maxStreamDataWindow < largestStreamWindow) {
            throw new IllegalArgumentException("maxStreamDataWindow " + maxStreamDataWindow
                    + " is below the largest initial stream window " + largestStreamWindow);
        }
        if (maxStreamsBidi < 0 || maxStreamsBidi > TransportParameters.MAX_STREAMS
                || maxStreamsUni < 0 || maxStreamsUni > TransportParameters.MAX_STREAMS) {
            throw new IllegalArgumentException("maxStreamsBidi/maxStreamsUni must be in 0..2^60 (RFC 9000 §4.6)");
        }
        if (ackDelayExponent < 0 || ackDelayExponent > TransportParameters.MAX_ACK_DELAY_EXPONENT) {
            throw new IllegalArgumentException("ackDelayExponent must be in 0..20 (RFC 9000 §18.2): " + ackDelayExponent);
        }
        if (maxAckDelay.toMillis() >= TransportParameters.MAX_ACK_DELAY_LIMIT_MS) {
            throw new IllegalArgumentException("maxAckDelay must be below 2^14 ms (RFC 9000 §18.2): " + maxAckDelay);
        }
        if (activeConnectionIdLimit < TransportParameters.MIN_ACTIVE_CONNECTION_ID_LIMIT) {
            throw new IllegalArgumentException("activeConnectionIdLimit must be at least 2 (RFC 9000 §18.2)");
        }
        if (maxUdpPayloadSize < TransportParameters.MIN_MAX_UDP_PAYLOAD_SIZE
                || maxUdpPayloadSize > TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("maxUdpPayloadSize must be in 1200..65527 (RFC 9000 §18.2): "
                    + maxUdpPayloadSize);
        }
        if (congestionControl == null) {
            throw new IllegalArgumentException("congestionControl is required");
        }
        if (maxDatagramFrameSize < 0) {
            throw new IllegalArgumentException("maxDatagramFrameSize must not be negative");
        }
        if (streamSendBufferBytes < 1) {
            throw new IllegalArgumentException("streamSendBufferBytes must be positive");
        }
        if (maxCryptoBufferBytes < 4096) {
            throw new IllegalArgumentException("maxCryptoBufferBytes must be at least 4096 (RFC 9000 §7.5)");
        }
    }

    /**
     * Defaults sized for a LAN or a fast WAN path: 30 s idle timeout, 1 MiB connection and 256 KiB
     * stream windows growing to 16 MiB / 8 MiB, 100 bidirectional and 100 unidirectional streams,
     * the RFC's ack delay settings, 8 active connection IDs, CUBIC, no keep-alive, DATAGRAM off,
     * and datagrams of up to 1472 bytes (an Ethernet MTU of 1500 less 20 bytes of IPv4 and 8 of UDP
     * header) once path MTU discovery has shown the path carries them. 1472 rather than 65527:
     * the UDP socket may fragment what is larger than the interface MTU (RFC 9000 §14 forbids
     * fragmentation) and a probe that succeeds only by fragmentation would raise the size anyway;
     * loopback or jumbo-frame deployments raise it with {@link #withMaxUdpPayloadSize}.
     */
    public static TransportSettings defaults() {
        return new TransportSettings(Duration.ofSeconds(30), 1 << 20, 16 << 20, 256 << 10, 256 << 10, 256 << 10,
                8 << 20, 100, 100, TransportParameters.DEFAULT_ACK_DELAY_EXPONENT,
                Duration.ofMillis(TransportParameters.DEFAULT_MAX_ACK_DELAY_MS), 8, DEFAULT_MAX_UDP_PAYLOAD_SIZE, CongestionControl.CUBIC,
                Duration.ZERO, false, 0, 1 << 20, 64 << 10, true);
    }

    public TransportSettings withIdleTimeout(Duration v) {
        return new TransportSettings(v, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize,
                congestionControl, keepAliveInterval, disableActiveMigration, maxDatagramFrameSize,
                streamSendBufferBytes, maxCryptoBufferBytes, pathMtuDiscovery);
    }

    /** Connection window: initial value and the auto-tuning maximum. */
    public TransportSettings withMaxData(long initial, long maxWindow) {
        return new TransportSettings(idleTimeout, initial, maxWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize,
                congestionControl, keepAliveInterval, disableActiveMigration, maxDatagramFrameSize,
                streamSendBufferBytes, maxCryptoBufferBytes, pathMtuDiscovery);
    }

    /** Stream windows (bidi local, bidi remote, uni) and the auto-tuning maximum. */
    public TransportSettings withMaxStreamData(long bidiLocal, long bidiRemote, long uni, long maxWindow) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, bidiLocal, bidiRemote, uni, maxWindow,
                maxStreamsBidi, maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit,
                maxUdpPayloadSize, congestionControl, keepAliveInterval, disableActiveMigration, maxDatagramFrameSize,
                streamSendBufferBytes, maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withMaxStreams(long bidi, long uni) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, bidi, uni,
                ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize, congestionControl,
                keepAliveInterval, disableActiveMigration, maxDatagramFrameSize, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withAckDelay(int exponent, Duration maxDelay) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, exponent, maxDelay, activeConnectionIdLimit, maxUdpPayloadSize, congestionControl,
                keepAliveInterval, disableActiveMigration, maxDatagramFrameSize, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withActiveConnectionIdLimit(int v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, v, maxUdpPayloadSize, congestionControl,
                keepAliveInterval, disableActiveMigration, maxDatagramFrameSize, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withMaxUdpPayloadSize(int v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, v, congestionControl,
                keepAliveInterval, disableActiveMigration, maxDatagramFrameSize, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withCongestionControl(CongestionControl v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize, v,
                keepAliveInterval, disableActiveMigration, maxDatagramFrameSize, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withKeepAliveInterval(Duration v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize,
                congestionControl, v, disableActiveMigration, maxDatagramFrameSize, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withDisableActiveMigration(boolean v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize,
                congestionControl, keepAliveInterval, v, maxDatagramFrameSize, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withMaxDatagramFrameSize(int v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize,
                congestionControl, keepAliveInterval, disableActiveMigration, v, streamSendBufferBytes,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    public TransportSettings withStreamSendBufferBytes(int v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize,
                congestionControl, keepAliveInterval, disableActiveMigration, maxDatagramFrameSize, v,
                maxCryptoBufferBytes, pathMtuDiscovery);
    }

    /** Whether DPLPMTUD (RFC 9000 §14.3) may raise datagrams above 1200 bytes; on by default. */
    public TransportSettings withPathMtuDiscovery(boolean v) {
        return new TransportSettings(idleTimeout, initialMaxData, maxDataWindow, initialMaxStreamDataBidiLocal,
                initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, maxStreamDataWindow, maxStreamsBidi,
                maxStreamsUni, ackDelayExponent, maxAckDelay, activeConnectionIdLimit, maxUdpPayloadSize,
                congestionControl, keepAliveInterval, disableActiveMigration, maxDatagramFrameSize,
                streamSendBufferBytes, maxCryptoBufferBytes, v);
    }

    /** The transport parameters these settings advertise; the caller adds connection IDs and tokens. */
    TransportParameters.Builder toTransportParameters() {
        return TransportParameters.builder()
                .maxIdleTimeoutMs(idleTimeout.toMillis())
                .maxUdpPayloadSize(maxUdpPayloadSize)
                .initialMaxData(initialMaxData)
                .initialMaxStreamDataBidiLocal(initialMaxStreamDataBidiLocal)
                .initialMaxStreamDataBidiRemote(initialMaxStreamDataBidiRemote)
                .initialMaxStreamDataUni(initialMaxStreamDataUni)
                .initialMaxStreamsBidi(maxStreamsBidi)
                .initialMaxStreamsUni(maxStreamsUni)
                .ackDelayExponent(ackDelayExponent)
                .maxAckDelayMs(maxAckDelay.toMillis())
                .disableActiveMigration(disableActiveMigration)
                .activeConnectionIdLimit(activeConnectionIdLimit)
                .maxDatagramFrameSize(maxDatagramFrameSize);
    }

    private static void requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration: " + d);
        }
    }

    private static void requireVarInt(long v, String name) {
        if (v < 0 || v > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be in 0..2^62-1: " + v);
        }
    }
}
