package io.mqttd.quic.tls.interop;

import io.mqttd.quic.crypto.EncryptionLevel;
import io.mqttd.quic.tls.TlsEvent;
import io.mqttd.quic.tls.TlsHandshake;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal TLS 1.3 record layer (RFC 8446 §5) around our sans-IO engine, for tests only: it lets
 * the engine talk to TLS-over-TCP stacks (JDK SSLEngine, Bouncy Castle). AES-GCM suites only;
 * ChangeCipherSpec records (RFC 8446 §D.4) are dropped.
 */
public final class RecordLayer {
    private final TlsHandshake engine;
    private final Map<EncryptionLevel, Protection> writeKeys = new EnumMap<>(EncryptionLevel.class);
    private Protection readKey;
    private EncryptionLevel readLevel = EncryptionLevel.INITIAL;
    private final ByteArrayOutputStream inbound = new ByteArrayOutputStream();
    private final ByteArrayOutputStream applicationData = new ByteArrayOutputStream();
    public final List<TlsEvent> events = new ArrayList<>();

    public RecordLayer(TlsHandshake engine) {
        this.engine = engine;
    }

    /** Per-direction AEAD state of one traffic secret (RFC 8446 §7.3). */
    private static final class Protection {
        final SecretKeySpec key;
        final byte[] iv;
        long sequence;

        Protection(io.mqttd.quic.crypto.CipherSuite suite, byte[] secret) {
            if (suite.isChaCha20()) {
                throw new UnsupportedOperationException("the test record layer only does AES-GCM");
            }
            key = new SecretKeySpec(suite.hkdf().expandLabel(secret, "key", new byte[0], suite.keyLength()), "AES");
            iv = suite.hkdf().expandLabel(secret, "iv", new byte[0], 12);
        }

        byte[] nonce() {
            byte[] n = iv.clone();
            for (int i = 0; i < 8; i++) {
                n[11 - i] ^= (byte) (sequence >>> (8 * i));
            }
            sequence++;
            return n;
        }
    }

    /** Turns the engine's pending events into TLS records to send to the peer. */
    public byte[] drainRecords() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TlsEvent e;
        while ((e = engine.poll()) != null) {
            events.add(e);
            if (e instanceof TlsEvent.SecretAvailable s) {
                if (s.direction() == TlsEvent.Direction.WRITE) {
                    writeKeys.put(s.level(), new Protection(s.suite(), s.secret()));
                } else {
                    readKey = new Protection(s.suite(), s.secret());
                    readLevel = s.level();
                }
            } else if (e instanceof TlsEvent.HandshakeData d) {
                Protection p = writeKeys.get(d.level());
                out.write(p == null ? plaintext(22, d.data()) : seal(p, 22, d.data()));
            }
        }
        return out.toByteArray();
    }

    public byte[] applicationRecord(byte[] data) throws Exception {
        return seal(writeKeys.get(EncryptionLevel.APPLICATION), 23, data);
    }

    private static byte[] plaintext(int type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(5 + data.length);
        b.put((byte) type).putShort((short) 0x0303).putShort((short) data.length).put(data);
        return b.array();
    }

    private static byte[] seal(Protection p, int type, byte[] data) throws Exception {
        byte[] inner = Arrays.copyOf(data, data.length + 1);
        inner[data.length] = (byte) type;
        byte[] header = {23, 3, 3, (byte) ((inner.length + 16) >>> 8), (byte) (inner.length + 16)};
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, p.key, new GCMParameterSpec(128, p.nonce()));
        c.updateAAD(header);
        byte[] sealed = c.doFinal(inner);
        byte[] record = Arrays.copyOf(header, 5 + sealed.length);
        System.arraycopy(sealed, 0, record, 5, sealed.length);
        return record;
    }

    /** Feeds bytes received from the peer; complete records go to the engine or to the application data. */
    public void receive(byte[] bytes) throws Exception {
        inbound.write(bytes);
        byte[] buf = inbound.toByteArray();
        int i = 0;
        while (buf.length - i >= 5) {
            int type = buf[i] & 0xff;
            int length = ((buf[i + 3] & 0xff) << 8) | (buf[i + 4] & 0xff);
            if (buf.length - i - 5 < length) {
                break;
            }
            byte[] body = Arrays.copyOfRange(buf, i + 5, i + 5 + length);
            byte[] header = Arrays.copyOfRange(buf, i, i + 5);
            i += 5 + length;
            if (type == 20) {
                continue;
            }
            if (type == 22) {
                engine.handle(EncryptionLevel.INITIAL, body);
            } else if (type == 23) {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, readKey.key, new GCMParameterSpec(128, readKey.nonce()));
                c.updateAAD(header);
                byte[] inner = c.doFinal(body);
                int end = inner.length - 1;
                while (inner[end] == 0) {
                    end--;
                }
                byte[] content = Arrays.copyOf(inner, end);
                if (inner[end] == 22) {
                    engine.handle(readLevel, content);
                } else if (inner[end] == 23) {
                    applicationData.write(content);
                } else {
                    throw new IllegalStateException("record of inner type " + inner[end]);
                }
            } else {
                throw new IllegalStateException("alert or unknown record " + type + ": " + Arrays.toString(body));
            }
            // Secrets the engine derived from this record must apply to the next one.
            drainPendingSecrets();
        }
        inbound.reset();
        inbound.write(buf, i, buf.length - i);
    }

    private final ByteArrayOutputStream pendingOut = new ByteArrayOutputStream();

    private void drainPendingSecrets() throws Exception {
        pendingOut.write(drainRecords());
    }

    /** Records produced while receiving, plus any still pending. */
    public byte[] output() throws Exception {
        pendingOut.write(drainRecords());
        byte[] out = pendingOut.toByteArray();
        pendingOut.reset();
        return out;
    }

    public byte[] applicationData() {
        return applicationData.toByteArray();
    }
}
