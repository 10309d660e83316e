package io.mqttd.quic.tls;

import java.security.SecureRandom;

/**
 * Creates ephemeral key pairs. The default draws them from a {@link SecureRandom}; tests inject
 * fixed keys to reproduce published traces (RFC 8448).
 */
@FunctionalInterface
public interface KeyExchangeFactory {

    KeyExchange generate(NamedGroup group);

    static KeyExchangeFactory secure(SecureRandom random) {
        return group -> KeyExchange.generate(group, random);
    }
}
