package io.mqttd.quic.tls;

import java.util.Arrays;

/**
 * Reassembles handshake messages (RFC 8446 §4: 1-byte type, 3-byte length) from the in-order
 * bytes of one encryption level's CRYPTO stream, which may split or join messages arbitrarily
 * (RFC 9001 §4.1.3). A message longer than the configured limit is refused before buffering it.
 */
final class HandshakeReader {
    private final int maxMessageSize;
    private byte[] buffer = new byte[0];
    private int start;
    private int end;

    HandshakeReader(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    void add(byte[] data, int offset, int length) {
        if (end + length > buffer.length) {
            int live = end - start;
            byte[] grown = buffer.length - live >= length ? buffer : new byte[Math.max(live + length, buffer.length * 2)];
            System.arraycopy(buffer, start, grown, 0, live);
            buffer = grown;
            start = 0;
            end = live;
        }
        System.arraycopy(data, offset, buffer, end, length);
        end += length;
    }

    /** Bytes received but not yet returned as a complete message. */
    boolean hasPartialData() {
        return end > start;
    }

    /** The next complete message including its header, or null if more bytes are needed. */
    byte[] next() {
        if (end - start < 4) {
            return null;
        }
        int length = ((buffer[start + 1] & 0xff) << 16) | ((buffer[start + 2] & 0xff) << 8) | (buffer[start + 3] & 0xff);
        if (length > maxMessageSize) {
            // No alert fits exactly; RFC 8446 §6.2 decode_error covers a message we cannot process.
            throw TlsAlertException.decodeError("handshake message type " + (buffer[start] & 0xff)
                    + " of " + length + " bytes exceeds the limit of " + maxMessageSize);
        }
        if (end - start < 4 + length) {
            return null;
        }
        byte[] message = Arrays.copyOfRange(buffer, start, start + 4 + length);
        start += 4 + length;
        return message;
    }

    static int type(byte[] message) {
        return message[0] & 0xff;
    }

    static byte[] body(byte[] message) {
        return Arrays.copyOfRange(message, 4, message.length);
    }

}
