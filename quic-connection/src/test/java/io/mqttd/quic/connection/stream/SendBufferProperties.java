package io.mqttd.quic.connection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SendBufferProperties {

    record Sent(long offset, int length, boolean fin) {
    }

    /**
     * Whatever the order of acknowledgements and losses, every byte written is eventually delivered
     * with the right content, new data never exceeds the flow limit, and the buffer ends fully
     * acknowledged and empty (RFC 9000 §2.2, §4.1, §13.3).
     */
    @Property(tries = 300)
    void deliversEveryByteUnderRandomAcksAndLosses(@ForAll @IntRange(min = 0, max = 20000) int size,
            @ForAll long seed, @ForAll @IntRange(min = 64, max = 8192) int capacity) {
        Random random = new Random(seed);
        byte[] original = new byte[size];
        random.nextBytes(original);
        SendBuffer buffer = new SendBuffer(capacity);
        byte[] received = new byte[size];
        boolean[] got = new boolean[size];
        boolean finDelivered = false;
        List<Sent> inFlight = new ArrayList<>();
        StreamChunk chunk = new StreamChunk();
        long flowLimit = random.nextInt(2000);
        int written = 0;

        for (int step = 0; step < 100_000 && !buffer.isFullyAcked(); step++) {
            if (written < size && random.nextInt(3) == 0) {
                int n = Math.min(size - written, random.nextInt(3000));
                written += buffer.write(ByteBuffer.wrap(original, written, n));
                if (written == size) {
                    buffer.finish();
                }
            }
            if (size == 0 && !buffer.isFinished()) {
                buffer.finish();
            }
            if (random.nextInt(4) == 0) {
                flowLimit += random.nextInt(3000);
            }
            long sentBefore = buffer.sentOffset();
            if (buffer.poll(chunk, 1 + random.nextInt(1400), flowLimit)) {
                if (!chunk.isRetransmission()) {
                    assertThat(chunk.offset()).isEqualTo(sentBefore);
                    assertThat(chunk.offset() + chunk.length()).isLessThanOrEqualTo(Math.max(flowLimit, sentBefore));
                }
                ByteBuffer payload = ByteBuffer.allocate(chunk.length());
                buffer.copyTo(chunk.offset(), chunk.length(), payload);
                assertThat(payload.array()).isEqualTo(Arrays.copyOfRange(original, (int) chunk.offset(),
                        (int) chunk.offset() + chunk.length()));
                inFlight.add(new Sent(chunk.offset(), chunk.length(), chunk.fin()));
            }
            if (!inFlight.isEmpty() && random.nextInt(3) > 0) {
                Sent s = inFlight.remove(random.nextInt(inFlight.size()));
                if (random.nextInt(5) == 0) {
                    buffer.onLost(s.offset(), s.length(), s.fin());
                } else {
                    for (int i = 0; i < s.length(); i++) {
                        received[(int) s.offset() + i] = original[(int) s.offset() + i];
                        got[(int) s.offset() + i] = true;
                    }
                    finDelivered |= s.fin();
                    buffer.onAcked(s.offset(), s.length(), s.fin());
                }
            }
            if (buffer.writeOffset() >= flowLimit && !buffer.hasPendingData() && inFlight.isEmpty()) {
                flowLimit += 5000; // the receiver reads and grants more credit
            }
        }
        assertThat(buffer.isFullyAcked()).as("fully acknowledged: %s", buffer).isTrue();
        assertThat(finDelivered).isTrue();
        assertThat(received).isEqualTo(original);
        for (boolean b : got) {
            assertThat(b).isTrue();
        }
        assertThat(buffer.unackedBytes()).isZero();
        assertThat(buffer.hasPendingData()).isFalse();
    }

    @Test
    void stopsTakingDataAtCapacityUntilAcknowledged() {
        SendBuffer buffer = new SendBuffer(100);
        assertThat(buffer.write(ByteBuffer.allocate(150))).isEqualTo(100);
        assertThat(buffer.writableBytes()).isZero();
        StreamChunk chunk = new StreamChunk();
        assertThat(buffer.poll(chunk, 60, Long.MAX_VALUE)).isTrue();
        buffer.onAcked(chunk.offset(), chunk.length(), false);
        assertThat(buffer.writableBytes()).isEqualTo(60);
    }

    @Test
    void sendsFinAloneAfterAllDataWasSent_rfc9000_19_8() {
        SendBuffer buffer = new SendBuffer(100);
        buffer.write(ByteBuffer.allocate(10));
        StreamChunk chunk = new StreamChunk();
        assertThat(buffer.poll(chunk, 100, 100)).isTrue();
        assertThat(chunk.fin()).isFalse();
        buffer.finish();
        assertThat(buffer.poll(chunk, 100, 100)).isTrue();
        assertThat(chunk.offset()).isEqualTo(10);
        assertThat(chunk.length()).isZero();
        assertThat(chunk.fin()).isTrue();
        assertThat(buffer.poll(chunk, 100, 100)).isFalse();
    }

    @Test
    void retransmitsLostDataBeforeNewData_rfc9000_13_3() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(ByteBuffer.allocate(300));
        StreamChunk chunk = new StreamChunk();
        buffer.poll(chunk, 100, 1000);
        buffer.poll(chunk, 100, 1000);
        buffer.onLost(0, 100, false);
        assertThat(buffer.poll(chunk, 100, 1000)).isTrue();
        assertThat(chunk.offset()).isZero();
        assertThat(chunk.isRetransmission()).isTrue();
        assertThat(buffer.poll(chunk, 100, 1000)).isTrue();
        assertThat(chunk.offset()).isEqualTo(200);
        assertThat(chunk.isRetransmission()).isFalse();
    }

    @Test
    void doesNotRetransmitDataAcknowledgedAfterBeingDeclaredLost() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(ByteBuffer.allocate(100));
        StreamChunk chunk = new StreamChunk();
        buffer.poll(chunk, 100, 1000);
        buffer.onLost(0, 100, false);
        buffer.onAcked(0, 100, false); // the "lost" packet was only late
        assertThat(buffer.hasPendingData()).isFalse();
    }

    @Test
    void newDataStopsAtTheFlowLimit_rfc9000_4_1() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(ByteBuffer.allocate(500));
        StreamChunk chunk = new StreamChunk();
        assertThat(buffer.poll(chunk, 1000, 120)).isTrue();
        assertThat(chunk.length()).isEqualTo(120);
        assertThat(buffer.poll(chunk, 1000, 120)).isFalse();
        assertThat(buffer.hasNewData()).isTrue();
    }
}
