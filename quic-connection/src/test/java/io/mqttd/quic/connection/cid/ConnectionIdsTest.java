package io.mqttd.quic.connection.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {
    private final StatelessResetTokens tokens = StatelessResetTokens.random();
    private final Set<ConnectionId> routed = new HashSet<>();
    private final AtomicInteger counter = new AtomicInteger(100);
    private final LocalConnectionIds.Routes routes = new LocalConnectionIds.Routes() {
        @Override
        public void add(ConnectionId cid, byte[] token) {
            assertThat(routed.add(cid)).isTrue();
        }

        @Override
        public void remove(ConnectionId cid) {
            assertThat(routed.remove(cid)).isTrue();
        }
    };

    private ConnectionId cid(int n) {
        return ConnectionId.of(new byte[] {0, 0, 0, 0, 0, 0, (byte) (n >> 8), (byte) n});
    }

    private LocalConnectionIds local() {
        return new LocalConnectionIds(cid(1), () -> cid(counter.incrementAndGet()), tokens, routes, 8);
    }

    private static void assertError(Runnable r, TransportErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(TransportError.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void issuesUpToPeersActiveConnectionIdLimit_rfc9000_5_1_1() {
        LocalConnectionIds ids = local();
        ids.replenish();
        assertThat(ids.activeCount()).as("default limit 2").isEqualTo(2);
        ids.setPeerLimit(5);
        ids.replenish();
        assertThat(ids.activeCount()).isEqualTo(5);
        assertThat(routed).hasSize(5);
        int announced = 0;
        while (ids.pollAnnouncement() != null) {
            announced++;
        }
        assertThat(announced).as("sequence 0 is not announced").isEqualTo(4);
    }

    @Test
    void capsIssuanceLocally() {
        LocalConnectionIds ids = new LocalConnectionIds(cid(1), () -> cid(counter.incrementAndGet()), tokens, routes, 3);
        ids.setPeerLimit(100);
        ids.replenish();
        assertThat(ids.activeCount()).isEqualTo(3);
    }

    @Test
    void replacesRetiredConnectionIdAndStopsRoutingIt_rfc9000_19_16() {
        LocalConnectionIds ids = local();
        ids.replenish();
        IssuedConnectionId second = ids.pollAnnouncement();
        ids.onRetireConnectionId(0, second.connectionId());
        assertThat(routed).doesNotContain(cid(1)).contains(second.connectionId()).hasSize(2);
        assertThat(ids.pollAnnouncement().sequenceNumber()).isEqualTo(2);
    }

    @Test
    void rejectsRetiringSequenceNeverIssued_rfc9000_19_16() {
        LocalConnectionIds ids = local();
        assertError(() -> ids.onRetireConnectionId(7, cid(1)), TransportErrorCode.PROTOCOL_VIOLATION);
    }

    @Test
    void rejectsRetiringTheConnectionIdThePacketWasSentTo_rfc9000_19_16() {
        LocalConnectionIds ids = local();
        ids.replenish();
        assertError(() -> ids.onRetireConnectionId(0, cid(1)), TransportErrorCode.PROTOCOL_VIOLATION);
    }

    @Test
    void ignoresRepeatedRetirement() {
        LocalConnectionIds ids = local();
        ids.replenish();
        IssuedConnectionId second = ids.pollAnnouncement();
        ids.onRetireConnectionId(0, second.connectionId());
        ids.onRetireConnectionId(0, second.connectionId());
        assertThat(ids.activeCount()).isEqualTo(2);
    }

    @Test
    void rotationAsksPeerToRetireOlderIds_rfc9000_5_1_2() {
        LocalConnectionIds ids = local();
        ids.replenish();
        ids.retireAllCurrent();
        assertThat(ids.retirePriorTo()).isEqualTo(2);
        assertThat(ids.activeCount()).as("new ones on top until the peer retires the old").isEqualTo(4);
    }

    @Test
    void statelessResetTokenDependsOnlyOnKeyAndConnectionId_rfc9000_10_3_2() {
        byte[] key = new byte[32];
        StatelessResetTokens a = new StatelessResetTokens(key);
        StatelessResetTokens b = new StatelessResetTokens(key.clone());
        assertThat(a.tokenFor(cid(9))).hasSize(16).isEqualTo(b.tokenFor(cid(9)));
        assertThat(a.tokenFor(cid(9))).isNotEqualTo(a.tokenFor(cid(10)));
    }

    @Test
    void peerIdsRetirePriorToRetiresOlderAndSwitchesCurrent_rfc9000_19_15() {
        PeerConnectionIds peer = new PeerConnectionIds(cid(1), 4);
        peer.onNewConnectionId(1, 0, cid(2), new byte[16]);
        peer.onNewConnectionId(2, 2, cid(3), new byte[16]);
        assertThat(peer.current()).isEqualTo(cid(3));
        assertThat(peer.pollRetirement()).isEqualTo(0);
        assertThat(peer.pollRetirement()).isEqualTo(1);
        assertThat(peer.pollRetirement()).isEqualTo(-1);
    }

    @Test
    void retiresLateConnectionIdBelowRetirePriorToAtOnce_rfc9000_19_15() {
        PeerConnectionIds peer = new PeerConnectionIds(cid(1), 4);
        peer.onNewConnectionId(3, 3, cid(4), new byte[16]);
        assertThat(peer.pollRetirement()).isEqualTo(0);
        peer.onNewConnectionId(1, 0, cid(2), new byte[16]);
        assertThat(peer.pollRetirement()).isEqualTo(1);
        assertThat(peer.current()).isEqualTo(cid(4));
    }

    @Test
    void rejectsMoreActiveIdsThanAdvertisedLimit_rfc9000_5_1_1() {
        PeerConnectionIds peer = new PeerConnectionIds(cid(1), 2);
        peer.onNewConnectionId(1, 0, cid(2), new byte[16]);
        assertError(() -> peer.onNewConnectionId(2, 0, cid(3), new byte[16]), TransportErrorCode.CONNECTION_ID_LIMIT_ERROR);
    }

    @Test
    void acceptsIdsBeyondLimitWhenRetirePriorToRetiresTheExcess_rfc9000_5_1_1() {
        PeerConnectionIds peer = new PeerConnectionIds(cid(1), 2);
        peer.onNewConnectionId(1, 0, cid(2), new byte[16]);
        peer.onNewConnectionId(2, 1, cid(3), new byte[16]);
        assertThat(peer.spareCount()).isEqualTo(1);
    }

    @Test
    void rejectsSequenceReusedForAnotherConnectionId_rfc9000_19_15() {
        PeerConnectionIds peer = new PeerConnectionIds(cid(1), 4);
        peer.onNewConnectionId(1, 0, cid(2), new byte[16]);
        peer.onNewConnectionId(1, 0, cid(2), new byte[16]);
        assertError(() -> peer.onNewConnectionId(1, 0, cid(3), new byte[16]), TransportErrorCode.PROTOCOL_VIOLATION);
        assertError(() -> peer.onNewConnectionId(2, 0, cid(2), new byte[16]), TransportErrorCode.PROTOCOL_VIOLATION);
    }

    @Test
    void rejectsNewConnectionIdWhenPeerUsesZeroLengthIds_rfc9000_19_15() {
        PeerConnectionIds peer = new PeerConnectionIds(ConnectionId.EMPTY, 4);
        assertError(() -> peer.onNewConnectionId(1, 0, cid(2), new byte[16]), TransportErrorCode.PROTOCOL_VIOLATION);
    }

    @Test
    void doesNotResurrectRetiredIdFromRetransmittedFrame() {
        PeerConnectionIds peer = new PeerConnectionIds(cid(1), 4);
        peer.onNewConnectionId(1, 0, cid(2), new byte[16]);
        assertThat(peer.switchToUnused()).isTrue();
        assertThat(peer.current()).isEqualTo(cid(2));
        assertThat(peer.pollRetirement()).isEqualTo(0);
        assertThat(peer.switchToUnused()).as("no spare left").isFalse();
    }

    @Test
    void recognisesStatelessResetTokensOfActiveIds_rfc9000_10_3_1() {
        PeerConnectionIds peer = new PeerConnectionIds(cid(1), 4);
        byte[] token = tokens.tokenFor(cid(2));
        peer.onNewConnectionId(1, 0, cid(2), token);
        assertThat(peer.isStatelessReset(token)).isTrue();
        assertThat(peer.isStatelessReset(new byte[16])).isFalse();
        peer.setInitialStatelessResetToken(tokens.tokenFor(cid(1)));
        assertThat(peer.isStatelessReset(tokens.tokenFor(cid(1)))).isTrue();
    }
}
