package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Seal/open and apply/remove round trips for every suite and both versions, tampering, and random
 * or mutated input that must come back as "drop", never as an exception.
 */
class PacketProtectionProperties {

    /** A packet to protect: header (ending with the truncated packet number) and payload. */
    record Plain(CipherSuite suite, int version, boolean longHeader, int pnLength, long pn, byte[] header,
            byte[] payload, boolean direct, int offset) {
        int pnOffset() {
            return offset + header.length - pnLength;
        }

        int payloadOffset() {
            return offset + header.length;
        }

        int end() {
            return payloadOffset() + payload.length + CipherSuite.TAG_LENGTH;
        }
    }

    @Provide
    Arbitrary<Plain> plainPackets() {
        Arbitrary<CipherSuite> suites = Arbitraries.of(CipherSuite.class);
        Arbitrary<Integer> versions = Arbitraries.of(VersionLabels.QUIC_V1, VersionLabels.QUIC_V2);
        Arbitrary<Integer> pnLengths = Arbitraries.integers().between(1, 4);
        Arbitrary<Long> pns = Arbitraries.longs().between(0, (1L << 62) - 1);
        Arbitrary<byte[]> headerBodies = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(40);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMinSize(3).ofMaxSize(1300);
        return Combinators.combine(suites, versions, Arbitraries.of(true, false), pnLengths, pns, headerBodies, payloads,
                Arbitraries.of(true, false)).flatAs((suite, version, isLong, pnLength, pn, body, payload, direct) ->
                Arbitraries.integers().between(0, 7).map(offset -> {
                    byte[] header = new byte[1 + body.length + pnLength];
                    int firstBits = body.length == 0 ? 0 : body[0] & 0x3c;
                    header[0] = (byte) ((isLong ? 0xc0 : 0x40) | firstBits | (pnLength - 1));
                    System.arraycopy(body, 0, header, 1, body.length);
                    for (int i = 0; i < pnLength; i++) {
                        header[1 + body.length + i] = (byte) (pn >>> (8 * (pnLength - 1 - i)));
                    }
                    return new Plain(suite, version, isLong, pnLength, pn, header, payload, direct, offset);
                }));
    }

    private static PacketKeys keys(Plain p) {
        byte[] secret = new byte[p.suite().hkdf().hashLength()];
        secret[3] = (byte) p.pn();
        return PacketKeys.derive(p.suite(), secret, p.version());
    }

    private static ByteBuffer sealed(Plain p, PacketKeys keys) {
        ByteBuffer buf = p.direct() ? ByteBuffer.allocateDirect(p.end() + 5) : ByteBuffer.allocate(p.end() + 5);
        buf.put(p.offset(), p.header()).put(p.payloadOffset(), p.payload());
        int end = PacketSealer.create(keys).seal(buf, p.offset(), p.pnOffset(), p.pnLength(),
                p.payloadOffset() + p.payload().length, p.pn());
        assertThat(end).isEqualTo(p.end());
        return buf;
    }

    @Property(tries = 300)
    void sealThenOpenRestoresHeaderAndPayload_rfc9001_5_3_5_4(@ForAll("plainPackets") Plain p) {
        PacketKeys keys = keys(p);
        ByteBuffer buf = sealed(p, keys);
        PacketOpener opener = PacketOpener.create(keys, new AuthenticationFailures());

        assertThat(opener.removeHeaderProtection(buf, p.offset(), p.pnOffset(), p.end())).isEqualTo(p.pnLength());
        assertThat(bytes(buf, p.offset(), p.header().length)).isEqualTo(p.header());
        assertThat(opener.open(buf, p.offset(), p.payloadOffset(), p.end(), p.pn())).isTrue();
        assertThat(bytes(buf, p.payloadOffset(), p.payload().length)).isEqualTo(p.payload());
    }

