package io.mqttd.quic.crypto;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;

/**
 * The connection-wide count of received packets that failed authentication, "across all keys"
 * (RFC 9001 §6.6): one instance is shared by every opener of a connection. Exceeding the integrity
 * limit of the AEAD in use is the connection error AEAD_LIMIT_REACHED, after which no more packets
 * are processed.
 */
public final class AuthenticationFailures {
    private long count;

    public long count() {
        return count;
    }

    void record() {
        count++;
    }

    /**
     * @throws TransportError AEAD_LIMIT_REACHED once the count exceeds the integrity limit
     */
    void checkWithin(AeadLimits limits) {
        if (count > limits.integrityLimit()) {
            throw new TransportError(TransportErrorCode.AEAD_LIMIT_REACHED,
                    count + " packets failed authentication, over the integrity limit of " + limits.integrityLimit());
        }
    }
}
