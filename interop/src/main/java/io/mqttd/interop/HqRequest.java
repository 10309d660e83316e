package io.mqttd.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An HTTP/0.9 request line as hq-interop sends it: {@code GET /path}, optionally ended by CRLF.
 */
public record HqRequest(String path) {
    /** Requests longer than this are refused: a path, not a body. */
    public static final int MAX_LENGTH = 4096;

    /** Parses a request; returns null for anything that is not {@code GET /...}. */
    public static HqRequest parse(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            return null;
        }
        String line = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (!line.startsWith("GET /") || line.indexOf(' ', 4) >= 0) {
            return null;
        }
        return new HqRequest(line.substring(4));
    }

    public byte[] encode() {
        return ("GET " + path + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The file under {@code root} this request names, or null if the path escapes the root
     * ({@code ..}) or is not a plain relative path.
     */
    public Path resolveUnder(Path root) {
        Path normalizedRoot = root.toAbsolutePath().normalize();
        Path target = normalizedRoot.resolve(path.substring(1)).normalize();
        return target.startsWith(normalizedRoot) && !target.equals(normalizedRoot) ? target : null;
    }
}
