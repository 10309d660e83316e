package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.MqttDecodeException;
import io.mqttd.mqtt.codec.MqttDecoder;
import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One client of the harness: an in-memory {@link MqttTransport} whose executor is the harness's
 * queue, a codec encoder for what the client sends and a client decoder for what the broker wrote.
 */
final class TestClient implements MqttTransport {
    private final BrokerHarness harness;
    private final ProtocolVersion version;
    private final MqttEncoder encoder;
    private final MqttDecoder decoder;
    final MqttConnectionHandler handler;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<MqttPacket> received = new ArrayList<>();
    private boolean closed;
    private boolean closeNotified;
    boolean writable = true;
    int flushes;

    TestClient(BrokerHarness harness, ProtocolVersion version) {
        this.harness = harness;
        this.version = version;
        this.encoder = new MqttEncoder(version);
        this.decoder = MqttDecoder.forClient(version, MqttDecoder.LARGEST_PACKET);
        this.handler = harness.broker().connect(this);
    }

    ProtocolVersion version() {
        return version;
    }

    /** Sends packets to the broker and runs everything that follows. */
    TestClient send(MqttPacket... packets) {
        for (MqttPacket p : packets) {
            sendRaw(encoder.encode(p));
        }
        return this;
    }

    TestClient sendRaw(ByteBuffer bytes) {
        harness.executor().execute(() -> {
            if (!closed) {
                handler.onBytes(bytes);
            }
        });
        harness.drain();
        return this;
    }

    /** Packets the broker sent since the last call. */
    List<MqttPacket> take() {
        harness.drain();
        ByteBuffer in = ByteBuffer.wrap(written.toByteArray());
        written.reset();
        try {
            MqttPacket p;
            while ((p = decoder.decode(in)) != null) {
                received.add(p instanceof io.mqttd.mqtt.codec.packet.Publish pub ? pub.withCopiedPayload() : p);
            }
        } catch (MqttDecodeException e) {
            throw new AssertionError("broker sent an undecodable packet", e);
        }
        List<MqttPacket> out = new ArrayList<>(received);
        received.clear();
        return out;
    }

    /** Puts packets back in front of what the next {@link #take} returns. */
    void pushBack(List<MqttPacket> packets) {
        received.addAll(0, packets);
    }

    /** Packets of one type the broker sent since the last {@link #take}. */
    <T extends MqttPacket> List<T> take(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (MqttPacket p : take()) {
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        return out;
    }

    /** The peer drops the connection (network failure), not a DISCONNECT. */
    void drop() {
        if (!closed) {
            closed = true;
            notifyClosed();
        }
        harness.drain();
    }

    boolean isClosed() {
        harness.drain();
        return closed;
    }

    private void notifyClosed() {
        if (!closeNotified) {
            closeNotified = true;
            harness.executor().execute(handler::onTransportClosed);
        }
    }

    // ---- MqttTransport

    @Override
    public void write(ByteBuffer bytes) {
        if (closed) {
            return;
        }
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        written.writeBytes(b);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
        notifyClosed();
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return InetSocketAddress.createUnresolved("test", 1883);
    }

    @Override
    public String kind() {
        return "test";
    }

    @Override
    public Executor executor() {
        return harness.executor();
    }
}
