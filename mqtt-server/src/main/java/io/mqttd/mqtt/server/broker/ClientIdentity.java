package io.mqttd.mqtt.server.broker;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Who is connecting, as the {@link Authenticator} and {@link Authorizer} see it: the CONNECT's
 * Client Identifier, User Name and Password (MQTT 5.0 §3.1.3.1, §3.1.3.5, §3.1.3.6), where the
 * connection comes from, and the client's TLS certificate chain when the transport has one.
 *
 * @param password a read-only view, or null
 */
public record ClientIdentity(String clientId, String userName, ByteBuffer password, InetSocketAddress remoteAddress,
        String transportKind, List<X509Certificate> certificates) {

    public ClientIdentity {
        Objects.requireNonNull(clientId, "clientId");
        certificates = List.copyOf(certificates);
    }
}
