package io.mqttd.quic.connection.endpoint;

import io.mqttd.quic.connection.cid.StatelessResetTokens;
import io.mqttd.quic.connection.path.AddressValidationTokens;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.QuicVersion;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How a {@link QuicEndpoint} treats datagrams that no connection claims.
 *
 * @param connectionIdLength the length of every connection ID this endpoint issues; short headers
 *     do not carry it, so it must be fixed (RFC 9000 §5.1, §17.3.1); 8 to 20 bytes
 * @param maxConnections the most connections accepted at once; Initials beyond it are dropped
 * @param retry true to answer every client Initial without a valid token with a Retry (§8.1.2)
 * @param versions the versions accepted and listed in Version Negotiation (§6.1)
 * @param resetTokens the static key of stateless reset tokens (§10.3.2); shared with the connections
 * @param addressTokens the key of Retry and NEW_TOKEN tokens (§8.1)
 * @param maxStatelessResponsesQueued Version Negotiation, Retry and Stateless Reset packets waiting
 *     to be sent; beyond it responses are dropped, a rate limit on what strangers can make us send
 * @param wallClockMillis the clock tokens carry (tokens outlive {@code System.nanoTime} origins)
 */
public record EndpointConfig(int connectionIdLength, int maxConnections, boolean retry, List<QuicVersion> versions,
        StatelessResetTokens resetTokens, AddressValidationTokens addressTokens, int maxStatelessResponsesQueued,
        LongSupplier wallClockMillis) {

    /** RFC 9000 §7.2: a client's first Destination Connection ID has at least 8 bytes. */
    public static final int MIN_CONNECTION_ID_LENGTH = 8;

    public EndpointConfig {
        if (connectionIdLength < MIN_CONNECTION_ID_LENGTH || connectionIdLength > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID length must be 8..20 bytes, not " + connectionIdLength);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max connections must not be negative: " + maxConnections);
        }
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs at least one QUIC version");
        }
        for (QuicVersion v : versions) {
            if (!v.isSupported()) {
                throw new IllegalArgumentException("unsupported QUIC version " + v);
            }
        }
        versions = List.copyOf(versions);
        if (resetTokens == null || addressTokens == null || wallClockMillis == null) {
            throw new IllegalArgumentException("reset tokens, address tokens and clock are required");
        }
        if (maxStatelessResponsesQueued < 1) {
            throw new IllegalArgumentException("at least one stateless response must be queueable");
        }
    }

    /** 8-byte connection IDs, 10 000 connections, no Retry, v1 and v2, random keys. */
    public static EndpointConfig defaults() {
        return new EndpointConfig(8, 10_000, false, List.of(QuicVersion.V1, QuicVersion.V2),
                StatelessResetTokens.random(), AddressValidationTokens.withRandomKey(), 64, System::currentTimeMillis);
    }

    public EndpointConfig withRetry(boolean on) {
        return new EndpointConfig(connectionIdLength, maxConnections, on, versions, resetTokens, addressTokens,
                maxStatelessResponsesQueued, wallClockMillis);
    }

    public EndpointConfig withMaxConnections(int max) {
        return new EndpointConfig(connectionIdLength, max, retry, versions, resetTokens, addressTokens,
                maxStatelessResponsesQueued, wallClockMillis);
    }

    public EndpointConfig withConnectionIdLength(int length) {
        return new EndpointConfig(length, maxConnections, retry, versions, resetTokens, addressTokens,
                maxStatelessResponsesQueued, wallClockMillis);
    }

    public EndpointConfig withVersions(List<QuicVersion> accepted) {
        return new EndpointConfig(connectionIdLength, maxConnections, retry, accepted, resetTokens, addressTokens,
                maxStatelessResponsesQueued, wallClockMillis);
    }

    public EndpointConfig withWallClock(LongSupplier clockMillis) {
        return new EndpointConfig(connectionIdLength, maxConnections, retry, versions, resetTokens, addressTokens,
                maxStatelessResponsesQueued, clockMillis);
    }

    public EndpointConfig withResetTokens(StatelessResetTokens tokens) {
        return new EndpointConfig(connectionIdLength, maxConnections, retry, versions, tokens, addressTokens,
                maxStatelessResponsesQueued, wallClockMillis);
    }
}
