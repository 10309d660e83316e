package io.mqttd.quic.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Our JCA-based packet protection against Bouncy Castle's pure-Java AEADs and AES, an independent
 * implementation. The RFC samples cover AES-128-GCM and ChaCha20-Poly1305; this also covers
 * AES-256-GCM, which no RFC 9001 sample uses.
 */
class IndependentImplementationProperties {

    @Property(tries = 150)
    void sealedPacketEqualsBouncyCastleAeadThenHeaderProtection_rfc9001_5_3_5_4(@ForAll CipherSuite suite,
            @ForAll @Size(min = 3, max = 600) byte[] payload, @ForAll @LongRange(min = 0, max = (1L << 62) - 1) long pn,
            @ForAll @IntRange(min = 0, max = 20) int dcidLength) throws Exception {
        byte[] secret = new byte[suite.hkdf().hashLength()];
        secret[5] = (byte) payload.length;
        PacketKeys keys = PacketKeys.derive(suite, secret, VersionLabels.QUIC_V1);
        int pnOffset = 1 + dcidLength;
        int payloadOffset = pnOffset + 4;
        int end = payloadOffset + payload.length + CipherSuite.TAG_LENGTH;
        ByteBuffer ours = ByteBuffer.allocate(end);
        ours.put(0, (byte) 0x43);
        ours.putInt(pnOffset, (int) pn);
        ours.put(payloadOffset, payload);
        byte[] theirs = ours.array().clone();

        PacketSealer.create(keys).seal(ours, 0, pnOffset, 4, payloadOffset + payload.length, pn);

        byte[] nonce = keys.iv();
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] ^= (byte) (pn >>> (56 - 8 * i));
        }
        AEADCipher aead = suite.isChaCha20() ? new ChaCha20Poly1305() : GCMBlockCipher.newInstance(AESEngine.newInstance());
        aead.init(true, new AEADParameters(new KeyParameter(keys.key()), 128, nonce));
        aead.processAADBytes(theirs, 0, payloadOffset);
        byte[] sealed = new byte[payload.length + CipherSuite.TAG_LENGTH];
        int n = aead.processBytes(theirs, payloadOffset, payload.length, sealed, 0);
        aead.doFinal(sealed, n);
        System.arraycopy(sealed, 0, theirs, payloadOffset, sealed.length);
        byte[] mask = bouncyCastleMask(suite, keys.hp(), theirs, pnOffset + 4);
        theirs[0] ^= (byte) (mask[0] & 0x1f);
        for (int i = 0; i < 4; i++) {
            theirs[pnOffset + i] ^= mask[1 + i];
        }

        assertThat(ours.array()).isEqualTo(theirs);
    }

    private static byte[] bouncyCastleMask(CipherSuite suite, byte[] hp, byte[] packet, int sampleOffset) {
        byte[] out = new byte[16];
        if (suite.isChaCha20()) {
            ChaCha7539Engine chacha = new ChaCha7539Engine();
            byte[] nonce = Arrays.copyOfRange(packet, sampleOffset + 4, sampleOffset + 16);
            chacha.init(true, new ParametersWithIV(new KeyParameter(hp), nonce));
            int counter = (packet[sampleOffset] & 0xff) | (packet[sampleOffset + 1] & 0xff) << 8
                    | (packet[sampleOffset + 2] & 0xff) << 16 | (packet[sampleOffset + 3] & 0xff) << 24;
            // RFC 9001 §5.4.4: keystream block `counter`; skip the blocks before it.
            chacha.seekTo(Integer.toUnsignedLong(counter) * 64);
            chacha.processBytes(new byte[5], 0, 5, out, 0);
        } else {
            BlockCipher aes = AESEngine.newInstance();
            aes.init(true, new KeyParameter(hp));
            aes.processBlock(packet, sampleOffset, out, 0);
        }
        return out;
    }
}
