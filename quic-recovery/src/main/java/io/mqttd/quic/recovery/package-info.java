/**
 * QUIC loss recovery, RFC 9002, as sans-IO state machines driven with explicit timestamps.
 *
 * <p>Sender side: {@link io.mqttd.quic.recovery.LossRecovery} (sent packets, RTT, loss detection,
 * PTO, congestion window, pacing, ECN validation) reporting each packet's fate to a
 * {@link io.mqttd.quic.recovery.RecoveryListener}. Receiver side:
 * {@link io.mqttd.quic.recovery.ReceivedPacketTracker} (duplicates, ACK ranges, ACK timing, ACK
 * frames, RFC 9000 §13.2). Congestion controllers live in {@code io.mqttd.quic.recovery.cc}.
 * Start with {@code spec-notes/rfc9002.md} for the map from RFC sections to code.
 */
package io.mqttd.quic.recovery;
