package io.mqttd.quic.tls.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.crypto.CipherSuite;
import io.mqttd.quic.tls.ClientHandshake;
import io.mqttd.quic.tls.QuicPolicy;
import io.mqttd.quic.tls.ServerHandshake;
import io.mqttd.quic.tls.TlsClientConfig;
import io.mqttd.quic.tls.TlsServerConfig;
import io.mqttd.quic.tls.cert.CertificateChainVerifier;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Vector;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/**
 * Our engine, wrapped in a test-only TLS record layer, completes handshakes with two TLS 1.3
 * implementations we did not write: Bouncy Castle's TlsClientProtocol (against our server) and the
 * JDK's SSLEngine (against our client). Application data then flows both ways under our traffic
 * secrets, which proves both sides derived the same secrets.
 */
class IndependentStacksTest {
    static final X509Certificate CERT;
    static final KeyPair KEYS;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KEYS = g.generateKeyPair();
            X500Name name = new X500Name("CN=localhost");
            long now = System.currentTimeMillis();
            CERT = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    new Date(now - 60_000), new Date(now + 3_600_000), name, KEYS.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate())));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void bouncyCastleClientCompletesHandshakeWithOurServer() throws Exception {
        TlsServerConfig config = TlsServerConfig.builder(List.of(CERT), KEYS.getPrivate()).quicPolicy(QuicPolicy.PLAIN_TLS)
                .cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)).alpnProtocols(List.of("mqtt")).build();
        ServerHandshake server = new ServerHandshake(config, null);
        RecordLayer ours = new RecordLayer(server);
        TlsServerCertificate[] seen = new TlsServerCertificate[1];
        byte[][] bcExporter = new byte[1][];
        DefaultTlsClient bc = new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            public void notifyHandshakeComplete() throws java.io.IOException {
                super.notifyHandshakeComplete();
                bcExporter[0] = context.exportKeyingMaterial("EXPORTER-mqttd-test", new byte[] {1, 2, 3}, 32);
            }

            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.TLSv13.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {org.bouncycastle.tls.CipherSuite.TLS_AES_128_GCM_SHA256};
            }

            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            protected Vector getProtocolNames() {
                Vector v = new Vector();
                v.add(ProtocolName.asUtf8Encoding("mqtt"));
                return v;
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new ServerOnlyTlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate c) {
                        seen[0] = c;
                    }
                };
            }
        };
        TlsClientProtocol protocol = new TlsClientProtocol();
        protocol.connect(bc);
        for (int i = 0; i < 10 && (protocol.isHandshaking() || !server.isComplete()); i++) {
            byte[] fromBc = new byte[protocol.getAvailableOutputBytes()];
            protocol.readOutput(fromBc, 0, fromBc.length);
            ours.receive(fromBc);
            byte[] toBc = ours.output();
            if (toBc.length > 0) {
                protocol.offerInput(toBc);
            }
        }
        assertThat(server.isComplete()).isTrue();
        assertThat(protocol.isHandshaking()).isFalse();
        assertThat(server.alpn()).isEqualTo("mqtt");
        assertThat(seen[0].getCertificate().getCertificateAt(0).getEncoded()).isEqualTo(CERT.getEncoded());
        // RFC 8446 §7.5 exporter: both sides derived the same exporter_master_secret.
        assertThat(server.exportKeyingMaterial("EXPORTER-mqttd-test", new byte[] {1, 2, 3}, 32)).isEqualTo(bcExporter[0]);

        byte[] ping = "ping from Bouncy Castle".getBytes(StandardCharsets.UTF_8);
        protocol.writeApplicationData(ping, 0, ping.length);
        byte[] fromBc = new byte[protocol.getAvailableOutputBytes()];
        protocol.readOutput(fromBc, 0, fromBc.length);
        ours.receive(fromBc);
        assertThat(ours.applicationData()).isEqualTo(ping);

        byte[] pong = "pong from mqttd".getBytes(StandardCharsets.UTF_8);
        protocol.offerInput(ours.output());
        protocol.offerInput(ours.applicationRecord(pong));
        byte[] got = new byte[protocol.getAvailableInputBytes()];
        protocol.readInput(got, 0, got.length);
        assertThat(got).isEqualTo(pong);
    }

    @Test
    void ourClientCompletesHandshakeWithJdkSslEngine() throws Exception {
        char[] password = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", KEYS.getPrivate(), password, new java.security.cert.Certificate[] {CERT});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        SSLEngine jdk = ctx.createSSLEngine();
        jdk.setUseClientMode(false);
        SSLParameters params = jdk.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3"});
        params.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
        params.setApplicationProtocols(new String[] {"mqtt"});
        jdk.setSSLParameters(params);
        jdk.beginHandshake();

        CertificateChainVerifier pinned = (chain, host) -> {
            if (!chain.get(0).equals(CERT)) {
                throw new CertificateChainVerifier.UnknownIssuerException("not pinned", null);
            }
        };
        TlsClientConfig config = TlsClientConfig.builder(pinned).quicPolicy(QuicPolicy.PLAIN_TLS)
                .cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)).alpnProtocols(List.of("mqtt")).build();
        ClientHandshake client = new ClientHandshake(config, "localhost", null, null);
        RecordLayer ours = new RecordLayer(client);
        client.start();

        ByteBuffer netIn = ByteBuffer.allocate(1 << 16);
        ByteBuffer netOut = ByteBuffer.allocate(1 << 16);
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        netIn.put(ours.output());
        for (int round = 0; round < 20; round++) {
            Runnable task;
            while ((task = jdk.getDelegatedTask()) != null) {
                task.run();
            }
            netIn.flip();
            SSLEngineResult r;
            do {
                r = jdk.unwrap(netIn, app);
                while ((task = jdk.getDelegatedTask()) != null) {
                    task.run();
                }
            } while (r.bytesConsumed() > 0 && netIn.hasRemaining());
            netIn.compact();
            do {
                netOut.clear();
                r = jdk.wrap(ByteBuffer.allocate(0), netOut);
                netOut.flip();
                byte[] toUs = new byte[netOut.remaining()];
                netOut.get(toUs);
                ours.receive(toUs);
            } while (r.bytesProduced() > 0);
            netIn.put(ours.output());
        }
        assertThat(client.isComplete()).isTrue();
        assertThat(client.alpn()).isEqualTo("mqtt");
        assertThat(jdk.getApplicationProtocol()).isEqualTo("mqtt");
        assertThat(jdk.getHandshakeStatus()).isEqualTo(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING);

        byte[] ping = "ping from mqttd".getBytes(StandardCharsets.UTF_8);
        netIn.put(ours.applicationRecord(ping));
        netIn.flip();
        app.clear();
        jdk.unwrap(netIn, app);
        netIn.compact();
        app.flip();
        byte[] got = new byte[app.remaining()];
        app.get(got);
        assertThat(got).isEqualTo(ping);

        byte[] pong = "pong from the JDK".getBytes(StandardCharsets.UTF_8);
        netOut.clear();
        jdk.wrap(ByteBuffer.wrap(pong), netOut);
        netOut.flip();
        byte[] record = new byte[netOut.remaining()];
        netOut.get(record);
        ours.receive(record);
        assertThat(Arrays.copyOfRange(ours.applicationData(), 0, pong.length)).isEqualTo(pong);
    }

    /** Moves records between a JDK engine and our record layer until neither has anything to say. */
    static void exchange(SSLEngine jdk, RecordLayer ours, ByteBuffer netIn) throws Exception {
        ByteBuffer netOut = ByteBuffer.allocate(1 << 16);
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        for (int round = 0; round < 20; round++) {
            Runnable task;
            while ((task = jdk.getDelegatedTask()) != null) {
                task.run();
            }
            netIn.flip();
            SSLEngineResult r;
            while (netIn.hasRemaining()) {
                r = jdk.unwrap(netIn, app);
                while ((task = jdk.getDelegatedTask()) != null) {
                    task.run();
                }
                if (r.bytesConsumed() == 0) {
                    break;
                }
            }
            netIn.compact();
            do {
                netOut.clear();
                r = jdk.wrap(ByteBuffer.allocate(0), netOut);
                netOut.flip();
                byte[] toUs = new byte[netOut.remaining()];
                netOut.get(toUs);
                ours.receive(toUs);
            } while (r.bytesProduced() > 0);
            netIn.put(ours.output());
        }
    }

    static SSLContext jdkClientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", CERT);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    static SSLEngine jdkClient(SSLContext ctx) {
        SSLEngine jdk = ctx.createSSLEngine("localhost", 4433);
        jdk.setUseClientMode(true);
        SSLParameters params = jdk.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3"});
        params.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
        params.setApplicationProtocols(new String[] {"mqtt"});
        jdk.setSSLParameters(params);
        return jdk;
    }

    @Test
    void jdkClientGetsHelloRetryRequestThenResumesWithOurTicket() throws Exception {
        // The JDK sends x25519 and P-256 shares; this server only takes P-384, so it must retry (RFC 8446 §4.1.4).
        TlsServerConfig config = TlsServerConfig.builder(List.of(CERT), KEYS.getPrivate()).quicPolicy(QuicPolicy.PLAIN_TLS)
                .cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)).alpnProtocols(List.of("mqtt"))
                .groups(List.of(io.mqttd.quic.tls.NamedGroup.SECP384R1)).build();
        SSLContext ctx = jdkClientContext();

        ServerHandshake full = new ServerHandshake(config, null);
        RecordLayer ours = new RecordLayer(full);
        SSLEngine jdk = jdkClient(ctx);
        jdk.beginHandshake();
        exchange(jdk, ours, ByteBuffer.allocate(1 << 16));
        assertThat(full.isComplete()).isTrue();
        assertThat(full.isResumed()).isFalse();
        List<byte[]> initial = ours.events.stream().filter(e -> e instanceof io.mqttd.quic.tls.TlsEvent.HandshakeData d
                && d.level() == io.mqttd.quic.crypto.EncryptionLevel.INITIAL)
                .map(e -> ((io.mqttd.quic.tls.TlsEvent.HandshakeData) e).data()).toList();
        assertThat(initial).hasSize(2);
        assertThat(Arrays.copyOfRange(initial.get(0), 6, 38))
                .isEqualTo(io.mqttd.quic.tls.message.HandshakeMessage.ServerHello.HELLO_RETRY_REQUEST_RANDOM);
        assertThat(jdk.getHandshakeStatus()).isEqualTo(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING);
        assertThat(ours.events).filteredOn(e -> e instanceof io.mqttd.quic.tls.TlsEvent.HandshakeData d
                && d.level() == io.mqttd.quic.crypto.EncryptionLevel.APPLICATION).hasSize(1);
        // Let the JDK read the NewSessionTicket, which our record layer sent after its Finished.
        byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        in.put(ours.applicationRecord(ping)).flip();
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        jdk.unwrap(in, app);
        assertThat(app.position()).isEqualTo(ping.length);

        ServerHandshake resumed = new ServerHandshake(config, null);
        RecordLayer ours2 = new RecordLayer(resumed);
        SSLEngine jdk2 = jdkClient(ctx);
        jdk2.beginHandshake();
        exchange(jdk2, ours2, ByteBuffer.allocate(1 << 16));
        assertThat(resumed.isComplete()).isTrue();
        assertThat(resumed.isResumed()).as("the JDK offered our ticket and its binder verified").isTrue();
        assertThat(jdk2.getHandshakeStatus()).isEqualTo(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING);
    }

    @Test
    void ourClientResumesWithTheJdkServersTicket() throws Exception {
        char[] password = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", KEYS.getPrivate(), password, new java.security.cert.Certificate[] {CERT});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
        TlsClientConfig config = TlsClientConfig.builder((chain, host) -> { }).quicPolicy(QuicPolicy.PLAIN_TLS)
                .cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256)).alpnProtocols(List.of("mqtt")).build();

        io.mqttd.quic.tls.SessionTicket ticket = null;
        for (int connection = 0; connection < 2; connection++) {
            SSLEngine jdk = ctx.createSSLEngine();
            jdk.setUseClientMode(false);
            SSLParameters params = jdk.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.3"});
            params.setApplicationProtocols(new String[] {"mqtt"});
            jdk.setSSLParameters(params);
            jdk.beginHandshake();
            ClientHandshake client = new ClientHandshake(config, "localhost", null, ticket);
            RecordLayer ours = new RecordLayer(client);
            client.start();
            ByteBuffer netIn = ByteBuffer.allocate(1 << 16);
            netIn.put(ours.output());
            exchange(jdk, ours, netIn);
            assertThat(client.isComplete()).isTrue();
            assertThat(client.isResumed()).isEqualTo(connection == 1);
            ticket = ours.events.stream().filter(e -> e instanceof io.mqttd.quic.tls.TlsEvent.SessionTicketReceived)
                    .map(e -> ((io.mqttd.quic.tls.TlsEvent.SessionTicketReceived) e).ticket()).findFirst().orElseThrow();
        }
    }

    static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static X509Certificate selfSigned(KeyPair kp, String signatureAlgorithm) throws Exception {
        X500Name name = new X500Name("CN=client");
        long now = System.currentTimeMillis();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TWO,
                new Date(now - 60_000), new Date(now + 3_600_000), name, kp.getPublic())
                .build(new JcaContentSignerBuilder(signatureAlgorithm).build(kp.getPrivate())));
    }

    static javax.net.ssl.TrustManager[] trusting(X509Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("peer", cert);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    static javax.net.ssl.KeyManager[] keyManagers(KeyPair kp, X509Certificate cert) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("me", kp.getPrivate(), password, new java.security.cert.Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf.getKeyManagers();
    }

    @Test
    void jdkServerRequiringClientAuthAcceptsOurRsaPssCertificateVerify() throws Exception {
        KeyPair clientKeys = rsaKeys();
        X509Certificate clientCert = selfSigned(clientKeys, "SHA256withRSA");
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(keyManagers(KEYS, CERT), trusting(clientCert), new SecureRandom());
        SSLEngine jdk = ctx.createSSLEngine();
        jdk.setUseClientMode(false);
        jdk.setNeedClientAuth(true);
        SSLParameters params = jdk.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3"});
        params.setApplicationProtocols(new String[] {"mqtt"});
        jdk.setSSLParameters(params);
        jdk.beginHandshake();
        TlsClientConfig config = TlsClientConfig.builder((chain, host) -> { }).quicPolicy(QuicPolicy.PLAIN_TLS)
                .cipherSuites(List.of(CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384))
                .alpnProtocols(List.of("mqtt")).clientCertificate(List.of(clientCert), clientKeys.getPrivate()).build();
        ClientHandshake client = new ClientHandshake(config, "localhost", null, null);
        RecordLayer ours = new RecordLayer(client);
        client.start();
        ByteBuffer netIn = ByteBuffer.allocate(1 << 16);
        netIn.put(ours.output());
        exchange(jdk, ours, netIn);
        assertThat(client.isComplete()).isTrue();
        assertThat(jdk.getHandshakeStatus()).isEqualTo(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING);
        assertThat(jdk.getSession().getPeerCertificates()[0]).isEqualTo(clientCert);
        // The JDK server prefers TLS_AES_256_GCM_SHA384, so this also covers a SHA-384 suite.
        assertThat(client.cipherSuite()).isEqualTo(CipherSuite.TLS_AES_256_GCM_SHA384);
    }

    @Test
    void ourServerRequiringClientAuthAcceptsJdkClientCertificate() throws Exception {
        KeyPair clientKeys = rsaKeys();
        X509Certificate clientCert = selfSigned(clientKeys, "SHA256withRSA");
        CertificateChainVerifier pinned = (chain, host) -> {
            if (!chain.get(0).equals(clientCert)) {
                throw new CertificateChainVerifier.UnknownIssuerException("not pinned", null);
            }
        };
        TlsServerConfig config = TlsServerConfig.builder(List.of(CERT), KEYS.getPrivate()).quicPolicy(QuicPolicy.PLAIN_TLS)
                .alpnProtocols(List.of("mqtt")).clientAuth(TlsServerConfig.ClientAuth.REQUIRED, pinned).build();
        ServerHandshake server = new ServerHandshake(config, null);
        RecordLayer ours = new RecordLayer(server);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(keyManagers(clientKeys, clientCert), trusting(CERT), new SecureRandom());
        SSLEngine jdk = jdkClient(ctx);
        jdk.beginHandshake();
        exchange(jdk, ours, ByteBuffer.allocate(1 << 16));
        assertThat(server.isComplete()).isTrue();
        assertThat(server.clientCertificates()).containsExactly(clientCert);
    }
}
