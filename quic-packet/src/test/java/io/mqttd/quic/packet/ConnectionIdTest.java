package io.mqttd.quic.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConnectionIdTest {
    @Test
    void matchesBytesInAHeapOrDirectBufferInPlace() {
        ConnectionId cid = ConnectionId.fromHex("0a0b0c0d");
        byte[] bytes = Vectors.hex("ff0a0b0c0dff");
        ByteBuffer heap = ByteBuffer.wrap(bytes);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        for (ByteBuffer buf : new ByteBuffer[] {heap, direct}) {
            assertThat(cid.matches(buf, 1, 4)).isTrue();
            assertThat(cid.matches(buf, 0, 4)).isFalse();
            assertThat(cid.matches(buf, 1, 3)).isFalse();
            assertThat(buf.position()).isZero();
        }
    }

    @Test
    void copiesUpTo255BytesFromABuffer_rfc8999_5_3() {
        byte[] bytes = new byte[300];
        Arrays.fill(bytes, (byte) 0x42);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        ConnectionId cid = ConnectionId.of(direct, 10, 255);
        assertThat(cid.length()).isEqualTo(255);
        assertThat(cid.byteAt(254)).isEqualTo((byte) 0x42);
        assertThat(direct.position()).isZero();
        assertThat(ConnectionId.of(direct, 0, 0)).isSameAs(ConnectionId.EMPTY);
        assertThatThrownBy(() -> ConnectionId.of(direct, 0, 256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCopyDoesNotFollowLaterChangesToTheDatagram() {
        ByteBuffer buf = ByteBuffer.wrap(Vectors.hex("01020304"));
        ConnectionId cid = ConnectionId.of(buf, 0, 4);
        buf.put(0, (byte) 9);
        assertThat(cid).isEqualTo(ConnectionId.fromHex("01020304"));
    }
}
