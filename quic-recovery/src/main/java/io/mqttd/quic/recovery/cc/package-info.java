/**
 * Congestion controllers behind {@link io.mqttd.quic.recovery.cc.CongestionController}: NewReno
 * (RFC 9002 §7, Appendix B) and CUBIC (RFC 9438), sharing slow start, the recovery period and
 * persistent congestion in {@link io.mqttd.quic.recovery.cc.WindowBasedController}.
 */
package io.mqttd.quic.recovery.cc;
