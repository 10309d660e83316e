package io.mqttd.quic.recovery;

/** The ECN field of the IP header, RFC 3168 §5, as QUIC uses it (RFC 9000 §13.4). */
public enum EcnCodepoint {
    NOT_ECT,
    ECT_1,
    ECT_0,
    CE
}
