package io.mqttd.bench.broker.load;

import io.mqttd.mqtt.codec.MqttDecodeException;
import io.mqttd.mqtt.codec.MqttDecoder;
import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Suback;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One MQTT 5 client connection of the load generator: a blocking NIO socket, our codec for
 * decoding, hand-patched pre-encoded packets on the hot path. Reads happen on one thread; writes
 * are serialised by the caller (see {@link #writeLock}).
 */
final class LoadConnection implements AutoCloseable {

    final SocketChannel channel;
    final MqttDecoder decoder = MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET);
    final MqttEncoder encoder = new MqttEncoder(ProtocolVersion.MQTT_5);
    final ByteBuffer in;
    final Object writeLock = new Object();
    /** The broker's Receive Maximum from CONNACK (MQTT 5.0 §3.2.2.3.3); 65535 when absent. */
    int receiveMaximum = 65535;

    private LoadConnection(SocketChannel channel, int readBufferBytes) {
        this.channel = channel;
        this.in = ByteBuffer.allocateDirect(readBufferBytes);
    }

    /** Connects with Clean Start, no keep alive (the load must not race PINGREQs), and waits for CONNACK. */
    static LoadConnection open(InetSocketAddress broker, String clientId) throws IOException {
        return open(broker, clientId, 256 * 1024);
    }

    static LoadConnection open(InetSocketAddress broker, String clientId, int readBufferBytes) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(broker);
        LoadConnection c = new LoadConnection(ch, readBufferBytes);
        c.send(Connect.of(ProtocolVersion.MQTT_5, clientId, true, 0));
        MqttPacket p = c.next();
        if (!(p instanceof Connack ack) || ack.reasonCode() != ReasonCode.SUCCESS) {
            throw new IOException(clientId + ": CONNECT refused: " + p);
        }
        c.receiveMaximum = (int) ack.properties().numeric(MqttProperty.RECEIVE_MAXIMUM, 65535);
        return c;
    }

    void subscribe(String filter, int qos) throws IOException {
        send(new Subscribe(1, List.of(Subscription.of(filter, Qos.of(qos))), MqttProperties.EMPTY));
        MqttPacket p = next();
        if (!(p instanceof Suback)) {
            throw new IOException("expected SUBACK: " + p);
        }
    }

    void send(MqttPacket packet) throws IOException {
        write(encoder.encode(packet));
    }

    void write(ByteBuffer bytes) throws IOException {
        synchronized (writeLock) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** The next packet, blocking; for the handshake (the packet may view {@link #in}, use it at once). */
    MqttPacket next() throws IOException {
        while (true) {
            in.flip();
            try {
                if (in.hasRemaining()) {
                    MqttPacket p = decoder.decode(in);
                    if (p != null) {
                        return p;
                    }
                }
            } catch (MqttDecodeException e) {
                throw new IOException("broker sent a malformed packet", e);
            } finally {
                in.compact();
            }
            fill();
        }
    }

    /** Something that takes each decoded packet while its bytes are still in the read buffer. */
    interface PacketSink {
        void accept(MqttPacket packet) throws IOException;
    }

    /** Blocks for one read, then hands every complete packet to {@code sink}. */
    void pump(PacketSink sink) throws IOException {
        fill();
        in.flip();
        try {
            MqttPacket p;
            while (in.hasRemaining() && (p = decoder.decode(in)) != null) {
                sink.accept(p);
            }
        } catch (MqttDecodeException e) {
            throw new IOException("broker sent a malformed packet", e);
        } finally {
            in.compact();
        }
    }

    private void fill() throws IOException {
        if (channel.read(in) < 0) {
            throw new IOException("broker closed the connection");
        }
    }

    @Override
    public void close() {
        try {
            send(Disconnect.NORMAL);
        } catch (IOException ignored) {
            // already gone
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