    @Property(tries = 300)
    void anyFlippedBitMakesThePacketFailToOpen_rfc9001_5_5(@ForAll("plainPackets") Plain p,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where) {
        PacketKeys keys = keys(p);
        ByteBuffer buf = sealed(p, keys);
        int bit = where % ((p.end() - p.offset()) * 8);
        int index = p.offset() + bit / 8;
        buf.put(index, (byte) (buf.get(index) ^ (1 << (bit % 8))));
        AuthenticationFailures failures = new AuthenticationFailures();
        PacketOpener opener = PacketOpener.create(keys, failures);

        int pnLength = opener.removeHeaderProtection(buf, p.offset(), p.pnOffset(), p.end());
        boolean opened = pnLength != HeaderProtection.DROP
                && opener.open(buf, p.offset(), p.pnOffset() + pnLength, p.end(), p.pn());

        assertThat(opened).isFalse();
        assertThat(failures.count()).isEqualTo(pnLength == HeaderProtection.DROP ? 0 : 1);
    }

    @Property(tries = 300)
    void mutatedOrTruncatedPacketsAreDroppedNeverThrown(@ForAll("plainPackets") Plain p,
            @ForAll @Size(max = 8) byte[] noise, @ForAll @IntRange(min = 0, max = 2000) int cut,
            @ForAll @LongRange(min = -5, max = (1L << 62) + 5) long guessedPn) {
        PacketKeys keys = keys(p);
        ByteBuffer buf = sealed(p, keys);
        for (int i = 0; i < noise.length; i++) {
            int index = p.offset() + Math.floorMod(noise[i] * 31 + i, p.end() - p.offset());
            buf.put(index, (byte) (buf.get(index) ^ noise[i]));
        }
        int end = Math.max(p.offset(), p.end() - cut);
        PacketOpener opener = PacketOpener.create(keys, new AuthenticationFailures());

        int pnLength = opener.removeHeaderProtection(buf, p.offset(), p.pnOffset(), end);
        if (pnLength != HeaderProtection.DROP) {
            assertThat(pnLength).isBetween(1, 4);
            opener.open(buf, p.offset(), p.pnOffset() + pnLength, end, guessedPn);
        }
    }

    @Property(tries = 500)
    void randomBytesAndOffsetsNeverEscapeAsExceptions(@ForAll @Size(max = 120) byte[] bytes,
            @ForAll int packetStart, @ForAll int pnOffset, @ForAll int packetEnd, @ForAll long pn,
            @ForAll CipherSuite suite, @ForAll boolean direct) {
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        buf.put(bytes).clear();
        int start = small(packetStart, bytes.length);
        int pnAt = small(pnOffset, bytes.length);
        int end = small(packetEnd, bytes.length);
        byte[] secret = new byte[suite.hkdf().hashLength()];
        PacketKeys keys = PacketKeys.derive(suite, secret, VersionLabels.QUIC_V1);
        PacketOpener opener = PacketOpener.create(keys, new AuthenticationFailures());
        OneRttProtection oneRtt = OneRttProtection.create(suite, secret, secret, VersionLabels.QUIC_V1,
                new AuthenticationFailures());

        int pnLength = opener.removeHeaderProtection(buf, start, pnAt, end);
        assertThat(pnLength).isIn(HeaderProtection.DROP, 1, 2, 3, 4);
        assertThat(opener.open(buf, start, pnAt + Math.max(pnLength, 1), end, pn)).isFalse();
        assertThat(oneRtt.removeHeaderProtection(buf, start, pnAt, end)).isIn(HeaderProtection.DROP, 1, 2, 3, 4);
        assertThat(oneRtt.open(buf, start, pnAt + 1, end, pn, 0)).isEqualTo(OpenResult.DROPPED);
    }

    /** Mostly offsets near the buffer, sometimes anything at all. */
    private static int small(int random, int length) {
        return (random & 0x700) == 0 ? random : Math.floorMod(random, length + 4) - 2;
    }

    private static byte[] bytes(ByteBuffer buf, int from, int length) {
        byte[] out = new byte[length];
        buf.get(from, out);
        return out;
    }
}
