package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Key update (RFC 9001 §6) between a simulated client and server, each a {@link OneRttProtection}
 * fed by the other's packets on a virtual clock.
 */
class OneRttProtectionTest {
    private static final long PTO = 100_000_000L;
    private static final int DCID_LENGTH = 8;
    private static final int PN_OFFSET = 1 + DCID_LENGTH;

    /** One side of the connection: seals 1-RTT packets with 4-byte packet numbers. */
    static final class Peer {
        final OneRttProtection protection;
        long nextPn;

        Peer(OneRttProtection protection) {
            this.protection = protection;
            protection.setProbeTimeout(PTO);
        }

        ByteBuffer send(byte marker) {
            return sealWith(protection, nextPn++, marker);
        }

        OpenResult receive(ByteBuffer packet, long now) {
            int pnLength = protection.removeHeaderProtection(packet, 0, PN_OFFSET, packet.limit());
            assertThat(pnLength).isEqualTo(4);
            // Packet numbers here stay below 2^32, so the 4-byte encoding is the full number.
            long pn = packet.getInt(PN_OFFSET) & 0xffffffffL;
            return protection.open(packet, 0, PN_OFFSET + 4, packet.limit(), pn, now);
        }
    }

    static ByteBuffer sealWith(OneRttProtection protection, long pn, byte marker) {
        ByteBuffer b = ByteBuffer.allocate(PN_OFFSET + 4 + 20 + CipherSuite.TAG_LENGTH);
        b.put(0, (byte) 0x43);
        b.putInt(PN_OFFSET, (int) pn);
        b.put(PN_OFFSET + 4, marker);
        protection.seal(b, 0, PN_OFFSET, 4, PN_OFFSET + 4 + 20, pn);
        return b;
    }

    private static byte[] secret(CipherSuite suite, int seed) {
        byte[] s = new byte[suite.hkdf().hashLength()];
        s[0] = (byte) seed;
        return s;
    }

    private final CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
    private final AuthenticationFailures clientFailures = new AuthenticationFailures();
    private final AuthenticationFailures serverFailures = new AuthenticationFailures();
    private Peer client = new Peer(OneRttProtection.create(suite, secret(suite, 2), secret(suite, 1),
            VersionLabels.QUIC_V1, clientFailures));
    private Peer server = new Peer(OneRttProtection.create(suite, secret(suite, 1), secret(suite, 2),
            VersionLabels.QUIC_V1, serverFailures));

    private void confirmBoth() {
        client.protection.onHandshakeConfirmed();
        server.protection.onHandshakeConfirmed();
    }

