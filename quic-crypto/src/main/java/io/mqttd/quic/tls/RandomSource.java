package io.mqttd.quic.tls;

import java.security.SecureRandom;

/**
 * Where the engine gets its random bytes (Hello.random, ticket nonces, age_add). The default is a
 * {@link SecureRandom}; tests inject the randoms of a published trace.
 */
@FunctionalInterface
public interface RandomSource {

    void nextBytes(byte[] out);

    static RandomSource secure(SecureRandom random) {
        return random::nextBytes;
    }
}
