package io.mqttd.quic.frame;

/**
 * Which side of the connection an endpoint is. Transport parameter decoding needs the sender's role:
 * RFC 9000 §18.2 forbids clients to send the server-only parameters.
 */
public enum EndpointRole {
    CLIENT,
    SERVER
}
