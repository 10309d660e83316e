package io.mqttd.mqtt.server.transport;

import java.nio.ByteBuffer;

/**
 * The broker core's side of one network connection; the listener calls it on the connection's
 * {@link MqttTransport#executor()}.
 */
public interface MqttConnectionHandler {

    /** Bytes arrived; {@code data} is only valid during the call (the core copies what it keeps). */
    void onBytes(ByteBuffer data);

    /** {@link MqttTransport#isWritable()} changed; resume sending when it became true. */
    void onWritabilityChanged();

    /** The transport closed (peer, error or {@link MqttTransport#close()}); called once. */
    void onTransportClosed();
}
