package io.mqttd.quic.tls.cert;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Reads and writes certificates and private keys in PEM (RFC 7468), the form servers are usually
 * configured with. Certificates come from "CERTIFICATE" blocks in file order (end-entity first for
 * a chain, RFC 8446 §4.4.2); a private key may be PKCS#8 ("PRIVATE KEY"), SEC 1
 * ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). Encrypted keys are refused with a clear
 * message: a server cannot prompt for a passphrase.
 *
 * <p>Everything here is configuration input: problems surface as {@link IOException} or
 * {@link CertificateException} with a message naming the file, at start-up.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** All certificates of a PEM file, in file order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        return readCertificates(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** All certificates of PEM text, in order; {@code source} names the input in error messages. */
    public static List<X509Certificate> readCertificates(String pem, String source)
            throws IOException, CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object item;
            while ((item = readObject(parser, source)) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no CERTIFICATE block in " + source);
        }
        return List.copyOf(certificates);
    }

    /** The single private key of a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** The single private key of PEM text; {@code source} names the input in error messages. */
    public static PrivateKey readPrivateKey(String pem, String source) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object item;
            while ((item = readObject(parser, source)) != null) {
                PrivateKey found;
                if (item instanceof PrivateKeyInfo info) {
                    found = converter.getPrivateKey(info);
                } else if (item instanceof PEMKeyPair pair) {
                    found = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException("the private key in " + source
                            + " is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)");
                } else {
                    continue;
                }
                if (key != null) {
                    throw new IOException("more than one private key in " + source);
                }
                key = found;
            }
        } catch (PEMException e) {
            throw new IOException("unusable private key in " + source + ": " + e.getMessage(), e);
        }
        if (key == null) {
            throw new IOException("no private key block in " + source);
        }
        return key;
    }

    /**
     * PEM text of certificates and/or private keys, for saving a generated development identity.
     * Private keys are written as PKCS#8 "PRIVATE KEY" blocks, the algorithm-neutral form.
     */
    public static String toPem(Object... certificatesOrKeys) {
        StringBuilder out = new StringBuilder();
        try (JcaPEMWriter writer = new JcaPEMWriter(new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                out.append(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        })) {
            for (Object o : certificatesOrKeys) {
                if (o instanceof PrivateKey key) {
                    writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
                } else {
                    writer.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e);
        }
        return out.toString();
    }

    private static Object readObject(PEMParser parser, String source) throws IOException {
        try {
            return parser.readObject();
        } catch (IOException e) {
            throw new IOException("malformed PEM in " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Bouncy Castle reports some malformed base64/DER as unchecked exceptions.
            throw new IOException("malformed PEM in " + source + ": " + e, e);
        }
    }
}