    /** Client sends, server answers with an "ACK" the client records. */
    private void exchange(long now) {
        long sent = client.nextPn;
        assertThat(server.receive(client.send((byte) 1), now)).isNotEqualTo(OpenResult.DROPPED);
        assertThat(client.receive(server.send((byte) 2), now)).isNotEqualTo(OpenResult.DROPPED);
        client.protection.onAckReceived(sent, now);
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void keyUpdateRoundTripBetweenClientAndServer_rfc9001_6(CipherSuite s) {
        AuthenticationFailures failures = new AuthenticationFailures();
        Peer c = new Peer(OneRttProtection.create(s, secret(s, 2), secret(s, 1), VersionLabels.QUIC_V2, failures));
        Peer sv = new Peer(OneRttProtection.create(s, secret(s, 1), secret(s, 2), VersionLabels.QUIC_V2, failures));
        c.protection.onHandshakeConfirmed();
        long sent = c.nextPn;
        assertThat(sv.receive(c.send((byte) 1), 0)).isEqualTo(OpenResult.OPENED);
        assertThat(c.receive(sv.send((byte) 2), 0)).isEqualTo(OpenResult.OPENED);
        c.protection.onAckReceived(sent, 0);

        assertThat(c.protection.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.UPDATED);
        assertThat(c.protection.keyPhase()).isEqualTo(1);
        ByteBuffer updated = c.send((byte) 3);
        assertThat(sv.receive(updated, 1)).isEqualTo(OpenResult.KEY_UPDATED);
        assertThat(updated.get(PN_OFFSET + 4)).isEqualTo((byte) 3);
        assertThat(sv.protection.keyPhase()).isEqualTo(1);
        assertThat(c.receive(sv.send((byte) 4), 2)).isEqualTo(OpenResult.OPENED);
        assertThat(failures.count()).isZero();
    }

    @Test
    void keyPhaseBitOnTheWireFollowsTheGeneration_rfc9001_6() {
        confirmBoth();
        exchange(0);
        client.protection.initiateKeyUpdate(0);
        ByteBuffer packet = client.send((byte) 0);

        server.protection.removeHeaderProtection(packet, 0, PN_OFFSET, packet.limit());

        assertThat(packet.get(0) & OneRttProtection.KEY_PHASE_BIT).isEqualTo(OneRttProtection.KEY_PHASE_BIT);
    }

    @Test
    void refusesToInitiateBeforeHandshakeConfirmed_rfc9001_6_1() {
        exchange(0);

        assertThat(client.protection.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.HANDSHAKE_NOT_CONFIRMED);
        assertThat(client.protection.generation()).isZero();
    }

    @Test
    void refusesToInitiateUntilAPacketOfTheCurrentPhaseIsAcknowledged_rfc9001_6_1() {
        confirmBoth();
        assertThat(client.protection.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.CURRENT_PHASE_NOT_ACKNOWLEDGED);
        client.send((byte) 0);
        assertThat(client.protection.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.CURRENT_PHASE_NOT_ACKNOWLEDGED);

        client.protection.onAckReceived(0, 0);

        assertThat(client.protection.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.UPDATED);
        client.protection.onAckReceived(0, 0);
        assertThat(client.protection.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.CURRENT_PHASE_NOT_ACKNOWLEDGED);
    }

    @Test
    void waitsThreePtoAfterTheUpdateIsAcknowledgedBeforeTheNext_rfc9001_6_5() {
        confirmBoth();
        exchange(0);
        assertThat(client.protection.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.UPDATED);
        exchange(10);

        assertThat(client.protection.initiateKeyUpdate(10 + 3 * PTO - 1))
                .isEqualTo(KeyUpdateStatus.TOO_SOON_AFTER_PREVIOUS_UPDATE);
        assertThat(client.protection.initiateKeyUpdate(10 + 3 * PTO)).isEqualTo(KeyUpdateStatus.UPDATED);
        assertThat(client.protection.generation()).isEqualTo(2);
        assertThat(server.receive(client.send((byte) 5), 10 + 3 * PTO)).isEqualTo(OpenResult.KEY_UPDATED);
        assertThat(server.protection.generation()).isEqualTo(2);
    }

    @Test
    void opensDelayedPacketsOfThePreviousPhaseUntilThreePtoAfterTheUpdate_rfc9001_6_5() {
        confirmBoth();
        exchange(0);
        ByteBuffer late = client.send((byte) 7);
        client.protection.onAckReceived(client.nextPn - 1, 0);
        client.protection.initiateKeyUpdate(0);
        assertThat(server.receive(client.send((byte) 8), 1000)).isEqualTo(OpenResult.KEY_UPDATED);
        assertThat(server.protection.nextTimeoutNanos()).isEqualTo(1000 + 3 * PTO);

        ByteBuffer copy = ByteBuffer.allocate(late.capacity()).put(late.duplicate()).clear();
        assertThat(server.receive(late, 1000 + 3 * PTO - 1)).isEqualTo(OpenResult.OPENED);
        assertThat(late.get(PN_OFFSET + 4)).isEqualTo((byte) 7);

        server.protection.handleTimeout(1000 + 3 * PTO);
        assertThat(server.protection.hasPreviousKeys()).isFalse();
        assertThat(server.protection.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(server.receive(copy, 1000 + 3 * PTO)).isEqualTo(OpenResult.DROPPED);
    }

    @Test
    void initiatorKeepsOldReceiveKeysUntilThePeerFollows_rfc9001_6_1() {
        confirmBoth();
        exchange(0);
        client.protection.initiateKeyUpdate(0);
        // The server has not seen the update yet and still sends with the old keys.
        assertThat(client.receive(server.send((byte) 1), 5 * PTO)).isEqualTo(OpenResult.OPENED);
        assertThat(client.protection.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);

        assertThat(server.receive(client.send((byte) 2), 5 * PTO)).isEqualTo(OpenResult.KEY_UPDATED);
        assertThat(client.receive(server.send((byte) 3), 6 * PTO)).isEqualTo(OpenResult.OPENED);

        assertThat(client.protection.nextTimeoutNanos()).isEqualTo(6 * PTO + 3 * PTO);
    }

    @Test
    void packetWithOtherPhaseThatFailsToOpenIsNoKeyUpdate_rfc9001_6_3() {
        confirmBoth();
        exchange(0);
        ByteBuffer forged = client.send((byte) 1);
        server.protection.removeHeaderProtection(forged, 0, PN_OFFSET, forged.limit());
        forged.put(0, (byte) (forged.get(0) ^ OneRttProtection.KEY_PHASE_BIT));

        assertThat(server.protection.open(forged, 0, PN_OFFSET + 4, forged.limit(), client.nextPn - 1, 0))
                .isEqualTo(OpenResult.DROPPED);
        assertThat(server.protection.generation()).isZero();
        assertThat(serverFailures.count()).isEqualTo(1);

        client.protection.onAckReceived(client.nextPn - 1, 0);
        client.protection.initiateKeyUpdate(0);
        assertThat(server.receive(client.send((byte) 2), 0)).isEqualTo(OpenResult.KEY_UPDATED);
    }

    @Test
    void oldPhaseWithPacketNumberAboveTheNewPhaseIsNotOpenedWithOldKeys_rfc9001_6_4_6_5() {
        confirmBoth();
        exchange(0);
        OneRttProtection staleClient = OneRttProtection.create(suite, secret(suite, 2), secret(suite, 1),
                VersionLabels.QUIC_V1, new AuthenticationFailures());
        client.protection.onAckReceived(client.nextPn - 1, 0);
        client.protection.initiateKeyUpdate(0);
        assertThat(server.receive(client.send((byte) 1), 0)).isEqualTo(OpenResult.KEY_UPDATED);

        ByteBuffer oldKeysHigherPn = sealWith(staleClient, client.nextPn + 10, (byte) 9);

        assertThat(server.receive(oldKeysHigherPn, 0)).isEqualTo(OpenResult.DROPPED);
        assertThat(server.protection.generation()).isEqualTo(1);
    }

    @Test
    void higherPacketNumberUnderOlderKeysIsKeyUpdateError_rfc9001_6_4() {
        confirmBoth();
        exchange(0);
        client.protection.onAckReceived(client.nextPn - 1, 0);
        ByteBuffer oldLow = client.send((byte) 1);
        ByteBuffer oldHigh = client.send((byte) 2);
        client.protection.initiateKeyUpdate(0);
        // A broken peer: a new-phase packet carries a lower number than its last old-phase one.
        client.nextPn = 1;
        ByteBuffer newLow = client.send((byte) 3);
        client.nextPn = 5;
        ByteBuffer newHigher = client.send((byte) 4);
        assertThat(server.receive(newHigher, 0)).isEqualTo(OpenResult.KEY_UPDATED);
        assertThat(server.receive(oldHigh, 0)).isEqualTo(OpenResult.OPENED);
        assertThat(server.receive(oldLow, 0)).isEqualTo(OpenResult.OPENED);

        assertThatThrownBy(() -> server.receive(newLow, 0)).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.KEY_UPDATE_ERROR));
    }

