package io.mqttd.quic.connection.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.connection.sim.DatagramEndpoint;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpEventLoopTest {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Echoes every datagram, and when its timer fires sends "tick" to the last sender. */
    static final class EchoEndpoint implements DatagramEndpoint {
        final ArrayDeque<byte[]> out = new ArrayDeque<>();
        final ArrayDeque<InetSocketAddress> to = new ArrayDeque<>();
        volatile Thread calledFrom;
        InetSocketAddress last;
        long deadline = Long.MAX_VALUE;

        @Override
        public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
            calledFrom = Thread.currentThread();
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(copy);
            out.add(copy);
            to.add(from);
            last = from;
        }

        @Override
        public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer buf) {
            byte[] next = out.poll();
            if (next == null) {
                return null;
            }
            buf.put(next);
            return to.poll();
        }

        @Override
        public long nextTimeoutNanos() {
            return deadline;
        }

        @Override
        public void handleTimeout(long nowNanos) {
            deadline = Long.MAX_VALUE;
            out.add("tick".getBytes());
            to.add(last);
        }
    }

    static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2000], 2000);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength());
    }

    @Test
    void receivesAndSendsDatagramsOnItsOwnThread() throws Exception {
        EchoEndpoint echo = new EchoEndpoint();
        try (UdpEventLoop loop = UdpEventLoop.start(ANY_LOOPBACK, l -> echo, "udp-test");
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(5000);
            for (int i = 0; i < 100; i++) {
                byte[] msg = ("m" + i).getBytes();
                client.send(new DatagramPacket(msg, msg.length, loop.localAddress()));
                assertThat(receive(client)).isEqualTo("m" + i);
            }
            assertThat(echo.calledFrom.getName()).isEqualTo("udp-test");
            UdpStats stats = loop.submit(loop::stats).get(5, TimeUnit.SECONDS); // after the turn that sent
            assertThat(stats.datagramsReceived()).isEqualTo(100);
            assertThat(stats.datagramsSent()).isEqualTo(100);
        }
    }

    @Test
    void firesTheEndpointTimerAndSendsWhatItYields() throws Exception {
        EchoEndpoint echo = new EchoEndpoint();
        try (UdpEventLoop loop = UdpEventLoop.start(ANY_LOOPBACK, l -> echo, "udp-timer");
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(5000);
            client.send(new DatagramPacket(new byte[] {'x'}, 1, loop.localAddress()));
            assertThat(receive(client)).isEqualTo("x");
            loop.submit(() -> echo.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20))
                    .get(5, TimeUnit.SECONDS);
            assertThat(receive(client)).isEqualTo("tick");
        }
    }

    @Test
    void runsTasksOnTheLoopThreadAndReportsTheirFailures() throws Exception {
        try (UdpEventLoop loop = UdpEventLoop.start(ANY_LOOPBACK, l -> new EchoEndpoint(), "udp-tasks")) {
            assertThat(loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
                    .isEqualTo("udp-tasks");
            assertThat(loop.submit(loop::inLoop).get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.inLoop()).isFalse();
            CompletableFuture<Object> failing = loop.submit(() -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("boom");
        }
    }

    @Test
    void refusesTasksAfterClose() throws Exception {
        UdpEventLoop loop = UdpEventLoop.start(ANY_LOOPBACK, l -> new EchoEndpoint(), "udp-close");
        loop.close();
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(IllegalStateException.class);
        assertThat(loop.submit(() -> 1)).isCompletedExceptionally();
    }

    /** Re-arms a timer a few milliseconds ahead each time it fires, and counts the firings. */
    static final class RepeatingTimer implements DatagramEndpoint {
        static final long PERIOD_NANOS = 3_000_000;
        volatile int fired;
        long deadline = System.nanoTime() + PERIOD_NANOS;

        @Override
        public void handleDatagram(long nowNanos, InetSocketAddress from, ByteBuffer datagram) {
        }

        @Override
        public InetSocketAddress pollTransmit(long nowNanos, ByteBuffer out) {
            return null;
        }

        @Override
        public long nextTimeoutNanos() {
            return deadline;
        }

        @Override
        public void handleTimeout(long nowNanos) {
            fired++;
            deadline = nowNanos + PERIOD_NANOS;
        }
    }

    @Test
    void sleepsThroughMillisecondTimersInsteadOfSpinningOutTheirRemainder() throws Exception {
        RepeatingTimer timer = new RepeatingTimer();
        try (UdpEventLoop loop = UdpEventLoop.start(ANY_LOOPBACK, l -> timer, "udp-timer")) {
            while (timer.fired < 20) {
                Thread.sleep(5);
            }
            UdpStats stats = loop.submit(loop::stats).get(5, TimeUnit.SECONDS);
            int fired = loop.submit(() -> timer.fired).get(5, TimeUnit.SECONDS);
            // One sleep and one turn per firing, give or take the submitted tasks' wake-ups; spinning
            // out the sub-millisecond remainder of each 3 ms timer took hundreds of turns per firing.
            assertThat(stats.wakeups()).isLessThan(5L * fired + 50);
        }
    }

    @Test
    void setsTheDontFragmentBitWhereTheJdkOffersIt_rfc9000_14() throws Exception {
        try (java.nio.channels.DatagramChannel channel = java.nio.channels.DatagramChannel.open()) {
            boolean set = UdpEventLoop.dontFragment(channel);
            // jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT exists from JDK 19 on (Linux, macOS, Windows).
            assertThat(set).isEqualTo(Runtime.version().feature() >= 19);
            if (set) {
                @SuppressWarnings("unchecked")
                java.net.SocketOption<Boolean> option = (java.net.SocketOption<Boolean>) Class
                        .forName("jdk.net.ExtendedSocketOptions").getField("IP_DONTFRAGMENT").get(null);
                assertThat(channel.getOption(option)).isTrue();
            }
        }
    }
}
