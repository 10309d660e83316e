package io.mqttd.interop;

import io.mqttd.quic.tls.cert.CertifiedKey;
import io.mqttd.quic.tls.cert.PemFiles;
import io.mqttd.quic.tls.cert.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** Files the interop tests serve and compare, and a certificate in PEM for the other stacks. */
final class TestFiles {
    static final CertifiedKey CERT = SelfSignedCertificate.generate("localhost");

    private TestFiles() {
    }

    /** Writes {@code size} seeded random bytes to {@code dir/name}. */
    static Path randomFile(Path dir, String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    static Path certPem(Path dir) throws IOException {
        return Files.writeString(dir.resolve("cert.pem"), PemFiles.toPem(CERT.chain().toArray()), StandardCharsets.US_ASCII);
    }

    static Path keyPem(Path dir) throws IOException {
        return Files.writeString(dir.resolve("key.pem"), PemFiles.toPem(CERT.privateKey()), StandardCharsets.US_ASCII);
    }
}
