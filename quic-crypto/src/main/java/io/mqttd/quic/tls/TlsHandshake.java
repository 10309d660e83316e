package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import io.mqttd.quic.tls.message.HandshakeCodec;
import io.mqttd.quic.tls.message.HandshakeMessage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the client and server handshakes share (RFC 9001 §4.1): CRYPTO bytes in per encryption
 * level, reassembled into messages; events out, in order. Sans-IO: no socket, thread or clock.
 * Not thread-safe; one connection's event loop drives it.
 *
 * <p>Failure is sticky: after the first {@link TlsAlertException} every call rethrows it.
 */
public abstract sealed class TlsHandshake permits ClientHandshake, ServerHandshake {
    final Deque<TlsEvent> events = new ArrayDeque<>();
    final TranscriptHash transcript = new TranscriptHash();
    private final HandshakeReader[] readers = new HandshakeReader[EncryptionLevel.values().length];
    private final KeyLogSink keyLog;
    EncryptionLevel readLevel = EncryptionLevel.INITIAL;
    KeySchedule keys;
    CipherSuite suite;
    byte[] clientRandom;
    byte[] exporterMasterSecret;
    private TlsAlertException failure;
    private boolean complete;

    TlsHandshake(int maxMessageSize, KeyLogSink keyLog) {
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new HandshakeReader(maxMessageSize);
        }
        this.keyLog = keyLog;
    }

    /**
     * Feeds the in-order contents of CRYPTO frames received at {@code level}. Data for a later
     * level than the current one is held until the handshake gets there (RFC 9001 §4.1.3).
     *
     * @throws TlsAlertException the alert to close the connection with (RFC 9001 §4.8)
     */
    public final void handle(EncryptionLevel level, byte[] data, int offset, int length) {
        if (failure != null) {
            throw failure;
        }
        try {
            if (level == EncryptionLevel.EARLY_DATA) {
                // RFC 9001 §8.3: CRYPTO frames are never sent in 0-RTT packets.
                throw TlsAlertException.unexpectedMessage("handshake data in 0-RTT");
            }
            if (level.ordinal() < readLevel.ordinal()) {
                throw TlsAlertException.unexpectedMessage("handshake data at " + level + " after moving to " + readLevel);
            }
            readers[level.ordinal()].add(data, offset, length);
            drain();
        } catch (TlsAlertException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            // A bug of ours must still close the connection cleanly (RFC 8446 §6.2 internal_error).
            failure = new TlsAlertException(Alert.INTERNAL_ERROR, "internal error: " + e, e);
            throw failure;
        }
    }

    public final void handle(EncryptionLevel level, byte[] data) {
        handle(level, data, 0, data.length);
    }

    public final void handle(EncryptionLevel level, ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        handle(level, copy, 0, copy.length);
    }

    private void drain() {
        while (true) {
            EncryptionLevel level = readLevel;
            byte[] message = readers[level.ordinal()].next();
            if (message == null) {
                return;
            }
            int type = HandshakeReader.type(message);
            HandshakeMessage decoded = HandshakeCodec.decode(type, HandshakeReader.body(message));
            process(level, decoded, message);
            if (readLevel != level && readers[level.ordinal()].hasPartialData()) {
                // RFC 9001 §4.1.3: data left at a level TLS has moved past.
                throw TlsAlertException.unexpectedMessage("handshake bytes left at " + level + " after a key change");
            }
        }
    }

    /** One complete, decoded message received at {@code level}; {@code raw} includes the header. */
    abstract void process(EncryptionLevel level, HandshakeMessage message, byte[] raw);

    /** The next event, or null when there is none. */
    public final TlsEvent poll() {
        return events.poll();
    }

    public final boolean isComplete() {
        return complete;
    }

    /** The negotiated suite, or null before the ServerHello. */
    public final CipherSuite cipherSuite() {
        return suite;
    }

    /**
     * TLS-Exporter(label, context_value, key_length) of RFC 8446 §7.5, available once the server
     * Finished has been sent or verified.
     *
     * @throws IllegalStateException before that point
     */
    public final byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (exporterMasterSecret == null) {
            throw new IllegalStateException("no exporter secret before the server Finished");
        }
        io.mqttd.quic.crypto.Hkdf hkdf = suite.hkdf();
        byte[] secret = hkdf.deriveSecret(exporterMasterSecret, label, hkdf.hash(new byte[0]));
        return hkdf.expandLabel(secret, "exporter", hkdf.hash(context == null ? new byte[0] : context), length);
    }

    final void send(EncryptionLevel level, HandshakeMessage message) {
        byte[] bytes = HandshakeCodec.encode(message);
        transcript.add(bytes);
        sendRaw(level, bytes);
    }

    final void sendRaw(EncryptionLevel level, byte[] bytes) {
        TlsEvent last = events.peekLast();
        if (last instanceof TlsEvent.HandshakeData d && d.level() == level) {
            byte[] joined = new byte[d.data().length + bytes.length];
            System.arraycopy(d.data(), 0, joined, 0, d.data().length);
            System.arraycopy(bytes, 0, joined, d.data().length, bytes.length);
            events.pollLast();
            events.add(new TlsEvent.HandshakeData(level, joined));
        } else {
            events.add(new TlsEvent.HandshakeData(level, bytes));
        }
    }

    final void secret(EncryptionLevel level, TlsEvent.Direction direction, CipherSuite s, byte[] secret, String keyLogLabel) {
        events.add(new TlsEvent.SecretAvailable(level, direction, s, secret));
        if (keyLog != null && keyLogLabel != null) {
            keyLog.log(keyLogLabel, clientRandom, secret);
        }
    }

    final void logSecret(String label, byte[] secret) {
        if (keyLog != null) {
            keyLog.log(label, clientRandom, secret);
        }
    }

    final void completed() {
        complete = true;
        events.add(new TlsEvent.HandshakeComplete(suite));
    }

    /** Finished check (RFC 8446 §4.4.4), constant time. */
    static void checkFinished(byte[] expected, HandshakeMessage.Finished finished) {
        if (finished.verifyData().length != expected.length) {
            throw TlsAlertException.decodeError("Finished of " + finished.verifyData().length + " bytes");
        }
        if (!MessageDigest.isEqual(expected, finished.verifyData())) {
            throw new TlsAlertException(Alert.DECRYPT_ERROR, "Finished verify_data does not match");
        }
    }

    /** Parses a Certificate message's chain; unparseable certificates are bad_certificate (RFC 8446 §6.2). */
    static List<X509Certificate> parseChain(HandshakeMessage.Certificate certificate) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>(certificate.entries().size());
            for (HandshakeMessage.CertificateEntry e : certificate.entries()) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(e.certData())));
            }
            return chain;
        } catch (CertificateException | RuntimeException e) {
            throw new TlsAlertException(Alert.BAD_CERTIFICATE, "unparseable certificate: " + e.getMessage());
        }
    }

    /** Runs the user's verifier and maps its verdict to the alert its javadoc names. */
    static void verifyChain(CertificateChainVerifier verifier, List<X509Certificate> chain, String hostName) {
        try {
            verifier.verify(chain, hostName);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new TlsAlertException(Alert.CERTIFICATE_EXPIRED, "certificate not valid now: " + e.getMessage());
        } catch (CertificateChainVerifier.UnknownIssuerException e) {
            throw new TlsAlertException(Alert.UNKNOWN_CA, "unknown issuer: " + e.getMessage());
        } catch (CertificateException e) {
            throw new TlsAlertException(Alert.BAD_CERTIFICATE, "certificate refused: " + e.getMessage());
        }
    }

    static TlsAlertException unexpected(HandshakeMessage m, Object state) {
        return TlsAlertException.unexpectedMessage(m.getClass().getSimpleName() + " in state " + state);
    }
}
