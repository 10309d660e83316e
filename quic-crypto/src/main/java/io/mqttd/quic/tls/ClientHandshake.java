package io.mqttd.quic.tls;

import static io.mqttd.quic.tls.TlsEvent.Direction.READ;
import static io.mqttd.quic.tls.TlsEvent.Direction.WRITE;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.crypto.Hkdf;
import io.mqttd.quic.tls.message.Extension;
import io.mqttd.quic.tls.message.Extension.*;
import io.mqttd.quic.tls.message.ExtensionCodec;
import io.mqttd.quic.tls.message.HandshakeCodec;
import io.mqttd.quic.tls.message.HandshakeMessage;
import io.mqttd.quic.tls.message.HandshakeMessage.*;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The client side of the TLS 1.3 handshake for QUIC. The states are those of RFC 8446
 * Appendix A.1:
 *
 * <pre>
 *   START -&gt; WAIT_SH -&gt; WAIT_EE -&gt; WAIT_CERT_CR -&gt; WAIT_CERT -&gt; WAIT_CV -&gt; WAIT_FINISHED -&gt; CONNECTED
 *                            \-- (PSK) ------------------------------------/
 * </pre>
 *
 * A HelloRetryRequest sends a second ClientHello and stays in WAIT_SH (§4.1.4). Usage: construct,
 * {@link #start()}, then alternate {@link #handle} and {@link #poll}.
 */
public final class ClientHandshake extends TlsHandshake {
    enum State { START, WAIT_SH, WAIT_EE, WAIT_CERT_CR, WAIT_CERT, WAIT_CV, WAIT_FINISHED, CONNECTED }

    private static final int TLS13 = 0x0304;
    private static final int PSK_DHE_KE = 1;

    private final TlsClientConfig config;
    private final String serverName;
    private final byte[] transportParameters;
    private final SessionTicket ticket;
    private State state = State.START;
    private List<KeyExchange> shares = new ArrayList<>();
    private boolean retried;
    private CipherSuite retrySuite;
    private byte[] cookie;
    private boolean offeringPsk;
    private boolean offeredEarlyData;
    private boolean pskAccepted;
    private CertificateRequest certificateRequest;
    private List<X509Certificate> serverChain;
    private byte[] clientHandshakeSecret;
    private byte[] serverHandshakeSecret;
    private byte[] resumptionMasterSecret;
    private String alpn;
    private byte[] peerTransportParameters;
    private UnaryOperator<ClientHello> helloRewriter = UnaryOperator.identity();
    private final java.util.Set<Integer> sentExtensions = new java.util.HashSet<>();

    /**
     * @param serverName the name to send in server_name and to check the certificate against;
     *     null for none (RFC 6066 §3 forbids IP literals, the caller passes null for them)
     * @param transportParameters this connection's encoded quic_transport_parameters, or null
     *     to send none (plain TLS only)
     * @param ticket a stored ticket to resume with, or null; ignored if expired or unusable
     */
    public ClientHandshake(TlsClientConfig config, String serverName, byte[] transportParameters, SessionTicket ticket) {
        super(config.maxHandshakeMessageSize, config.keyLog);
        this.config = config;
        this.serverName = serverName;
        this.transportParameters = transportParameters == null ? null : transportParameters.clone();
        long now = config.clock.getAsLong();
        this.ticket = ticket != null && ticket.isValidAt(now) && config.cipherSuites.contains(ticket.suite())
                && (serverName == null || serverName.equals(ticket.serverName())) ? ticket : null;
    }

    /** Test seam: rewrites each ClientHello before it is bound by binders and sent (trace replay). */
    void helloRewriter(UnaryOperator<ClientHello> rewriter) {
        helloRewriter = rewriter;
    }

    /** Sends the first ClientHello (Initial level), and the 0-RTT write secret when resuming with early data. */
    public void start() {
        if (state != State.START) {
            throw new IllegalStateException("already started");
        }
        clientRandom = new byte[32];
        config.random.nextBytes(clientRandom);
        for (NamedGroup g : config.keyShareGroups) {
            shares.add(config.keyExchangeFactory.generate(g));
        }
        offeringPsk = ticket != null;
        offeredEarlyData = offeringPsk && config.offerEarlyData && ticket.allowsEarlyData()
                && (ticket.alpn().isEmpty() ? config.alpnProtocols.isEmpty() : config.alpnProtocols.contains(ticket.alpn()));
        byte[] hello = sendClientHello();
        if (offeredEarlyData) {
            // RFC 8446 §7.1: client_early_traffic_secret over ClientHello, with the ticket's hash.
            Hkdf hkdf = ticket.suite().hkdf();
            KeySchedule early = new KeySchedule(hkdf).early(ticket.psk());
            byte[] secret = early.clientEarlyTrafficSecret(hkdf.hash(hello));
            secret(EncryptionLevel.EARLY_DATA, WRITE, ticket.suite(), secret, "CLIENT_EARLY_TRAFFIC_SECRET");
        }
        state = State.WAIT_SH;
    }

    private byte[] sendClientHello() {
        List<Extension> ext = new ArrayList<>();
        if (serverName != null) {
            ext.add(new ServerName(serverName));
        }
        ext.add(new SupportedVersions(List.of(TLS13)));
        ext.add(new SupportedGroups(config.groups.stream().map(NamedGroup::code).toList()));
        List<KeyShareEntry> entries = new ArrayList<>();
        for (KeyExchange k : shares) {
            entries.add(new KeyShareEntry(k.group().code(), k.publicKey()));
        }
        ext.add(new KeyShareClientHello(entries));
        ext.add(new SignatureAlgorithms(handshakeSchemes(), false));
        ext.add(new SignatureAlgorithms(config.signatureSchemes.stream().map(SignatureScheme::code).toList(), true));
        if (!config.alpnProtocols.isEmpty()) {
            ext.add(new Alpn(config.alpnProtocols));
        }
        if (transportParameters != null) {
            ext.add(new QuicTransportParameters(transportParameters));
        }
        // RFC 8446 §4.2.9: without psk_key_exchange_modes the server cannot send tickets.
        ext.add(new PskKeyExchangeModes(List.of(PSK_DHE_KE)));
        if (cookie != null) {
            ext.add(new Cookie(cookie));
        }
        if (offeredEarlyData && !retried) {
            ext.add(new EarlyData(-1));
        }
        int binderLength = 0;
        if (offeringPsk) {
            binderLength = ticket.suite().hkdf().hashLength();
            long age = ticket.obfuscatedAge(config.clock.getAsLong());
            ext.add(new PreSharedKeyClientHello(List.of(new PskIdentity(ticket.ticket(), age)),
                    List.of(new byte[binderLength])));
        }
        ClientHello hello = helloRewriter.apply(new ClientHello(clientRandom, new byte[0],
                config.cipherSuites.stream().map(CipherSuite::code).toList(), ext));
        byte[] bytes = HandshakeCodec.encode(hello);
        for (Extension e : hello.extensions()) {
            sentExtensions.add(e.type());
        }
        if (offeringPsk) {
            // RFC 8446 §4.2.11.2: the binder covers the ClientHello up to the binders list.
            Hkdf hkdf = ticket.suite().hkdf();
            int truncated = bytes.length - (2 + 1 + binderLength);
            byte[] partial = java.util.Arrays.copyOf(bytes, truncated);
            byte[] binderKey = new KeySchedule(hkdf).early(ticket.psk()).resumptionBinderKey();
            byte[] binder = KeySchedule.finishedVerifyData(hkdf, binderKey, transcript.currentWith(hkdf, partial));
            System.arraycopy(binder, 0, bytes, bytes.length - binderLength, binderLength);
        }
        transcript.add(bytes);
        sendRaw(EncryptionLevel.INITIAL, bytes);
        return bytes;
    }

    private List<Integer> handshakeSchemes() {
        return config.signatureSchemes.stream().filter(SignatureScheme::usableInCertificateVerify)
                .map(SignatureScheme::code).toList();
    }

    @Override
    void process(EncryptionLevel level, HandshakeMessage m, byte[] raw) {
        switch (state) {
            case WAIT_SH -> {
                if (!(m instanceof ServerHello sh)) {
                    throw unexpected(m, state);
                }
                if (sh.isHelloRetryRequest()) {
                    onHelloRetryRequest(sh, raw);
                } else {
                    onServerHello(sh, raw);
                }
            }
            case WAIT_EE -> {
                if (!(m instanceof EncryptedExtensions ee)) {
                    throw unexpected(m, state);
                }
                onEncryptedExtensions(ee, raw);
            }
            case WAIT_CERT_CR -> {
                if (m instanceof CertificateRequest cr) {
                    onCertificateRequest(cr, raw);
                } else if (m instanceof Certificate c) {
                    onCertificate(c, raw);
                } else {
                    throw unexpected(m, state);
                }
            }
            case WAIT_CERT -> {
                if (!(m instanceof Certificate c)) {
                    throw unexpected(m, state);
                }
                onCertificate(c, raw);
            }
            case WAIT_CV -> {
                if (!(m instanceof CertificateVerify cv)) {
                    throw unexpected(m, state);
                }
                onCertificateVerify(cv, raw);
            }
            case WAIT_FINISHED -> {
                if (!(m instanceof Finished f)) {
                    throw unexpected(m, state);
                }
                onFinished(f, raw);
            }
            case CONNECTED -> {
                // RFC 9001 §4.4: no post-handshake authentication; only tickets come after the handshake.
                if (!(m instanceof NewSessionTicket t)) {
                    throw unexpected(m, state);
                }
                onNewSessionTicket(t);
            }
            default -> throw unexpected(m, state);
        }
    }

    private CipherSuite offeredSuite(int code) {
        CipherSuite s = CipherSuite.of(code);
        if (s == null || !config.cipherSuites.contains(s)) {
            throw TlsAlertException.illegalParameter("server chose a cipher suite not offered: 0x" + Integer.toHexString(code));
        }
        return s;
    }

    private static void checkSelectedVersion(List<Extension> extensions) {
        SelectedVersion v = ExtensionCodec.find(extensions, SelectedVersion.class);
        if (v == null) {
            // RFC 8446 §4.1.3: without supported_versions the server speaks TLS 1.2 or older.
            throw new TlsAlertException(Alert.PROTOCOL_VERSION, "server did not select TLS 1.3");
        }
        if (v.version() != TLS13) {
            throw TlsAlertException.illegalParameter("server selected version 0x" + Integer.toHexString(v.version()));
        }
    }

    private void refuseUnsolicited(List<Extension> extensions) {
        for (Extension e : extensions) {
            // RFC 8446 §4.2: responses only to extensions the client sent; the cookie is the server's own.
            if (!sentExtensions.contains(e.type()) && !(e instanceof Cookie)) {
                throw new TlsAlertException(Alert.UNSUPPORTED_EXTENSION, "unsolicited extension " + e.type());
            }
        }
    }

    private void onHelloRetryRequest(ServerHello hrr, byte[] raw) {
        if (retried) {
            // RFC 8446 §4.1.4: a second HelloRetryRequest.
            throw TlsAlertException.unexpectedMessage("second HelloRetryRequest");
        }
        refuseUnsolicited(hrr.extensions());
        checkSelectedVersion(hrr.extensions());
        if (hrr.legacySessionIdEcho().length != 0) {
            throw TlsAlertException.illegalParameter("legacy_session_id_echo does not match");
        }
        CipherSuite s = offeredSuite(hrr.cipherSuite());
        KeyShareHelloRetryRequest ks = ExtensionCodec.find(hrr.extensions(), KeyShareHelloRetryRequest.class);
        Cookie c = ExtensionCodec.find(hrr.extensions(), Cookie.class);
        if (ks == null && c == null) {
            // RFC 8446 §4.1.4: an HRR that would not change the ClientHello.
            throw TlsAlertException.illegalParameter("HelloRetryRequest changes nothing");
        }
        if (ks != null) {
            NamedGroup g = NamedGroup.of(ks.selectedGroup());
            if (g == null || !config.groups.contains(g) || shares.stream().anyMatch(k -> k.group() == g)) {
                // RFC 8446 §4.2.8: a group not offered, or one a share was already sent for.
                throw TlsAlertException.illegalParameter("HelloRetryRequest for group 0x" + Integer.toHexString(ks.selectedGroup()));
            }
            shares = new ArrayList<>(List.of(config.keyExchangeFactory.generate(g)));
        }
        retried = true;
        retrySuite = s;
        suite = s;
        cookie = c == null ? null : c.cookie();
        transcript.replaceWithMessageHash(s.hkdf());
        transcript.add(raw);
        if (offeredEarlyData) {
            // RFC 8446 §4.2.10: no early data after a HelloRetryRequest.
            events.add(new TlsEvent.EarlyDataRejected());
            offeredEarlyData = false;
        }
        if (offeringPsk && ticket.suite().hkdf() != s.hkdf()) {
            offeringPsk = false;
        }
        sendClientHello();
    }

    private void onServerHello(ServerHello sh, byte[] raw) {
        refuseUnsolicited(sh.extensions());
        checkSelectedVersion(sh.extensions());
        if (sh.legacySessionIdEcho().length != 0) {
            throw TlsAlertException.illegalParameter("legacy_session_id_echo does not match");
        }
        CipherSuite s = offeredSuite(sh.cipherSuite());
        if (retried && s != retrySuite) {
            // RFC 8446 §4.1.4: the suite must match the HelloRetryRequest's.
            throw TlsAlertException.illegalParameter("ServerHello suite differs from HelloRetryRequest");
        }
        suite = s;
        PreSharedKeyServerHello psk = ExtensionCodec.find(sh.extensions(), PreSharedKeyServerHello.class);
        if (psk != null) {
            if (!offeringPsk || psk.selectedIdentity() != 0) {
                throw TlsAlertException.illegalParameter("server selected PSK identity " + psk.selectedIdentity());
            }
            if (ticket.suite().hkdf() != s.hkdf()) {
                // RFC 8446 §4.2.11: the suite must share the PSK's hash.
                throw TlsAlertException.illegalParameter("PSK used with a suite of another hash");
            }
            pskAccepted = true;
        }
        KeyShareServerHello ks = ExtensionCodec.find(sh.extensions(), KeyShareServerHello.class);
        if (ks == null) {
            // This client offers psk_dhe_ke only, so a key share is always needed (RFC 8446 §9.2).
            throw new TlsAlertException(Alert.MISSING_EXTENSION, "ServerHello without key_share");
        }
        KeyExchange mine = shares.stream().filter(k -> k.group().code() == ks.share().group()).findFirst()
                .orElseThrow(() -> TlsAlertException.illegalParameter("server key share for a group not offered"));
        byte[] shared = mine.sharedSecret(ks.share().keyExchange());
        transcript.fix(s.hkdf());
        transcript.add(raw);
        keys = new KeySchedule(s.hkdf()).early(pskAccepted ? ticket.psk() : null).handshake(shared);
        byte[] helloHash = transcript.current();
        clientHandshakeSecret = keys.clientHandshakeTrafficSecret(helloHash);
        serverHandshakeSecret = keys.serverHandshakeTrafficSecret(helloHash);
        secret(EncryptionLevel.HANDSHAKE, READ, s, serverHandshakeSecret, "SERVER_HANDSHAKE_TRAFFIC_SECRET");
        secret(EncryptionLevel.HANDSHAKE, WRITE, s, clientHandshakeSecret, "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
        readLevel = EncryptionLevel.HANDSHAKE;
        state = State.WAIT_EE;
    }

    private void onEncryptedExtensions(EncryptedExtensions ee, byte[] raw) {
        refuseUnsolicited(ee.extensions());
        Alpn a = ExtensionCodec.find(ee.extensions(), Alpn.class);
        if (a != null) {
            // RFC 7301 §3.1: exactly one of the protocols the client offered.
            if (a.protocols().size() != 1 || !config.alpnProtocols.contains(a.protocols().get(0))) {
                throw TlsAlertException.illegalParameter("server selected an ALPN protocol not offered");
            }
            alpn = a.protocols().get(0);
            events.add(new TlsEvent.AlpnSelected(alpn));
        } else if (config.quicPolicy.requireAlpn()) {
            throw new TlsAlertException(Alert.NO_APPLICATION_PROTOCOL, "server selected no ALPN protocol (RFC 9001 §8.1)");
        }
        QuicTransportParameters tp = ExtensionCodec.find(ee.extensions(), QuicTransportParameters.class);
        if (tp != null) {
            peerTransportParameters = tp.parameters();
            events.add(new TlsEvent.PeerTransportParameters(tp.parameters()));
        } else if (config.quicPolicy.requireTransportParameters()) {
            throw new TlsAlertException(Alert.MISSING_EXTENSION, "no quic_transport_parameters (RFC 9001 §8.2)");
        }
        boolean earlyAccepted = ExtensionCodec.find(ee.extensions(), EarlyData.class) != null;
        if (earlyAccepted && !offeredEarlyData) {
            throw new TlsAlertException(Alert.UNSUPPORTED_EXTENSION, "early_data accepted but not offered");
        }
        if (earlyAccepted && !pskAccepted) {
            // RFC 8446 §4.2.10: accepting early data requires the first PSK to be selected.
            throw TlsAlertException.illegalParameter("early_data accepted without the offered PSK");
        }
        if (offeredEarlyData) {
            if (earlyAccepted && alpn != null && !alpn.equals(ticket.alpn())) {
                // RFC 8446 §4.2.10: 0-RTT requires the ALPN of the original connection.
                throw TlsAlertException.illegalParameter("early data accepted with another ALPN");
            }
            events.add(earlyAccepted ? new TlsEvent.EarlyDataAccepted() : new TlsEvent.EarlyDataRejected());
        }
        transcript.add(raw);
        state = pskAccepted ? State.WAIT_FINISHED : State.WAIT_CERT_CR;
    }

    private void onCertificateRequest(CertificateRequest cr, byte[] raw) {
        if (cr.context().length != 0) {
            // RFC 8446 §4.3.2: empty during the handshake.
            throw TlsAlertException.illegalParameter("non-empty certificate_request_context");
        }
        if (ExtensionCodec.findType(cr.extensions(), io.mqttd.quic.tls.message.ExtensionType.SIGNATURE_ALGORITHMS) == null) {
            throw new TlsAlertException(Alert.MISSING_EXTENSION, "CertificateRequest without signature_algorithms");
        }
        certificateRequest = cr;
        transcript.add(raw);
        state = State.WAIT_CERT;
    }

    private void onCertificate(Certificate c, byte[] raw) {
        if (c.context().length != 0) {
            throw TlsAlertException.illegalParameter("server Certificate with a request context");
        }
        if (c.entries().isEmpty()) {
            // RFC 8446 §4.4.2.4.
            throw TlsAlertException.decodeError("empty server Certificate");
        }
        for (CertificateEntry e : c.entries()) {
            refuseUnsolicited(e.extensions());
        }
        List<X509Certificate> chain = parseChain(c);
        verifyChain(config.verifier, chain, serverName);
        serverChain = chain;
        events.add(new TlsEvent.PeerCertificates(chain));
        transcript.add(raw);
        state = State.WAIT_CV;
    }

    private void onCertificateVerify(CertificateVerify cv, byte[] raw) {
        SignatureScheme scheme = SignatureScheme.of(cv.scheme());
        if (scheme == null || !scheme.usableInCertificateVerify() || !config.signatureSchemes.contains(scheme)) {
            // RFC 8446 §4.4.3: the algorithm must be one the client offered.
            throw TlsAlertException.illegalParameter("CertificateVerify with scheme 0x" + Integer.toHexString(cv.scheme()));
        }
        byte[] content = HandshakeSignatures.content(HandshakeSignatures.SERVER_CONTEXT, transcript.current());
        HandshakeSignatures.verify(scheme, serverChain.get(0).getPublicKey(), content, cv.signature());
        transcript.add(raw);
        state = State.WAIT_FINISHED;
    }

    private void onFinished(Finished f, byte[] raw) {
        Hkdf hkdf = suite.hkdf();
        checkFinished(KeySchedule.finishedVerifyData(hkdf, serverHandshakeSecret, transcript.current()), f);
        transcript.add(raw);
        keys.master();
        byte[] serverFinishedHash = transcript.current();
        byte[] clientAppSecret = keys.clientApplicationTrafficSecret(serverFinishedHash);
        byte[] serverAppSecret = keys.serverApplicationTrafficSecret(serverFinishedHash);
        exporterMasterSecret = keys.exporterMasterSecret(serverFinishedHash);
        logSecret("EXPORTER_SECRET", exporterMasterSecret);
        secret(EncryptionLevel.APPLICATION, READ, suite, serverAppSecret, "SERVER_TRAFFIC_SECRET_0");
        if (certificateRequest != null) {
            sendClientCertificate();
        }
        send(EncryptionLevel.HANDSHAKE,
                new Finished(KeySchedule.finishedVerifyData(hkdf, clientHandshakeSecret, transcript.current())));
        resumptionMasterSecret = keys.resumptionMasterSecret(transcript.current());
        secret(EncryptionLevel.APPLICATION, WRITE, suite, clientAppSecret, "CLIENT_TRAFFIC_SECRET_0");
        readLevel = EncryptionLevel.APPLICATION;
        state = State.CONNECTED;
        completed();
    }

    private void sendClientCertificate() {
        SignatureAlgorithms algs = (SignatureAlgorithms) ExtensionCodec.findType(certificateRequest.extensions(),
                io.mqttd.quic.tls.message.ExtensionType.SIGNATURE_ALGORITHMS);
        SignatureScheme scheme = config.signingKey == null ? null : config.signingKey.choose(algs.schemes());
        if (scheme == null) {
            // RFC 8446 §4.4.2: no suitable certificate, so an empty Certificate and no CertificateVerify.
            send(EncryptionLevel.HANDSHAKE, new Certificate(certificateRequest.context(), List.of()));
            return;
        }
        List<CertificateEntry> entries = new ArrayList<>();
        for (X509Certificate c : config.certificateChain) {
            try {
                entries.add(new CertificateEntry(c.getEncoded(), List.of()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new TlsAlertException(Alert.INTERNAL_ERROR, "cannot encode client certificate", e);
            }
        }
        send(EncryptionLevel.HANDSHAKE, new Certificate(certificateRequest.context(), entries));
        byte[] content = HandshakeSignatures.content(HandshakeSignatures.CLIENT_CONTEXT, transcript.current());
        send(EncryptionLevel.HANDSHAKE,
                new CertificateVerify(scheme.code(), config.signingKey.sign(scheme, content, config.secureRandom)));
    }

    private void onNewSessionTicket(NewSessionTicket t) {
        if (t.lifetimeSeconds() > 604800) {
            // RFC 8446 §4.6.1: at most seven days.
            throw TlsAlertException.illegalParameter("ticket lifetime over seven days");
        }
        EarlyData early = ExtensionCodec.find(t.extensions(), EarlyData.class);
        if (early != null && early.maxEarlyDataSize() != 0xffffffffL && config.quicPolicy.requireEarlyDataSentinel()) {
            // RFC 9001 §4.6.1 (a PROTOCOL_VIOLATION there; this engine only speaks alerts).
            throw TlsAlertException.illegalParameter("max_early_data_size must be 0xffffffff in QUIC");
        }
        if (t.lifetimeSeconds() == 0) {
            return;
        }
        byte[] psk = KeySchedule.resumptionPsk(suite.hkdf(), resumptionMasterSecret, t.nonce());
        SessionTicket st = new SessionTicket(serverName, alpn == null ? "" : alpn, suite, psk, t.ticket(),
                t.lifetimeSeconds(), t.ageAdd(), config.clock.getAsLong(), early == null ? 0 : early.maxEarlyDataSize(),
                peerTransportParameters == null ? new byte[0] : peerTransportParameters);
        events.add(new TlsEvent.SessionTicketReceived(st));
    }

    /** The ALPN protocol, once EncryptedExtensions arrived. */
    public String alpn() {
        return alpn;
    }

    /** The server's verified chain, or null (before it arrived, or when resuming). */
    public List<X509Certificate> serverCertificates() {
        return serverChain;
    }

    /** Whether the server accepted the offered ticket. */
    public boolean isResumed() {
        return pskAccepted;
    }
}
