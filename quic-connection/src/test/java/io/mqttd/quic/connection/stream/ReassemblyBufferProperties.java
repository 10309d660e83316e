package io.mqttd.quic.connection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReassemblyBufferProperties {

    /** Pieces of a stream, overlapping, duplicated and shuffled, reassemble to the original bytes (RFC 9000 §2.2). */
    @Property(tries = 300)
    void reassemblesShuffledOverlappingDuplicatedPieces(@ForAll @IntRange(min = 0, max = 5000) int size,
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int readChunk) {
        Random random = new Random(seed);
        byte[] original = new byte[size];
        random.nextBytes(original);
        List<int[]> pieces = new ArrayList<>();
        for (int off = 0; off < size; ) {
            int len = 1 + random.nextInt(300);
            len = Math.min(len, size - off);
            pieces.add(new int[] {off, len});
            if (random.nextInt(4) == 0) {
                int start = Math.max(0, off - random.nextInt(100));
                pieces.add(new int[] {start, Math.min(size - start, len + random.nextInt(200))}); // overlap
            }
            off += len;
        }
        List<int[]> duplicated = new ArrayList<>(pieces);
        for (int[] p : pieces) {
            if (random.nextInt(5) == 0) {
                duplicated.add(p);
            }
        }
        Collections.shuffle(duplicated, random);

        ReassemblyBuffer buffer = new ReassemblyBuffer();
        ByteBuffer out = ByteBuffer.allocate(size);
        ByteBuffer chunk = ByteBuffer.allocate(readChunk * 37);
        for (int[] p : duplicated) {
            ByteBuffer slice = ByteBuffer.wrap(original, p[0], p[1]).slice();
            buffer.insert(p[0], slice);
            assertThat(slice.position()).as("insert leaves the caller's buffer untouched").isZero();
            if (random.nextBoolean()) {
                drain(buffer, chunk, out);
            }
        }
        drain(buffer, chunk, out);
        assertThat(out.position()).isEqualTo(size);
        assertThat(out.array()).isEqualTo(original);
        assertThat(buffer.bufferedBytes()).isZero();
        assertThat(buffer.highestReceived()).isEqualTo(size);
    }

    private static void drain(ReassemblyBuffer buffer, ByteBuffer chunk, ByteBuffer out) {
        int n;
        do {
            chunk.clear();
            n = buffer.read(chunk);
            chunk.flip();
            out.put(chunk);
        } while (n > 0);
    }

    /**
     * RFC 9000 §2.2 says data at an offset must not change; when a peer changes it anyway, the
     * first copy received is what the application reads, whether it waited in the ring or beyond
     * a gap. Pieces come from two conflicting versions of the stream, in random order, with random
     * reads in between; every byte read equals the first byte delivered at its offset.
     */
    @Property(tries = 300)
    void firstCopyDeliveredAtEachOffsetWins(@ForAll @IntRange(min = 1, max = 3000) int size, @ForAll long seed) {
        Random random = new Random(seed);
        byte[][] versions = new byte[2][size];
        random.nextBytes(versions[0]);
        random.nextBytes(versions[1]);
        byte[] expected = new byte[size];
        boolean[] set = new boolean[size];
        ReassemblyBuffer buffer = new ReassemblyBuffer();
        ByteBuffer out = ByteBuffer.allocate(size);
        ByteBuffer chunk = ByteBuffer.allocate(97);
        while (out.position() < size) {
            int start = random.nextInt(size);
            int len = 1 + random.nextInt(Math.min(400, size - start));
            byte[] version = versions[random.nextInt(2)];
            for (int i = start; i < start + len; i++) {
                if (!set[i]) {
                    set[i] = true;
                    expected[i] = version[i];
                }
            }
            buffer.insert(start, ByteBuffer.wrap(version, start, len).slice());
            if (random.nextInt(3) == 0) {
                drain(buffer, chunk, out);
            }
            if (random.nextInt(50) == 0) {
                buffer.insert(0, ByteBuffer.wrap(version, 0, size)); // fill every gap at once
                for (int i = 0; i < size; i++) {
                    if (!set[i]) {
                        set[i] = true;
                        expected[i] = version[i];
                    }
                }
                drain(buffer, chunk, out);
            }
        }
        assertThat(out.array()).isEqualTo(expected);
        assertThat(buffer.bufferedBytes()).isZero();
    }

    @Test
    void ringShrinksAfterABurstOnceTrafficStaysSmall() {
        ReassemblyBuffer buffer = new ReassemblyBuffer();
        long offset = 0;
        buffer.insert(offset, ByteBuffer.allocate(1 << 20));
        offset += 1 << 20;
        buffer.read(ByteBuffer.allocate(1 << 20));
        assertThat(buffer.ringCapacity()).isGreaterThanOrEqualTo(1 << 20);
        // The window that saw the burst keeps the ring; the next window of small traffic shrinks it.
        for (int i = 0; i < 32; i++) {
            buffer.insert(offset, ByteBuffer.allocate(100));
            offset += 100;
            buffer.read(ByteBuffer.allocate(100));
        }
        assertThat(buffer.ringCapacity()).as("back near the traffic's size").isLessThanOrEqualTo(1024);
    }

    @Test
    void ringKeepsItsSizeWhileTrafficUsesIt() {
        ReassemblyBuffer buffer = new ReassemblyBuffer();
        long offset = 0;
        for (int i = 0; i < 100; i++) {
            buffer.insert(offset, ByteBuffer.allocate(300_000));
            offset += 300_000;
            buffer.read(ByteBuffer.allocate(300_000));
        }
        assertThat(buffer.ringCapacity()).as("no regrowth churn for a busy stream").isGreaterThanOrEqualTo(300_000);
    }

    @Test
    void readsAcrossTheRingsWrapAround() {
        ReassemblyBuffer buffer = new ReassemblyBuffer();
        byte[] data = new byte[5000];
        new Random(1).nextBytes(data);
        ByteBuffer out = ByteBuffer.allocate(5000);
        int written = 0;
        while (written < data.length) {
            int n = Math.min(700, data.length - written);
            buffer.insert(written, ByteBuffer.wrap(data, written, n).slice());
            written += n;
            ByteBuffer part = ByteBuffer.allocate(500);
            buffer.read(part);
            part.flip();
            out.put(part);
        }
        drain(buffer, ByteBuffer.allocate(333), out);
        assertThat(out.array()).isEqualTo(data);
    }

    @Test
    void keepsFirstCopyOfBytesAlreadyBuffered_rfc9000_2_2() {
        ReassemblyBuffer buffer = new ReassemblyBuffer();
        buffer.insert(5, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        buffer.insert(4, ByteBuffer.wrap(new byte[] {9, 9, 9, 9, 9}));
        buffer.insert(0, ByteBuffer.wrap(new byte[] {0, 0, 0, 0}));
        ByteBuffer out = ByteBuffer.allocate(16);
        assertThat(buffer.read(out)).isEqualTo(9);
        assertThat(java.util.Arrays.copyOf(out.array(), 9)).containsExactly(0, 0, 0, 0, 9, 1, 2, 3, 9);
    }

    @Test
    void readsNothingAcrossAGap() {
        ReassemblyBuffer buffer = new ReassemblyBuffer();
        buffer.insert(10, ByteBuffer.wrap(new byte[5]));
        assertThat(buffer.readableBytes()).isZero();
        assertThat(buffer.read(ByteBuffer.allocate(10))).isZero();
        assertThat(buffer.bufferedBytes()).isEqualTo(5);
    }
}
