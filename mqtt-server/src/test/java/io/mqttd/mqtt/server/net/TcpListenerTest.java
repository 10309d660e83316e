package io.mqttd.mqtt.server.net;

import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The TCP listener against small stand-in cores: the transport contract, timeouts, back-pressure. */
class TcpListenerTest {

    private final EventLoops loops = new EventLoops(SocketTransport.NIO, 2);
    private final List<TcpListener> listeners = new ArrayList<>();

    @AfterEach
    void stop() {
        listeners.forEach(TcpListener::close);
        loops.shutdown(Duration.ofSeconds(5));
    }

    private InetSocketAddress start(ConnectionLimits limits, Function<MqttTransport, MqttConnectionHandler> core)
            throws Exception {
        TcpListener l = new TcpListener("test", new InetSocketAddress("127.0.0.1", 0), loops, limits, core);
        listeners.add(l);
        return l.start();
    }

    /** Writes back what arrives, and records contract violations. */
    static final class EchoCore implements MqttConnectionHandler {
        final MqttTransport transport;
        final List<String> violations = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closedCalls = new AtomicInteger();

        EchoCore(MqttTransport transport) {
            this.transport = transport;
        }

        private void checkThread(String what) {
            if (!((EventLoop) transport.executor()).inEventLoop()) {
                violations.add(what + " off the connection's executor");
            }
        }

        @Override
        public void onBytes(ByteBuffer data) {
            checkThread("onBytes");
            transport.write(data);
            if (data.hasRemaining()) {
                violations.add("write did not consume the buffer");
            }
            transport.flush();
        }

        @Override
        public void onWritabilityChanged() {
            checkThread("onWritabilityChanged");
        }

        @Override
        public void onTransportClosed() {
            checkThread("onTransportClosed");
            closedCalls.incrementAndGet();
            closed.countDown();
        }
    }

    @Test
    void handsBytesToTheCoreOnTheConnectionsExecutorAndSendsItsWrites() throws Exception {
        List<EchoCore> cores = new CopyOnWriteArrayList<>();
        InetSocketAddress address = start(ConnectionLimits.defaults(), t -> {
            EchoCore c = new EchoCore(t);
            cores.add(c);
            return c;
        });
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(5000);
            byte[] connect = {0x10, 0x03, 'a', 'b', 'c'};
            s.getOutputStream().write(connect);
            assertThat(s.getInputStream().readNBytes(connect.length)).isEqualTo(connect);
            assertThat(cores).hasSize(1);
            assertThat(cores.get(0).transport.kind()).isEqualTo("tcp");
            assertThat(cores.get(0).transport.remoteAddress().getPort()).isEqualTo(s.getLocalPort());
        }
        EchoCore core = cores.get(0);
        assertThat(core.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(core.closedCalls.get()).isEqualTo(1);
        assertThat(core.violations).isEmpty();
    }

