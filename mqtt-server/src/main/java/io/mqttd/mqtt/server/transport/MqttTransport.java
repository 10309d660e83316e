package io.mqttd.mqtt.server.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the broker core needs from one network connection, whatever carries it: a TCP socket, TLS,
 * a WebSocket, a QUIC stream. The core never sees a socket; a listener adapts its channel to this.
 *
 * <p>Threading: every call on a connection's {@link MqttConnectionHandler} happens on
 * {@link #executor()}, and the core calls {@link #write}, {@link #flush} and {@link #close} only from
 * that executor. Work for this connection that originates elsewhere (a message routed from another
 * client) is handed to the executor, so a connection's state is only ever touched by one thread.
 */
public interface MqttTransport {

    /** Queues encoded MQTT bytes for sending; the buffer is consumed before the call returns. */
    void write(ByteBuffer bytes);

    /** Sends what {@link #write} queued. */
    void flush();

    /** Closes the connection after sending what was flushed; {@link MqttConnectionHandler#onTransportClosed} follows. */
    void close();

    /** False while the transport's send buffer is over its high-water mark: stop writing until it drains. */
    boolean isWritable();

    InetSocketAddress remoteAddress();

    /** A short name of the transport for logs and metrics: "tcp", "tls", "ws", "quic". */
    String kind();

    /** The executor that owns this connection (a Netty event loop, a QUIC connection's loop). */
    Executor executor();

    /** The client's TLS certificate chain, leaf first, for authentication; empty without TLS client auth. */
    default List<X509Certificate> peerCertificates() {
        return List.of();
    }
}
