package io.mqttd.bench.tls;

import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.tls.ClientHandshake;
import io.mqttd.quic.tls.NamedGroup;
import io.mqttd.quic.tls.ServerHandshake;
import io.mqttd.quic.tls.SessionTicket;
import io.mqttd.quic.tls.TlsClientConfig;
import io.mqttd.quic.tls.TlsEvent;
import io.mqttd.quic.tls.TlsHandshake;
import io.mqttd.quic.tls.TlsServerConfig;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Complete TLS 1.3 handshakes, client and server driven in one thread with no network: our engine
 * (x25519 + ECDSA P-256, full and PSK-resumed) next to the JDK's SSLEngine doing the same full
 * handshake, so the figures read as a ratio on the same machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandshakeBenchmark {
    static final byte[] TRANSPORT_PARAMETERS = new byte[48];

    TlsClientConfig clientConfig;
    TlsClientConfig resumingClientConfig;
    TlsServerConfig serverConfig;
    SessionTicket ticket;
    SSLContext jdkServer;
    SSLContext jdkClient;

    @Setup
    public void setup() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        long now = System.currentTimeMillis();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, new Date(now - 60_000), new Date(now + 86_400_000), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        clientConfig = TlsClientConfig.builder((chain, host) -> { }).alpnProtocols(List.of("mqtt"))
                .keyShareGroups(List.of(NamedGroup.X25519)).build();
        resumingClientConfig = TlsClientConfig.builder((chain, host) -> { }).alpnProtocols(List.of("mqtt"))
                .offerEarlyData(false).build();
        serverConfig = TlsServerConfig.builder(List.of(cert), keys.getPrivate()).alpnProtocols(List.of("mqtt"))
                .ticketLifetimeSeconds(604800).build();
        ClientHandshake first = new ClientHandshake(clientConfig, "localhost", TRANSPORT_PARAMETERS, null);
        for (TlsEvent e : run(first, new ServerHandshake(serverConfig, TRANSPORT_PARAMETERS))) {
            if (e instanceof TlsEvent.SessionTicketReceived t) {
                ticket = t.ticket();
            }
        }

        // Same key exchange as ours; read once by the JDK, before its first TLS use in this fork.
        System.setProperty("jdk.tls.namedGroups", "x25519");
        char[] password = "bench".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", keys.getPrivate(), password, new java.security.cert.Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        jdkServer = SSLContext.getInstance("TLSv1.3");
        jdkServer.init(kmf.getKeyManagers(), null, new SecureRandom());
        X509TrustManager trustAll = new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { }
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        jdkClient = SSLContext.getInstance("TLSv1.3");
        jdkClient.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    }

    /** Runs both sides to completion; returns the client's events. */
    static List<TlsEvent> run(ClientHandshake client, ServerHandshake server) {
        java.util.ArrayList<TlsEvent> clientEvents = new java.util.ArrayList<>();
        client.start();
        boolean moved = true;
        while (moved) {
            moved = shuttle(client, server, clientEvents) | shuttle(server, client, null);
        }
        return clientEvents;
    }

    private static boolean shuttle(TlsHandshake from, TlsHandshake to, List<TlsEvent> record) {
        boolean moved = false;
        TlsEvent e;
        while ((e = from.poll()) != null) {
            moved = true;
            if (record != null) {
                record.add(e);
            }
            if (e instanceof TlsEvent.HandshakeData d) {
                to.handle(d.level(), d.data());
            }
        }
        return moved;
    }

    @Benchmark
    public boolean mqttdFullHandshake() {
        ClientHandshake c = new ClientHandshake(clientConfig, "localhost", TRANSPORT_PARAMETERS, null);
        ServerHandshake s = new ServerHandshake(serverConfig, TRANSPORT_PARAMETERS);
        run(c, s);
        return c.isComplete() & s.isComplete();
    }

    @Benchmark
    public boolean mqttdPskResumption() {
        ClientHandshake c = new ClientHandshake(resumingClientConfig, "localhost", TRANSPORT_PARAMETERS, ticket);
        ServerHandshake s = new ServerHandshake(serverConfig, TRANSPORT_PARAMETERS);
        run(c, s);
        return c.isResumed() & s.isComplete();
    }

    @Benchmark
    public boolean jdkSslEngineFullHandshake() throws Exception {
        SSLEngine server = jdkServer.createSSLEngine();
        server.setUseClientMode(false);
        SSLEngine client = jdkClient.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        for (SSLEngine e : new SSLEngine[] {client, server}) {
            SSLParameters p = e.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
            e.setSSLParameters(p);
        }
        ByteBuffer c2s = ByteBuffer.allocate(1 << 16);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 16);
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 50 && (handshaking(client) || handshaking(server)); i++) {
            step(client, empty, c2s, s2c, app);
            step(server, empty, s2c, c2s, app);
        }
        return !handshaking(client) && !handshaking(server);
    }

    private static boolean handshaking(SSLEngine e) {
        SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
        return s != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && s != SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws Exception {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
        in.flip();
        while (in.hasRemaining()) {
            SSLEngineResult r = e.unwrap(in, app);
            while ((task = e.getDelegatedTask()) != null) {
                task.run();
            }
            if (r.bytesConsumed() == 0) {
                break;
            }
        }
        in.compact();
        app.clear();
        SSLEngineResult r;
        do {
            r = e.wrap(empty, out);
        } while (r.bytesProduced() > 0);
    }
}
