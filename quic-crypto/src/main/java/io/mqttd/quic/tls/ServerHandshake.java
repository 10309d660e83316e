package io.mqttd.quic.tls;

import static io.mqttd.quic.tls.TlsEvent.Direction.READ;
import static io.mqttd.quic.tls.TlsEvent.Direction.WRITE;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.crypto.Hkdf;
import io.mqttd.quic.tls.message.Extension;
import io.mqttd.quic.tls.message.Extension.*;
import io.mqttd.quic.tls.message.ExtensionCodec;
import io.mqttd.quic.tls.message.ExtensionType;
import io.mqttd.quic.tls.message.HandshakeMessage;
import io.mqttd.quic.tls.message.HandshakeMessage.*;
import io.mqttd.quic.tls.message.WireReader;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server side of the TLS 1.3 handshake for QUIC. The states are those of RFC 8446
 * Appendix A.2 (QUIC has no EndOfEarlyData, so WAIT_EOED is skipped, RFC 9001 §8.3):
 *
 * <pre>
 *   START -(ClientHello)-&gt; [HelloRetryRequest -&gt; WAIT_CH2 -(ClientHello)-&gt;] NEGOTIATED
 *     -&gt; send ServerHello .. Finished -&gt; WAIT_FLIGHT2 -&gt; [WAIT_CERT -&gt; WAIT_CV -&gt;] WAIT_FINISHED -&gt; CONNECTED
 * </pre>
 */
public final class ServerHandshake extends TlsHandshake {
    enum State { START, WAIT_CH2, WAIT_CERT, WAIT_CV, WAIT_FINISHED, CONNECTED }

    private static final int TLS13 = 0x0304;
    private static final int PSK_DHE_KE = 1;
    /** RFC 8446 §8.3: how far the client's ticket age may differ from the server's view. */
    private static final long TICKET_AGE_WINDOW_MILLIS = 10_000;

    private final TlsServerConfig config;
    private final byte[] transportParameters;
    private State state = State.START;
    private CipherSuite retrySuite;
    private NamedGroup retryGroup;
    private byte[] retryClientHello1Hash;
    private boolean retried;
    private boolean pskResumed;
    private boolean clientWantsTickets;
    private String alpn;
    private String serverName;
    private byte[] clientHandshakeSecret;
    private byte[] clientAppSecret;
    private List<Integer> requestedSchemes;
    private List<X509Certificate> clientChain;

    /**
     * @param transportParameters this connection's encoded quic_transport_parameters, or null to
     *     send none (plain TLS only)
     */
    public ServerHandshake(TlsServerConfig config, byte[] transportParameters) {
        super(config.maxHandshakeMessageSize, config.keyLog);
        this.config = config;
        this.transportParameters = transportParameters == null ? null : transportParameters.clone();
    }