    @Test
    void peerUpdatingTwiceBeforeWeAcknowledgedIsKeyUpdateError_rfc9001_6_2() {
        confirmBoth();
        exchange(0);
        client.protection.initiateKeyUpdate(0);
        assertThat(server.receive(client.send((byte) 1), 0)).isEqualTo(OpenResult.KEY_UPDATED);
        // A misbehaving client acts as if the server had acknowledged its new phase.
        client.protection.onAckReceived(client.nextPn - 1, 0);
        assertThat(client.protection.initiateKeyUpdate(3 * PTO)).isEqualTo(KeyUpdateStatus.UPDATED);

        ByteBuffer tooSoon = client.send((byte) 2);

        assertThatThrownBy(() -> server.receive(tooSoon, 3 * PTO))
                .isInstanceOfSatisfying(TransportError.class,
                        e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.KEY_UPDATE_ERROR));
    }

    @Test
    void peerUpdatingAgainAfterOurAcknowledgementIsAccepted_rfc9001_6_2() {
        confirmBoth();
        exchange(0);
        client.protection.initiateKeyUpdate(0);
        exchange(0);
        assertThat(server.protection.generation()).isEqualTo(1);
        assertThat(client.protection.initiateKeyUpdate(3 * PTO)).isEqualTo(KeyUpdateStatus.UPDATED);

        assertThat(server.receive(client.send((byte) 2), 3 * PTO)).isEqualTo(OpenResult.KEY_UPDATED);
        assertThat(server.protection.generation()).isEqualTo(2);
    }

    @Test
    void signalsKeyUpdateDueThenRefusesToSealPastConfidentialityLimit_rfc9001_6_6() {
        OneRttProtection p = new OneRttProtection(PacketKeys.derive(suite, secret(suite, 2), 1),
                PacketKeys.derive(suite, secret(suite, 1), 1), new AeadLimits(8, 100), new AuthenticationFailures());
        for (int pn = 0; pn < 6; pn++) {
            assertThat(p.keyUpdateDue()).isFalse();
            sealWith(p, pn, (byte) 0);
        }
        assertThat(p.keyUpdateDue()).isTrue();
        sealWith(p, 6, (byte) 0);
        sealWith(p, 7, (byte) 0);

        assertThatThrownBy(() -> sealWith(p, 8, (byte) 0)).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.AEAD_LIMIT_REACHED));

        p.onHandshakeConfirmed();
        p.onAckReceived(7, 0);
        assertThat(p.initiateKeyUpdate(0)).isEqualTo(KeyUpdateStatus.UPDATED);
        assertThat(p.keyUpdateDue()).isFalse();
        sealWith(p, 8, (byte) 0);
    }

    @Test
    void closesWithAeadLimitReachedPastTheIntegrityLimitAcrossKeys_rfc9001_6_6() {
        AuthenticationFailures shared = new AuthenticationFailures();
        OneRttProtection p = new OneRttProtection(PacketKeys.derive(suite, secret(suite, 2), 1),
                PacketKeys.derive(suite, secret(suite, 1), 1), new AeadLimits(1000, 3), shared);
        PacketOpener handshake = new PacketOpener(PacketKeys.derive(suite, secret(suite, 9), 1), new AeadLimits(1000, 3),
                shared);
        ByteBuffer garbage = ByteBuffer.allocate(60);

        assertThat(handshake.open(garbage, 0, 9, 60, 1)).isFalse();
        assertThat(p.open(garbage, 0, 9, 60, 1, 0)).isEqualTo(OpenResult.DROPPED);
        assertThat(p.open(garbage, 0, 9, 60, 1, 0)).isEqualTo(OpenResult.DROPPED);
        assertThat(shared.count()).isEqualTo(3);

        assertThatThrownBy(() -> p.open(garbage, 0, 9, 60, 1, 0)).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.AEAD_LIMIT_REACHED));
        assertThatThrownBy(() -> handshake.open(garbage, 0, 9, 60, 2)).isInstanceOf(TransportError.class);
    }

    @Test
    void sealerOfALevelWithoutKeyUpdateStopsAtTheConfidentialityLimit_rfc9001_6_6() {
        PacketSealer sealer = new PacketSealer(PacketKeys.derive(suite, secret(suite, 3), 1), new AeadLimits(2, 100));
        sealer.seal(ByteBuffer.allocate(64).put(0, (byte) 0xc3), 0, 9, 4, 40, 0);
        sealer.seal(ByteBuffer.allocate(64).put(0, (byte) 0xc3), 0, 9, 4, 40, 1);

        assertThatThrownBy(() -> sealer.seal(ByteBuffer.allocate(64).put(0, (byte) 0xc3), 0, 9, 4, 40, 2))
                .isInstanceOfSatisfying(TransportError.class,
                        e -> assertThat(e.errorCode()).isEqualTo(TransportErrorCode.AEAD_LIMIT_REACHED));
    }

    @Test
    void rfcLimitsPerAead_rfc9001_6_6() {
        assertThat(AeadLimits.of(CipherSuite.TLS_AES_128_GCM_SHA256)).isEqualTo(new AeadLimits(1L << 23, 1L << 52));
        assertThat(AeadLimits.of(CipherSuite.TLS_AES_256_GCM_SHA384)).isEqualTo(new AeadLimits(1L << 23, 1L << 52));
        assertThat(AeadLimits.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256).integrityLimit()).isEqualTo(1L << 36);
        assertThat(AeadLimits.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256).keyUpdateThreshold())
                .isEqualTo(Long.MAX_VALUE);
    }
}