    @Test
    void closesAConnectionThatSendsNothingAfterTheConnectTimeout_3_1_4() throws Exception {
        InetSocketAddress address = start(ConnectionLimits.defaults().withConnectTimeout(Duration.ofMillis(200)),
                EchoCore::new);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).as("server closed the idle connection").isEqualTo(-1);
        }
        assertThat(listeners.get(0).counters().connectTimeouts()).isEqualTo(1);
    }

    @Test
    void closesAConnectionWhoseFirstPacketStaysIncomplete_3_1_4() throws Exception {
        InetSocketAddress address = start(ConnectionLimits.defaults().withConnectTimeout(Duration.ofMillis(200)),
                EchoCore::new);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            // CONNECT announcing 100 bytes, of which 3 arrive.
            s.getOutputStream().write(new byte[] {0x10, 100, 0, 4, 'M'});
            InputStream in = s.getInputStream();
            assertThat(in.readNBytes(5)).hasSize(5);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(listeners.get(0).counters().connectTimeouts()).isEqualTo(1);
    }

    @Test
    void keepsAConnectionWhoseFirstPacketCameWholeBeyondTheConnectTimeout() throws Exception {
        InetSocketAddress address = start(ConnectionLimits.defaults().withConnectTimeout(Duration.ofMillis(100)),
                EchoCore::new);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x10, 0x01, 0x00});
            assertThat(s.getInputStream().readNBytes(3)).hasSize(3);
            Thread.sleep(500);
            out.write(new byte[] {(byte) 0xC0, 0x00});
            assertThat(s.getInputStream().readNBytes(2)).containsExactly((byte) 0xC0, 0x00);
        }
        assertThat(listeners.get(0).counters().connectTimeouts()).isZero();
    }

    /** Sends {@code amplification} bytes for every byte received, like acks for a publish flood. */
    static final class AmplifyingCore implements MqttConnectionHandler {
        private final MqttTransport transport;
        private final ByteBuffer reply;
        final AtomicBoolean sawUnwritable = new AtomicBoolean();

        AmplifyingCore(MqttTransport transport, int amplification) {
            this.transport = transport;
            this.reply = ByteBuffer.allocate(amplification);
        }

        @Override
        public void onBytes(ByteBuffer data) {
            for (int i = data.remaining(); i > 0; i--) {
                transport.write(reply.clear());
            }
            transport.flush();
            if (!transport.isWritable()) {
                sawUnwritable.set(true);
            }
        }

        @Override
        public void onWritabilityChanged() {
        }

        @Override
        public void onTransportClosed() {
        }
    }

    @Test
    void stopsReadingFromAPeerThatDoesNotReadItsReplies() throws Exception {
        List<AmplifyingCore> cores = new CopyOnWriteArrayList<>();
        InetSocketAddress address = start(ConnectionLimits.defaults(), t -> {
            AmplifyingCore c = new AmplifyingCore(t, 64);
            cores.add(c);
            return c;
        });
        long offered = 256L * 1024 * 1024;
        long accepted = 0;
        try (SocketChannel client = SocketChannel.open(address)) {
            client.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long idleSince = System.nanoTime();
            // Write until the connection refuses bytes for a second: the server stopped reading.
            while (accepted < offered && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(1)) {
                int n = client.write(chunk.clear());
                if (n > 0) {
                    accepted += n;
                    idleSince = System.nanoTime();
                } else {
                    Thread.sleep(5);
                }
            }
        }
        ListenerCounters counters = listeners.get(0).counters();
        assertThat(accepted).as("the client could not push everything").isLessThan(offered);
        assertThat(counters.readPauses()).isPositive();
        assertThat(cores.get(0).sawUnwritable).isTrue();
    }

    /** On its first bytes, writes {@code size} bytes and closes at once. */
    static final class WriteThenCloseCore implements MqttConnectionHandler {
        private final MqttTransport transport;
        private final int size;

        WriteThenCloseCore(MqttTransport transport, int size) {
            this.transport = transport;
            this.size = size;
        }

        @Override
        public void onBytes(ByteBuffer data) {
            ByteBuffer out = ByteBuffer.allocate(size);
            for (int i = 0; i < size; i++) {
                out.put((byte) i);
            }
            transport.write(out.flip());
            transport.flush();
            transport.close();
        }

        @Override
        public void onWritabilityChanged() {
        }

        @Override
        public void onTransportClosed() {
        }
    }

    @Test
    void closeDeliversEverythingFlushedBeforeIt_4_13_1() throws Exception {
        int size = 4 * 1024 * 1024;
        InetSocketAddress address = start(ConnectionLimits.defaults(), t -> new WriteThenCloseCore(t, size));
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(new byte[] {0x10, 0x00});
            // Far more than the socket buffers hold: close() had to wait for the peer to read.
            byte[] got = s.getInputStream().readAllBytes();
            assertThat(got).hasSize(size);
            for (int i = 0; i < size; i += 4099) {
                assertThat(got[i]).isEqualTo((byte) i);
            }
        }
    }

    @Test
    void closeGivesUpOnAPeerThatDoesNotReadAfterTheLinger() throws Exception {
        InetSocketAddress address = start(ConnectionLimits.defaults().withCloseLinger(Duration.ofMillis(200)),
                t -> new WriteThenCloseCore(t, 16 * 1024 * 1024));
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setReceiveBufferSize(4096);
            s.getOutputStream().write(new byte[] {0x10, 0x00});
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (listeners.get(0).counters().open() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(listeners.get(0).counters().open()).as("server closed its side").isZero();
        }
    }

    @Test
    void servesOverEpollWhenItsNativeLibraryLoads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(),
                "epoll unavailable here (not x86-64 Linux?)");
        try (EventLoops epoll = new EventLoops(SocketTransport.AUTO, 1);
             TcpListener l = new TcpListener("epoll", new InetSocketAddress("127.0.0.1", 0), epoll,
                     ConnectionLimits.defaults(), EchoCore::new)) {
            assertThat(epoll.transport()).isEqualTo(SocketTransport.EPOLL);
            InetSocketAddress address = l.start();
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(new byte[] {0x10, 0x01, 0x07});
                assertThat(s.getInputStream().readNBytes(3)).containsExactly(0x10, 0x01, 0x07);
            }
        }
    }
}