    @Override
    void process(EncryptionLevel level, HandshakeMessage m, byte[] raw) {
        switch (state) {
            case START, WAIT_CH2 -> {
                if (!(m instanceof ClientHello ch)) {
                    throw unexpected(m, state);
                }
                onClientHello(ch, raw);
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
            default -> throw unexpected(m, state);
        }
    }

    /** A ticket that opened and is within its lifetime, with the client's identity index. */
    private record Offered(int index, TicketProtector.TicketState state, long obfuscatedAge) {
    }

    private void onClientHello(ClientHello ch, byte[] raw) {
        List<Extension> ext = ch.extensions();
        SupportedVersions versions = ExtensionCodec.find(ext, SupportedVersions.class);
        if (versions == null || !versions.versions().contains(TLS13)) {
            // RFC 8446 §4.2.1: this server speaks nothing but TLS 1.3.
            throw new TlsAlertException(Alert.PROTOCOL_VERSION, "client does not offer TLS 1.3");
        }
        if (config.quicPolicy.refuseLegacySessionId() && ch.legacySessionId().length != 0) {
            // RFC 9001 §8.4 (PROTOCOL_VIOLATION there; this engine only speaks alerts).
            throw TlsAlertException.illegalParameter("middlebox compatibility mode is not allowed in QUIC");
        }
        Cookie cookie = ExtensionCodec.find(ext, Cookie.class);
        if (state == State.START && cookie != null) {
            resumeFromCookie(ch, cookie);
        }
        if (state == State.START) {
            clientRandom = ch.random();
        } else if (!Arrays.equals(clientRandom, ch.random())) {
            // RFC 8446 §4.1.2: the second ClientHello repeats the first except where the HRR asked.
            throw TlsAlertException.illegalParameter("second ClientHello with another random");
        }
        ServerName sni = ExtensionCodec.find(ext, ServerName.class);
        serverName = sni == null ? null : sni.hostName();

        Offered offered = findTicket(ext);
        CipherSuite chosen = chooseSuite(ch.cipherSuites(), offered);
        suite = chosen;
        Hkdf hkdf = chosen.hkdf();

        QuicTransportParameters tp = ExtensionCodec.find(ext, QuicTransportParameters.class);
        if (tp == null && config.quicPolicy.requireTransportParameters()) {
            throw new TlsAlertException(Alert.MISSING_EXTENSION, "no quic_transport_parameters (RFC 9001 §8.2)");
        }
        alpn = chooseAlpn(ExtensionCodec.find(ext, Alpn.class));

        SupportedGroups groups = ExtensionCodec.find(ext, SupportedGroups.class);
        KeyShareClientHello shares = ExtensionCodec.find(ext, KeyShareClientHello.class);
        if (groups == null || shares == null) {
            // RFC 8446 §9.2: (EC)DHE needs both; this server always does (EC)DHE.
            throw new TlsAlertException(Alert.MISSING_EXTENSION, "ClientHello without supported_groups or key_share");
        }
        for (KeyShareEntry e : shares.shares()) {
            if (!groups.groups().contains(e.group())) {
                // RFC 8446 §4.2.8: every share must be for an offered group.
                throw TlsAlertException.illegalParameter("key share for a group not in supported_groups");
            }
        }
        if (state == State.WAIT_CH2) {
            checkSecondHello(ext, shares);
        }
        KeyShareEntry clientShare = null;
        NamedGroup group = null;
        for (NamedGroup g : config.groups) {
            for (KeyShareEntry e : shares.shares()) {
                if (e.group() == g.code()) {
                    clientShare = e;
                    group = g;
                    break;
                }
            }
            if (clientShare != null) {
                break;
            }
        }
        PskKeyExchangeModes modes = ExtensionCodec.find(ext, PskKeyExchangeModes.class);
        clientWantsTickets = modes != null && modes.modes().contains(PSK_DHE_KE);
        if (clientShare == null) {
            sendHelloRetryRequest(ch, raw, groups, chosen);
            return;
        }

        PreSharedKeyClientHello pskOffer = ExtensionCodec.find(ext, PreSharedKeyClientHello.class);
        if (pskOffer != null && modes == null) {
            // RFC 8446 §4.2.9.
            throw new TlsAlertException(Alert.MISSING_EXTENSION, "pre_shared_key without psk_key_exchange_modes");
        }
        transcript.fix(hkdf);
        byte[] psk = null;
        if (offered != null && clientWantsTickets && offered.state().suite().hkdf() == hkdf) {
            checkBinder(raw, pskOffer, offered);
            psk = offered.state().psk();
            pskResumed = true;
        }
        SignatureScheme scheme = null;
        if (!pskResumed) {
            SignatureAlgorithms algs = (SignatureAlgorithms) ExtensionCodec.findType(ext, ExtensionType.SIGNATURE_ALGORITHMS);
            if (algs == null) {
                throw new TlsAlertException(Alert.MISSING_EXTENSION, "ClientHello without signature_algorithms");
            }
            scheme = config.signingKey.choose(algs.schemes());
            if (scheme == null) {
                throw new TlsAlertException(Alert.HANDSHAKE_FAILURE, "no common signature scheme");
            }
        }
        boolean earlyOffered = ExtensionCodec.find(ext, EarlyData.class) != null;
        boolean acceptEarly = earlyOffered && pskResumed && acceptEarlyData(offered, chosen);
        transcript.add(raw);
        sendFirstFlight(new Negotiated(ch.legacySessionId(), group, clientShare, psk, pskResumed ? offered.index() : -1,
                scheme, earlyOffered, acceptEarly, tp));
    }

    /** What the ClientHello negotiation settled, for the server's first flight. */
    private record Negotiated(byte[] legacySessionId, NamedGroup group, KeyShareEntry clientShare, byte[] psk,
                              int pskIndex, SignatureScheme scheme, boolean earlyOffered, boolean acceptEarly,
                              QuicTransportParameters clientParameters) {
    }

    /**
     * RFC 8446 §2: ServerHello at Initial, then EncryptedExtensions, [CertificateRequest,
     * Certificate, CertificateVerify,] Finished at Handshake, releasing the 1-RTT write secret.
     */
    private void sendFirstFlight(Negotiated n) {
        CipherSuite chosen = suite;
        Hkdf hkdf = chosen.hkdf();
        NamedGroup group = n.group();
        KeyShareEntry clientShare = n.clientShare();
        SignatureScheme scheme = n.scheme();
        boolean acceptEarly = n.acceptEarly();
        QuicTransportParameters tp = n.clientParameters();
        keys = new KeySchedule(hkdf).early(n.psk());
        if (acceptEarly) {
            byte[] early = keys.clientEarlyTrafficSecret(transcript.current());
            secret(EncryptionLevel.EARLY_DATA, READ, chosen, early, "CLIENT_EARLY_TRAFFIC_SECRET");
            events.add(new TlsEvent.EarlyDataAccepted());
        } else if (n.earlyOffered()) {
            events.add(new TlsEvent.EarlyDataRejected());
        }

        KeyExchange mine = config.keyExchangeFactory.generate(group);
        byte[] shared = mine.sharedSecret(clientShare.keyExchange());
        byte[] random = new byte[32];
        config.random.nextBytes(random);
        List<Extension> shExt = new ArrayList<>();
        shExt.add(new KeyShareServerHello(new KeyShareEntry(group.code(), mine.publicKey())));
        shExt.add(new SelectedVersion(TLS13));
        if (pskResumed) {
            shExt.add(new PreSharedKeyServerHello(n.pskIndex()));
        }
        send(EncryptionLevel.INITIAL, new ServerHello(random, n.legacySessionId(), chosen.code(), shExt));

        keys.handshake(shared);
        byte[] helloHash = transcript.current();
        clientHandshakeSecret = keys.clientHandshakeTrafficSecret(helloHash);
        byte[] serverHandshakeSecret = keys.serverHandshakeTrafficSecret(helloHash);
        secret(EncryptionLevel.HANDSHAKE, READ, chosen, clientHandshakeSecret, "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
        secret(EncryptionLevel.HANDSHAKE, WRITE, chosen, serverHandshakeSecret, "SERVER_HANDSHAKE_TRAFFIC_SECRET");

        List<Extension> eeExt = new ArrayList<>();
        if (alpn != null) {
            eeExt.add(new Alpn(List.of(alpn)));
        }
        if (transportParameters != null && tp != null) {
            eeExt.add(new QuicTransportParameters(transportParameters));
        }
        if (acceptEarly) {
            eeExt.add(new EarlyData(-1));
        }
        if (tp != null) {
            events.add(new TlsEvent.PeerTransportParameters(tp.parameters()));
        }
        if (alpn != null) {
            events.add(new TlsEvent.AlpnSelected(alpn));
        }
        send(EncryptionLevel.HANDSHAKE, new EncryptedExtensions(eeExt));
        if (!pskResumed) {
            if (config.clientAuth != TlsServerConfig.ClientAuth.NONE) {
                requestedSchemes = Arrays.stream(SignatureScheme.values())
                        .filter(SignatureScheme::usableInCertificateVerify).map(SignatureScheme::code).toList();
                send(EncryptionLevel.HANDSHAKE, new CertificateRequest(new byte[0],
                        List.of(new SignatureAlgorithms(requestedSchemes, false))));
            }
            List<CertificateEntry> entries = new ArrayList<>();
            for (byte[] der : config.encodedChain) {
                entries.add(new CertificateEntry(der, List.of()));
            }
            send(EncryptionLevel.HANDSHAKE, new Certificate(new byte[0], entries));
            byte[] content = HandshakeSignatures.content(HandshakeSignatures.SERVER_CONTEXT, transcript.current());
            send(EncryptionLevel.HANDSHAKE,
                    new CertificateVerify(scheme.code(), config.signingKey.sign(scheme, content, config.secureRandom)));
        }
        send(EncryptionLevel.HANDSHAKE,
                new Finished(KeySchedule.finishedVerifyData(hkdf, serverHandshakeSecret, transcript.current())));
        keys.master();
        byte[] serverFinishedHash = transcript.current();
        clientAppSecret = keys.clientApplicationTrafficSecret(serverFinishedHash);
        byte[] serverAppSecret = keys.serverApplicationTrafficSecret(serverFinishedHash);
        exporterMasterSecret = keys.exporterMasterSecret(serverFinishedHash);
        logSecret("EXPORTER_SECRET", exporterMasterSecret);
        // RFC 9001 §4.1.4: the server may send 0.5-RTT data once its Finished is out.
        secret(EncryptionLevel.APPLICATION, WRITE, chosen, serverAppSecret, "SERVER_TRAFFIC_SECRET_0");
        readLevel = EncryptionLevel.HANDSHAKE;
        state = requestedSchemes != null ? State.WAIT_CERT : State.WAIT_FINISHED;
    }

    private CipherSuite chooseSuite(List<Integer> offeredSuites, Offered offered) {
        if (retried) {
            if (!offeredSuites.contains(retrySuite.code())) {
                // RFC 8446 §4.1.4: the suite of the HelloRetryRequest must still be offered.
                throw TlsAlertException.illegalParameter("second ClientHello drops the negotiated suite");
            }
            return retrySuite;
        }
        // 0-RTT needs the ticket's suite (RFC 8446 §4.2.10), so prefer it when both sides allow it.
        if (offered != null && config.cipherSuites.contains(offered.state().suite())
                && offeredSuites.contains(offered.state().suite().code())) {
            return offered.state().suite();
        }
        for (CipherSuite s : config.cipherSuites) {
            if (offeredSuites.contains(s.code())) {
                return s;
            }
        }
        throw new TlsAlertException(Alert.HANDSHAKE_FAILURE, "no common cipher suite");
    }

    private String chooseAlpn(Alpn offered) {
        if (offered == null) {
            if (config.quicPolicy.requireAlpn()) {
                throw new TlsAlertException(Alert.NO_APPLICATION_PROTOCOL, "ClientHello without ALPN (RFC 9001 §8.1)");
            }
            return null;
        }
        for (String p : config.alpnProtocols) {
            if (offered.protocols().contains(p)) {
                return p;
            }
        }
        // RFC 7301 §3.2.
        throw new TlsAlertException(Alert.NO_APPLICATION_PROTOCOL, "no common ALPN protocol");
    }

    private Offered findTicket(List<Extension> ext) {
        PreSharedKeyClientHello psk = ExtensionCodec.find(ext, PreSharedKeyClientHello.class);
        if (psk == null || config.tickets == null) {
            return null;
        }
        long now = config.clock.getAsLong();
        for (int i = 0; i < psk.identities().size(); i++) {
            PskIdentity id = psk.identities().get(i);
            TicketProtector.TicketState s = config.tickets.open(id.identity());
            // RFC 8446 §4.6.1: an expired ticket is ignored, leading to a full handshake.
            if (s != null && now >= s.issuedAtMillis() && now - s.issuedAtMillis() < s.lifetimeSeconds() * 1000) {
                return new Offered(i, s, id.obfuscatedTicketAge());
            }
        }
        return null;
    }

    /** RFC 8446 §4.2.11.2: the binder must match, or the handshake aborts with decrypt_error. */
    private void checkBinder(byte[] raw, PreSharedKeyClientHello offer, Offered offered) {
        Hkdf hkdf = suite.hkdf();
        int bindersLength = 2;
        for (byte[] b : offer.binders()) {
            bindersLength += 1 + b.length;
        }
        byte[] partial = Arrays.copyOf(raw, raw.length - bindersLength);
        byte[] binderKey = new KeySchedule(hkdf).early(offered.state().psk()).resumptionBinderKey();
        byte[] expected = KeySchedule.finishedVerifyData(hkdf, binderKey, transcript.currentWith(hkdf, partial));
        if (!MessageDigest.isEqual(expected, offer.binders().get(offered.index()))) {
            throw new TlsAlertException(Alert.DECRYPT_ERROR, "PSK binder does not verify");
        }
    }

    /** RFC 8446 §4.2.10, §8 and RFC 9001 §4.6: every condition for accepting 0-RTT. */
    private boolean acceptEarlyData(Offered offered, CipherSuite chosen) {
        TicketProtector.TicketState t = offered.state();
        if (retried || offered.index() != 0 || config.earlyDataAcceptor == null || t.maxEarlyDataSize() != 0xffffffffL
                || t.suite() != chosen || !t.alpn().equals(alpn == null ? "" : alpn)) {
            return false;
        }
        long now = config.clock.getAsLong();
        long clientAge = (offered.obfuscatedAge() - t.ageAdd()) & 0xffffffffL;
        long serverAge = now - t.issuedAtMillis();
        if (Math.abs(clientAge - serverAge) > TICKET_AGE_WINDOW_MILLIS) {
            return false;
        }
        if (!config.replayGuard.firstUse(t.id(), t.issuedAtMillis() + t.lifetimeSeconds() * 1000, now)) {
            return false;
        }
        return config.earlyDataAcceptor.test(t.transportParameters());
    }

    private void sendHelloRetryRequest(ClientHello ch, byte[] raw, SupportedGroups groups, CipherSuite chosen) {
        if (retried) {
            // RFC 8446 §4.1.4: the second ClientHello must carry the requested share.
            throw TlsAlertException.illegalParameter("second ClientHello still lacks an acceptable key share");
        }
        NamedGroup group = null;
        for (NamedGroup g : config.groups) {
            if (groups.groups().contains(g.code())) {
                group = g;
                break;
            }
        }
        if (group == null) {
            throw new TlsAlertException(Alert.HANDSHAKE_FAILURE, "no common group");
        }
        Hkdf hkdf = chosen.hkdf();
        transcript.fix(hkdf);
        transcript.add(raw);
        retried = true;
        retrySuite = chosen;
        retryGroup = group;
        retryClientHello1Hash = transcript.current();
        transcript.replaceWithMessageHash(hkdf);
        if (ExtensionCodec.find(ch.extensions(), EarlyData.class) != null) {
            events.add(new TlsEvent.EarlyDataRejected());
        }
        send(EncryptionLevel.INITIAL, helloRetryRequest(ch.legacySessionId(),
                HelloRetryCookie.create(config.cookieKey, chosen, group, retryClientHello1Hash)));
        state = State.WAIT_CH2;
    }

    /** RFC 8446 §4.1.2, §4.2.2: ClientHello2 returns our cookie and exactly the share we asked for. */
    private void checkSecondHello(List<Extension> ext, KeyShareClientHello shares) {
        Cookie c = ExtensionCodec.find(ext, Cookie.class);
        HelloRetryCookie.Contents contents = c == null ? null : HelloRetryCookie.open(config.cookieKey, c.cookie());
        if (contents == null || contents.suite() != retrySuite || contents.group() != retryGroup
                || !MessageDigest.isEqual(contents.clientHello1Hash(), retryClientHello1Hash)) {
            throw TlsAlertException.illegalParameter("second ClientHello without our cookie");
        }
        if (shares.shares().size() != 1 || shares.shares().get(0).group() != retryGroup.code()) {
            throw TlsAlertException.illegalParameter("second ClientHello key_share does not match the HelloRetryRequest");
        }
    }

    /**
     * A ClientHello with a cookie reaching a fresh handshake: the server that sent the
     * HelloRetryRequest kept no state (or was another instance sharing the config). The cookie
     * gives back suite, group and Hash(ClientHello1), from which the transcript is rebuilt.
     */
    private void resumeFromCookie(ClientHello ch, Cookie c) {
        HelloRetryCookie.Contents contents = HelloRetryCookie.open(config.cookieKey, c.cookie());
        if (contents == null) {
            throw TlsAlertException.illegalParameter("cookie that this server did not make");
        }
        retried = true;
        retrySuite = contents.suite();
        retryGroup = contents.group();
        retryClientHello1Hash = contents.clientHello1Hash();
        clientRandom = ch.random();
        transcript.fix(retrySuite.hkdf());
        transcript.add(TranscriptHash.messageHash(retryClientHello1Hash));
        transcript.add(io.mqttd.quic.tls.message.HandshakeCodec.encode(helloRetryRequest(ch.legacySessionId(), c.cookie())));
        state = State.WAIT_CH2;
    }

    private ServerHello helloRetryRequest(byte[] legacySessionId, byte[] cookie) {
        return new ServerHello(ServerHello.HELLO_RETRY_REQUEST_RANDOM.clone(), legacySessionId, retrySuite.code(),
                List.of(new SelectedVersion(TLS13), new KeyShareHelloRetryRequest(retryGroup.code()), new Cookie(cookie)));
    }

    private void onCertificate(Certificate c, byte[] raw) {
        if (c.context().length != 0) {
            throw TlsAlertException.illegalParameter("client Certificate with a request context");
        }
        transcript.add(raw);
        if (c.entries().isEmpty()) {
            if (config.clientAuth == TlsServerConfig.ClientAuth.REQUIRED) {
                // RFC 8446 §4.4.2.4 / §6.2.
                throw new TlsAlertException(Alert.CERTIFICATE_REQUIRED, "client sent no certificate");
            }
            state = State.WAIT_FINISHED;
            return;
        }
        for (CertificateEntry e : c.entries()) {
            for (Extension x : e.extensions()) {
                if (x instanceof Unknown u) {
                    throw new TlsAlertException(Alert.UNSUPPORTED_EXTENSION, "unsolicited certificate extension " + u.type());
                }
            }
        }
        List<X509Certificate> chain = parseChain(c);
        verifyChain(config.clientVerifier, chain, null);
        clientChain = chain;
        events.add(new TlsEvent.PeerCertificates(chain));
        state = State.WAIT_CV;
    }

    private void onCertificateVerify(CertificateVerify cv, byte[] raw) {
        SignatureScheme scheme = SignatureScheme.of(cv.scheme());
        if (scheme == null || !requestedSchemes.contains(cv.scheme())) {
            throw TlsAlertException.illegalParameter("CertificateVerify with scheme 0x" + Integer.toHexString(cv.scheme()));
        }
        byte[] content = HandshakeSignatures.content(HandshakeSignatures.CLIENT_CONTEXT, transcript.current());
        HandshakeSignatures.verify(scheme, clientChain.get(0).getPublicKey(), content, cv.signature());
        transcript.add(raw);
        state = State.WAIT_FINISHED;
    }

    private void onFinished(Finished f, byte[] raw) {
        Hkdf hkdf = suite.hkdf();
        checkFinished(KeySchedule.finishedVerifyData(hkdf, clientHandshakeSecret, transcript.current()), f);
        transcript.add(raw);
        secret(EncryptionLevel.APPLICATION, READ, suite, clientAppSecret, "CLIENT_TRAFFIC_SECRET_0");
        readLevel = EncryptionLevel.APPLICATION;
        state = State.CONNECTED;
        completed();
        if (config.tickets != null && clientWantsTickets) {
            sendNewSessionTicket(keys.resumptionMasterSecret(transcript.current()));
        }
    }

    /** RFC 8446 §4.6.1, with max_early_data_size 0xffffffff when 0-RTT is enabled (RFC 9001 §4.6.1). */
    private void sendNewSessionTicket(byte[] resumptionMasterSecret) {
        byte[] nonce = {0};
        byte[] ageAddBytes = new byte[4];
        config.random.nextBytes(ageAddBytes);
        long ageAdd = new WireReader(ageAddBytes).u32();
        byte[] id = new byte[12];
        config.secureRandom.nextBytes(id);
        long maxEarly = config.earlyDataAcceptor != null ? 0xffffffffL : 0;
        TicketProtector.TicketState s = new TicketProtector.TicketState(id, suite,
                KeySchedule.resumptionPsk(suite.hkdf(), resumptionMasterSecret, nonce), alpn == null ? "" : alpn,
                ageAdd, config.clock.getAsLong(), config.ticketLifetimeSeconds, maxEarly,
                transportParameters == null ? new byte[0] : transportParameters);
        List<Extension> ext = maxEarly != 0 ? List.of(new EarlyData(maxEarly)) : List.of();
        HandshakeMessage.NewSessionTicket nst = new HandshakeMessage.NewSessionTicket(config.ticketLifetimeSeconds,
                ageAdd, nonce, config.tickets.seal(s, id), ext);
        sendRaw(EncryptionLevel.APPLICATION, io.mqttd.quic.tls.message.HandshakeCodec.encode(nst));
    }

    /** The ALPN protocol chosen, once the ClientHello was processed. */
    public String alpn() {
        return alpn;
    }

    /** The server_name the client asked for, or null. */
    public String serverName() {
        return serverName;
    }

    /** The client's verified chain when it authenticated, else null. */
    public List<X509Certificate> clientCertificates() {
        return clientChain;
    }

    /** Whether the client resumed with a ticket. */
    public boolean isResumed() {
        return pskResumed;
    }
}
