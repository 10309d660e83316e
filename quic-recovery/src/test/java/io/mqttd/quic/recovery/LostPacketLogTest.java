package io.mqttd.quic.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sorted ring of recently lost packets behind spurious-loss detection (RFC 9002 §6.1). */
class LostPacketLogTest {

    @Test
    void findsAndRemovesPacketsInAckedRangeKeepingOrder() {
        LostPacketLog log = new LostPacketLog();
        for (long pn = 10; pn < 20; pn += 2) {
            log.add(pn, pn + 3, pn == 14);
        }
        int from = log.firstAtOrAbove(13);
        assertThat(log.packetNumber(from)).isEqualTo(14);
        assertThat(log.reorderingDistance(from)).isEqualTo(3);
        assertThat(log.lostByTime(from)).isTrue();
        assertThat(log.lostByTime(from + 1)).isFalse();
        log.remove(from, from + 2); // 14 and 16
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.packetNumber(0)).isEqualTo(10);
        assertThat(log.packetNumber(1)).isEqualTo(12);
        assertThat(log.packetNumber(2)).isEqualTo(18);
        assertThat(log.firstAtOrAbove(19)).isEqualTo(3);
    }

    @Test
    void overwritesOldestWhenFull() {
        LostPacketLog log = new LostPacketLog();
        for (long pn = 0; pn < 100; pn++) {
            log.add(pn, pn + 5, false);
        }
        assertThat(log.size()).isEqualTo(64);
        assertThat(log.packetNumber(0)).isEqualTo(36);
        assertThat(log.packetNumber(63)).isEqualTo(99);
        assertThat(log.firstAtOrAbove(0)).isZero();
        log.remove(10, 64);
        assertThat(log.size()).isEqualTo(10);
        log.add(200, 203, false);
        assertThat(log.packetNumber(10)).isEqualTo(200);
    }

    @Test
    void ignoresOutOfOrderAdditions() {
        LostPacketLog log = new LostPacketLog();
        log.add(5, 8, false);
        log.add(4, 8, false);
        assertThat(log.size()).isEqualTo(1);
    }
}
