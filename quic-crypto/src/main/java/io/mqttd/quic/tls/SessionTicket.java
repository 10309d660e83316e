package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.tls.message.WireReader;
import io.mqttd.quic.tls.message.WireWriter;
import java.nio.charset.StandardCharsets;

/**
 * What a client keeps from a NewSessionTicket (RFC 8446 §4.6.1) to resume later: the PSK derived
 * from the resumption master secret and the ticket nonce, the opaque ticket, the age obfuscation
 * and lifetime, the ALPN and suite 0-RTT must repeat (RFC 8446 §4.2.10), and the server's
 * transport parameters that 0-RTT must remember (RFC 9000 §7.4.1). It can be written to bytes so
 * another process can resume.
 *
 * @param maxEarlyDataSize 0xffffffff when a QUIC server allows 0-RTT (RFC 9001 §4.6.1), else 0
 */
public record SessionTicket(String serverName, String alpn, CipherSuite suite, byte[] psk, byte[] ticket,
                            long lifetimeSeconds, long ageAdd, long receivedAtMillis, long maxEarlyDataSize,
                            byte[] serverTransportParameters) {

    private static final int FORMAT_VERSION = 1;

    /** RFC 8446 §4.6.1: a ticket is not used past its lifetime (at most 7 days). */
    public boolean isValidAt(long nowMillis) {
        long age = nowMillis - receivedAtMillis;
        return age >= 0 && age < lifetimeSeconds * 1000;
    }

    /** Whether the server allows 0-RTT with this ticket (QUIC tickets say 0xffffffff or nothing, RFC 9001 §4.6.1). */
    public boolean allowsEarlyData() {
        return maxEarlyDataSize > 0;
    }

    /** obfuscated_ticket_age = (age in ms + ticket_age_add) mod 2^32 (RFC 8446 §4.2.11.1). */
    long obfuscatedAge(long nowMillis) {
        return ((nowMillis - receivedAtMillis) + ageAdd) & 0xffffffffL;
    }

    /** Serialises the ticket; the PSK is a secret, so store the bytes as carefully as a private key. */
    public byte[] toBytes() {
        WireWriter w = new WireWriter(256 + ticket.length);
        w.u8(FORMAT_VERSION);
        w.opaque(2, serverName == null ? new byte[0] : serverName.getBytes(StandardCharsets.UTF_8));
        w.opaque(1, alpn.getBytes(StandardCharsets.ISO_8859_1));
        w.u16(suite.code());
        w.opaque(1, psk);
        w.opaque(2, ticket);
        w.u32(lifetimeSeconds).u32(ageAdd).u32(receivedAtMillis >>> 32).u32(receivedAtMillis & 0xffffffffL);
        w.u32(maxEarlyDataSize);
        w.opaque(2, serverTransportParameters);
        return w.toByteArray();
    }

    /**
     * Reads what {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a stored ticket
     */
    public static SessionTicket fromBytes(byte[] bytes) {
        try {
            WireReader r = new WireReader(bytes);
            if (r.u8() != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown session ticket format");
            }
            byte[] name = r.opaque(2, 0, 0xffff);
            String alpn = new String(r.opaque(1, 0, 0xff), StandardCharsets.ISO_8859_1);
            CipherSuite suite = CipherSuite.of(r.u16());
            if (suite == null) {
                throw new IllegalArgumentException("unknown cipher suite in stored ticket");
            }
            byte[] psk = r.opaque(1, 0, 0xff);
            byte[] ticket = r.opaque(2, 1, 0xffff);
            long lifetime = r.u32();
            long ageAdd = r.u32();
            long received = (r.u32() << 32) | r.u32();
            long maxEarly = r.u32();
            byte[] tp = r.opaque(2, 0, 0xffff);
            r.expectEnd("session ticket");
            return new SessionTicket(name.length == 0 ? null : new String(name, StandardCharsets.UTF_8), alpn, suite,
                    psk, ticket, lifetime, ageAdd, received, maxEarly, tp);
        } catch (TlsAlertException e) {
            throw new IllegalArgumentException("malformed stored session ticket: " + e.getMessage(), e);
        }
    }
}
