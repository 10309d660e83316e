package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Two honest endpoints exchange 1-RTT packets over a simulated network that loses and reorders
 * (delay below one PTO) while both initiate key updates whenever RFC 9001 §6.1 and §6.5 allow.
 * Every packet that arrives must open (RFC 9001 §6.5: retained old keys and pre-computed next keys
 * cover reordering), and no KEY_UPDATE_ERROR may be raised against an honest peer (§6.2, §6.4).
 */
class KeyUpdateSimulationProperties {
    private static final long PTO = 1_000_000L;
    private static final long MAX_DELAY = PTO * 9 / 10;
    private static final int PN_OFFSET = 9;

    /** A packet in flight; {@code ack} is the largest packet number its sender had received. */
    record InFlight(ByteBuffer bytes, long pn, long ack, long sentAt) {
    }

    static final class Endpoint {
        final OneRttProtection protection;
        final List<InFlight> outbox = new ArrayList<>();
        long nextPn;
        long largestReceived = -1;
        int updatesInitiated;
        int opened;

        Endpoint(OneRttProtection protection) {
            this.protection = protection;
            protection.setProbeTimeout(PTO);
            protection.onHandshakeConfirmed();
        }

        void send(long now) {
            long pn = nextPn++;
            ByteBuffer b = ByteBuffer.allocate(PN_OFFSET + 4 + 8 + CipherSuite.TAG_LENGTH);
            b.put(0, (byte) 0x43);
            b.putInt(PN_OFFSET, (int) pn);
            b.putLong(PN_OFFSET + 4, pn);
            protection.seal(b, 0, PN_OFFSET, 4, PN_OFFSET + 12, pn);
            outbox.add(new InFlight(b, pn, largestReceived, now));
        }

        void receive(InFlight packet, long now) {
            ByteBuffer b = packet.bytes();
            assertThat(protection.removeHeaderProtection(b, 0, PN_OFFSET, b.limit())).isEqualTo(4);
            long pn = b.getInt(PN_OFFSET) & 0xffffffffL;
            OpenResult result = protection.open(b, 0, PN_OFFSET + 4, b.limit(), pn, now);
            assertThat(result).as("packet %d sent at %d, delivered at %d", pn, packet.sentAt(), now)
                    .isNotEqualTo(OpenResult.DROPPED);
            assertThat(b.getLong(PN_OFFSET + 4)).isEqualTo(pn);
            opened++;
            largestReceived = Math.max(largestReceived, pn);
            if (packet.ack() >= 0) {
                // The packet carried an ACK frame up to the sender's largest received number.
                protection.onAckReceived(packet.ack(), now);
            }
        }

        void tryUpdate(long now) {
            if (protection.initiateKeyUpdate(now) == KeyUpdateStatus.UPDATED) {
                updatesInitiated++;
            }
        }
    }

    @Property(tries = 60)
    void honestPeersOpenEveryDeliveredPacketAcrossKeyUpdates_rfc9001_6(@ForAll CipherSuite suite,
            @ForAll @Size(min = 50, max = 600) List<@IntRange(min = 0, max = 9) Integer> actions, @ForAll long seed) {
        byte[] c2s = new byte[suite.hkdf().hashLength()];
        byte[] s2c = c2s.clone();
        s2c[0] = 1;
        AuthenticationFailures failures = new AuthenticationFailures();
        Endpoint client = new Endpoint(OneRttProtection.create(suite, s2c, c2s, VersionLabels.QUIC_V2, failures));
        Endpoint server = new Endpoint(OneRttProtection.create(suite, c2s, s2c, VersionLabels.QUIC_V2, failures));
        Random random = new Random(seed);
        long now = 0;

        for (int action : actions) {
            now += random.nextInt((int) (PTO / 4));
            loseLate(client.outbox, now);
            loseLate(server.outbox, now);
            switch (action) {
                case 0, 1 -> client.send(now);
                case 2, 3 -> server.send(now);
                case 4, 5 -> deliver(client.outbox, server, random, now);
                case 6, 7 -> deliver(server.outbox, client, random, now);
                case 8 -> client.tryUpdate(now);
                case 9 -> server.tryUpdate(now);
                default -> throw new IllegalStateException();
            }
            client.protection.handleTimeout(now);
            server.protection.handleTimeout(now);
        }

        assertThat(failures.count()).isZero();
        // The side that updated last may not have been followed yet.
        long generation = Math.max(client.protection.generation(), server.protection.generation());
        assertThat(Math.abs(client.protection.generation() - server.protection.generation())).isLessThanOrEqualTo(1);
        assertThat(generation).isLessThanOrEqualTo(client.updatesInitiated + server.updatesInitiated);
        Statistics.collect(generation == 0 ? "no key update" : generation < 3 ? "1-2 key updates" : "3+ key updates");
    }

    @Property(tries = 20)
    void keysUpdateManyTimesUnderSteadyTraffic_rfc9001_6(@ForAll long seed) {
        CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        byte[] c2s = new byte[32];
        byte[] s2c = new byte[32];
        s2c[0] = 1;
        Endpoint client = new Endpoint(OneRttProtection.create(suite, s2c, c2s, VersionLabels.QUIC_V1,
                new AuthenticationFailures()));
        Endpoint server = new Endpoint(OneRttProtection.create(suite, c2s, s2c, VersionLabels.QUIC_V1,
                new AuthenticationFailures()));
        Random random = new Random(seed);
        long now = 0;
        for (int step = 0; step < 2000; step++) {
            now += PTO / 20;
            loseLate(client.outbox, now);
            loseLate(server.outbox, now);
            client.send(now);
            server.send(now);
            deliver(client.outbox, server, random, now);
            deliver(server.outbox, client, random, now);
            (random.nextBoolean() ? client : server).tryUpdate(now);
        }

        // 100 PTOs with an update allowed about every 3-4 PTOs.
        assertThat(client.protection.generation()).isGreaterThanOrEqualTo(10);
        assertThat(server.protection.generation()).isBetween(client.protection.generation() - 1,
                client.protection.generation() + 1);
    }

    private static void loseLate(List<InFlight> outbox, long now) {
        outbox.removeIf(p -> now - p.sentAt() >= MAX_DELAY);
    }

    private static void deliver(List<InFlight> outbox, Endpoint to, Random random, long now) {
        if (outbox.isEmpty()) {
            return;
        }
        InFlight p = outbox.remove(random.nextInt(outbox.size()));
        if (random.nextInt(10) != 0) {
            to.receive(p, now);
        }
    }
}
