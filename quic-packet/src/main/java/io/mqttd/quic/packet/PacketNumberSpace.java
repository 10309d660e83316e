package io.mqttd.quic.packet;

/**
 * The three packet number spaces of RFC 9000 §12.3. 0-RTT and 1-RTT packets share the application
 * data space; each space has its own packet numbers, acknowledgements and loss recovery
 * (RFC 9002 §A.1).
 */
public enum PacketNumberSpace {
    INITIAL,
    HANDSHAKE,
    APPLICATION_DATA
}
