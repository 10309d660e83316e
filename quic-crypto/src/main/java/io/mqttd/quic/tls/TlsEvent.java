package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the handshake hands to QUIC (RFC 9001 §4.1), in the order it must be acted upon: a secret
 * for a level always comes before the bytes to send at that level.
 */
public sealed interface TlsEvent {

    /** Handshake bytes to send in CRYPTO frames at {@code level}. */
    record HandshakeData(EncryptionLevel level, byte[] data) implements TlsEvent {
    }

    /** Which way a traffic secret protects packets. */
    enum Direction { READ, WRITE }

    /** A traffic secret for one direction of a level (RFC 9001 §4.1.4, §5.1). */
    record SecretAvailable(EncryptionLevel level, Direction direction, CipherSuite suite, byte[] secret)
            implements TlsEvent {
    }

    /** The ALPN protocol in use (RFC 9001 §8.1). */
    record AlpnSelected(String protocol) implements TlsEvent {
    }

    /** The peer's quic_transport_parameters, opaque here (RFC 9001 §8.2). */
    record PeerTransportParameters(byte[] parameters) implements TlsEvent {
    }

    /** The peer's certificate chain, end-entity first, after it was verified. */
    record PeerCertificates(List<X509Certificate> chain) implements TlsEvent {
    }

    /** RFC 9001 §4.1.1: the handshake is complete (client: Finished sent; server: client Finished verified). */
    record HandshakeComplete(CipherSuite suite) implements TlsEvent {
    }

    /** Client: a NewSessionTicket arrived; store it to resume later. */
    record SessionTicketReceived(SessionTicket ticket) implements TlsEvent {
    }

    /** 0-RTT data was accepted (RFC 9001 §4.6.1). */
    record EarlyDataAccepted() implements TlsEvent {
    }

    /** 0-RTT data was offered but refused: the client must resend it in 1-RTT (RFC 9001 §4.6.2). */
    record EarlyDataRejected() implements TlsEvent {
    }
}
