package io.mqttd.quic.tls;

/**
 * Which QUIC rules the handshake enforces on top of RFC 8446. {@link #QUIC} is the default;
 * {@link #PLAIN_TLS} exists so published plain-TLS traces (RFC 8448) can be replayed.
 *
 * @param requireTransportParameters RFC 9001 §8.2: a missing quic_transport_parameters is a
 *     missing_extension alert
 * @param requireAlpn RFC 9001 §8.1: no ALPN agreement is a no_application_protocol alert
 * @param refuseLegacySessionId RFC 9001 §8.4: a server refuses a ClientHello asking for
 *     middlebox compatibility mode
 * @param requireEarlyDataSentinel RFC 9001 §4.6.1: a ticket's max_early_data_size is 0xffffffff
 */
public record QuicPolicy(boolean requireTransportParameters, boolean requireAlpn, boolean refuseLegacySessionId,
                         boolean requireEarlyDataSentinel) {
    public static final QuicPolicy QUIC = new QuicPolicy(true, true, true, true);
    public static final QuicPolicy PLAIN_TLS = new QuicPolicy(false, false, false, false);
}
