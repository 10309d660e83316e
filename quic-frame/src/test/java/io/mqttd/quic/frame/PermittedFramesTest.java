package io.mqttd.quic.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.packet.PacketType;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every cell of RFC 9000 §12.4 Table 3 ("Pkts": I, H, 0, 1), narrowed for 0-RTT by §12.5, plus
 * DATAGRAM (RFC 9221 §5). The expected table is copied by hand from the RFC, independently of the
 * implementation's bitmasks.
 */
class PermittedFramesTest {
    private static final Map<Long, String> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put(0x00L, "IH01"); // PADDING
        TABLE.put(0x01L, "IH01"); // PING
        TABLE.put(0x02L, "IH_1"); // ACK
        TABLE.put(0x03L, "IH_1");
        TABLE.put(0x04L, "__01"); // RESET_STREAM
        TABLE.put(0x05L, "__01"); // STOP_SENDING
        TABLE.put(0x06L, "IH_1"); // CRYPTO
        TABLE.put(0x07L, "___1"); // NEW_TOKEN
        for (long t = 0x08; t <= 0x0f; t++) {
            TABLE.put(t, "__01"); // STREAM
        }
        TABLE.put(0x10L, "__01"); // MAX_DATA
        TABLE.put(0x11L, "__01"); // MAX_STREAM_DATA
        TABLE.put(0x12L, "__01"); // MAX_STREAMS
        TABLE.put(0x13L, "__01");
        TABLE.put(0x14L, "__01"); // DATA_BLOCKED
        TABLE.put(0x15L, "__01"); // STREAM_DATA_BLOCKED
        TABLE.put(0x16L, "__01"); // STREAMS_BLOCKED
        TABLE.put(0x17L, "__01");
        TABLE.put(0x18L, "__01"); // NEW_CONNECTION_ID
        TABLE.put(0x19L, "___1"); // RETIRE_CONNECTION_ID: Table 3 says __01, §12.5 removes 0-RTT
        TABLE.put(0x1aL, "__01"); // PATH_CHALLENGE
        TABLE.put(0x1bL, "___1"); // PATH_RESPONSE
        TABLE.put(0x1cL, "IH01"); // CONNECTION_CLOSE transport ("ih": only 0x1c in I and H)
        TABLE.put(0x1dL, "__01"); // CONNECTION_CLOSE application
        TABLE.put(0x1eL, "___1"); // HANDSHAKE_DONE
        TABLE.put(0x30L, "__01"); // DATAGRAM (RFC 9221 §5: 0-RTT or 1-RTT keys)
        TABLE.put(0x31L, "__01");
    }

    private static final PacketType[] COLUMNS = {
        PacketType.INITIAL, PacketType.HANDSHAKE, PacketType.ZERO_RTT, PacketType.ONE_RTT
    };

    @Test
    void everyCellOfTable3MatchesTheRfc_rfc9000_12_4() {
        for (Map.Entry<Long, String> row : TABLE.entrySet()) {
            for (int c = 0; c < COLUMNS.length; c++) {
                boolean expected = row.getValue().charAt(c) != '_';
                assertThat(PermittedFrames.isPermitted(row.getKey(), COLUMNS[c]))
                        .as("frame 0x%x in %s", row.getKey(), COLUMNS[c])
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void checkThrowsProtocolViolationNamingTheFrameForEveryForbiddenCell_rfc9000_12_4() {
        for (Map.Entry<Long, String> row : TABLE.entrySet()) {
            for (int c = 0; c < COLUMNS.length; c++) {
                long type = row.getKey();
                PacketType packet = COLUMNS[c];
                if (row.getValue().charAt(c) == '_') {
                    assertThatThrownBy(() -> PermittedFrames.check(type, packet))
                            .isInstanceOfSatisfying(TransportError.class, e -> {
                                assertThat(e.errorCode()).isEqualTo(TransportErrorCode.PROTOCOL_VIOLATION);
                                assertThat(e.frameType()).isEqualTo(type);
                            });
                } else {
                    assertThatCode(() -> PermittedFrames.check(type, packet)).doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void zeroRttCarriesNoneOfTheFramesListedInSection12_5_rfc9000_12_5() {
        long[] forbidden = {0x02, 0x03, 0x06, 0x1e, 0x07, 0x1b, 0x19};
        for (long type : forbidden) {
            assertThat(PermittedFrames.isPermitted(type, PacketType.ZERO_RTT)).as("0x%x", type).isFalse();
        }
    }

    @Test
    void retryAndVersionNegotiationPacketsCarryNoFrames_rfc9000_12_4() {
        for (long type : TABLE.keySet()) {
            assertThat(PermittedFrames.isPermitted(type, PacketType.RETRY)).isFalse();
            assertThat(PermittedFrames.isPermitted(type, PacketType.VERSION_NEGOTIATION)).isFalse();
        }
    }

    @Test
    void unknownFrameTypesArePermittedNowhere_rfc9000_12_4() {
        for (long type : new long[] {0x1f, 0x20, 0x2f, 0x32, 0x4000, -1}) {
            for (PacketType packet : PacketType.values()) {
                assertThat(PermittedFrames.isPermitted(type, packet)).isFalse();
            }
        }
    }
}
