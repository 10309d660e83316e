package io.mqttd.quic.connection;

/** The congestion controller a connection runs (RFC 9002 §7 NewReno, RFC 9438 CUBIC). */
public enum CongestionControl {
    NEW_RENO,
    CUBIC
}
