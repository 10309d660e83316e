package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.tls.message.WireReader;
import io.mqttd.quic.tls.message.WireWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the server's resumption state into the opaque ticket of a NewSessionTicket
 * (RFC 8446 §4.6.1) with AES-256-GCM under a server ticket key, so the server keeps no per-ticket
 * state (RFC 5077 style). The 12-byte GCM nonce doubles as the ticket id for anti-replay.
 */
final class TicketProtector {
    private static final int VERSION = 1;
    private static final int NONCE_LENGTH = 12;
    private static final byte[] AAD = "mqttd tls13 ticket".getBytes(StandardCharsets.US_ASCII);

    /** The state a ticket carries. */
    record TicketState(byte[] id, CipherSuite suite, byte[] psk, String alpn, long ageAdd, long issuedAtMillis,
                       long lifetimeSeconds, long maxEarlyDataSize, byte[] transportParameters) {
    }

    private final SecretKeySpec key;
    private final List<SecretKeySpec> openKeys = new ArrayList<>();

    /**
     * @param ticketKey seals new tickets and opens them
     * @param previousKeys only open tickets, so that rotating the key does not void live tickets
     */
    TicketProtector(byte[] ticketKey, List<byte[]> previousKeys) {
        key = aesKey(ticketKey);
        openKeys.add(key);
        for (byte[] k : previousKeys) {
            openKeys.add(aesKey(k));
        }
    }

    private static SecretKeySpec aesKey(byte[] k) {
        if (k.length != 32) {
            throw new IllegalArgumentException("ticket key must be 32 bytes");
        }
        return new SecretKeySpec(k.clone(), "AES");
    }

    byte[] seal(TicketState s, byte[] nonce) {
        WireWriter w = new WireWriter(128 + s.transportParameters().length);
        w.u8(VERSION).u16(s.suite().code()).opaque(1, s.psk()).opaque(1, s.alpn().getBytes(StandardCharsets.ISO_8859_1));
        w.u32(s.ageAdd()).u32(s.issuedAtMillis() >>> 32).u32(s.issuedAtMillis() & 0xffffffffL);
        w.u32(s.lifetimeSeconds()).u32(s.maxEarlyDataSize()).opaque(2, s.transportParameters());
        byte[] plain = w.toByteArray();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(AAD);
            byte[] sealed = c.doFinal(plain);
            byte[] out = new byte[NONCE_LENGTH + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
            System.arraycopy(sealed, 0, out, NONCE_LENGTH, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new TlsAlertException(Alert.INTERNAL_ERROR, "ticket sealing failed", e);
        }
    }

    /** The state inside a ticket, or null if the ticket is not one of ours (forged, corrupted, old key). */
    TicketState open(byte[] ticket) {
        if (ticket.length < NONCE_LENGTH + 16) {
            return null;
        }
        byte[] nonce = Arrays.copyOf(ticket, NONCE_LENGTH);
        byte[] plain = null;
        for (SecretKeySpec k : openKeys) {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, nonce));
                c.updateAAD(AAD);
                plain = c.doFinal(ticket, NONCE_LENGTH, ticket.length - NONCE_LENGTH);
                break;
            } catch (GeneralSecurityException e) {
                // Not sealed under this key; try the previous ones.
            }
        }
        if (plain == null) {
            return null;
        }
        try {
            WireReader r = new WireReader(plain);
            if (r.u8() != VERSION) {
                return null;
            }
            CipherSuite suite = CipherSuite.of(r.u16());
            byte[] psk = r.opaque(1, 1, 0xff);
            String alpn = new String(r.opaque(1, 0, 0xff), StandardCharsets.ISO_8859_1);
            long ageAdd = r.u32();
            long issued = (r.u32() << 32) | r.u32();
            long lifetime = r.u32();
            long maxEarly = r.u32();
            byte[] tp = r.opaque(2, 0, 0xffff);
            r.expectEnd("ticket");
            return suite == null ? null
                    : new TicketState(nonce, suite, psk, alpn, ageAdd, issued, lifetime, maxEarly, tp);
        } catch (TlsAlertException e) {
            return null;
        }
    }
}
