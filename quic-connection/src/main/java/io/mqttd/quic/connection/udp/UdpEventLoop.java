package io.mqttd.quic.connection.udp;

import io.mqttd.quic.connection.sim.DatagramEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The I/O edge of the stack (ARCHITECTURE.md, "Sans-IO at the core"): one thread owns a
 * non-blocking {@link DatagramChannel} and a sans-IO {@link DatagramEndpoint} (usually a
 * {@code QuicEndpoint} and its connections), and is the only thread that ever calls it.
 *
 * <p>Each turn of the loop: run tasks queued by application threads, read a batch of datagrams,
 * fire the endpoint's timer when due, then send everything the endpoint yields. The connection's
 * pacer shows up as a {@code nextTimeoutNanos} in the near future, so the loop waits for it instead
 * of draining a burst. When the socket's send buffer is full, the datagram in hand is kept and the
 * loop waits for OP_WRITE. Buffers are allocated once per loop.
 *
 * <p>Application threads reach the endpoint only through {@link #execute} / {@link #submit}, which
 * queue a task and wake the selector.
 */
public final class UdpEventLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UdpEventLoop.class.getName());
    /** Datagrams read per turn before the loop sends and checks timers: bounds latency under load. */
    static final int RECEIVE_BATCH = 64;
    /** Larger than any UDP payload over IPv4/IPv6 without jumbograms. */
    static final int BUFFER_SIZE = 65_535;
    /**
     * Waits shorter than this are spun, because Selector.select has millisecond resolution and
     * pacing gaps are microseconds. Longer waits sleep, rounded up to the next millisecond: the
     * timers behind them (ACK delay, PTO, idle, draining) tolerate a millisecond late, and spinning
     * out the sub-millisecond remainder of each kept a core busy on a server with many connections.
     */
    static final long SPIN_BELOW_NANOS = 250_000;
    private static final int SOCKET_BUFFER = 4 << 20;

    private final DatagramChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(BUFFER_SIZE);
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(BUFFER_SIZE);
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final InetSocketAddress localAddress;
    private DatagramEndpoint endpoint;
    private InetSocketAddress pendingDestination;
    private volatile boolean closing;
    private volatile long datagramsReceived;
    private volatile long bytesReceived;
    private volatile long datagramsSent;
    private volatile long bytesSent;
    private volatile long sendBlocked;
    private volatile long wakeups;

    private UdpEventLoop(DatagramChannel channel, String threadName) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Binds a UDP socket to {@code local} and starts a loop thread for the endpoint that
     * {@code endpointFactory} makes; the factory gets the loop, so the endpoint's users can
     * {@link #execute} on it.
     */
    public static UdpEventLoop start(InetSocketAddress local, Function<UdpEventLoop, DatagramEndpoint> endpointFactory,
            String threadName) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            dontFragment(channel);
            channel.bind(local);
            UdpEventLoop loop = new UdpEventLoop(channel, threadName);
            loop.endpoint = endpointFactory.apply(loop);
            if (loop.endpoint == null) {
                throw new IllegalArgumentException("the endpoint factory returned null");
            }
            loop.thread.start();
            return loop;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sets the IP don't-fragment bit where the JDK can (jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT,
     * JDK 19 and later). RFC 9000 §14: QUIC datagrams are sent with DF set, else a DPLPMTUD probe
     * larger than the path MTU would arrive as IP fragments and be taken as proof that the path
     * carries it. On JDK 17 the option does not exist and Linux's default for UDP sockets applies
     * (IP_PMTUDISC_WANT: fragment above the known path MTU); spec-notes record the deviation.
     *
     * @return whether the bit is set
     */
    static boolean dontFragment(DatagramChannel channel) {
        try {
            @SuppressWarnings("unchecked")
            SocketOption<Boolean> option = (SocketOption<Boolean>) Class.forName("jdk.net.ExtendedSocketOptions")
                    .getField("IP_DONTFRAGMENT").get(null);
            if (!channel.supportedOptions().contains(option)) {
                return false;
            }
            channel.setOption(option, true);
            return true;
        } catch (ReflectiveOperationException | IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The address the socket is bound to (with the port the system chose for port 0). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** True when called from the loop thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon; from the loop thread itself, at the next turn. */
    public void execute(Runnable task) {
        if (closing) {
            throw new IllegalStateException("the event loop is closed");
        }
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop thread and completes the future with its result or exception. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (IllegalStateException closed) {
            result.completeExceptionally(closed);
        }
        return result;
    }

    public UdpStats stats() {
        return new UdpStats(datagramsReceived, bytesReceived, datagramsSent, bytesSent, sendBlocked, wakeups);
    }

    /** Stops the loop and closes the socket; waits up to a second for the thread to finish its turn. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        if (!inLoop()) {
            try {
                stopped.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!closing) {
                turn();
            }
        } catch (ClosedChannelException e) {
            if (!closing) {
                LOG.log(Level.WARNING, "UDP channel closed under the event loop", e);
            }
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "UDP event loop stopped by an I/O error", e);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "UDP event loop stopped by a bug", e);
        } finally {
            runTasks(); // let queued futures see the endpoint one last time
            try {
                selector.close();
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing the UDP channel", e);
            }
            stopped.countDown();
        }
    }

    private void turn() throws IOException {
        wakeups++;
        runTasks();
        boolean moreToRead = receiveBatch();
        long now = System.nanoTime();
        if (endpoint.nextTimeoutNanos() <= now) {
            endpoint.handleTimeout(now);
        }
        boolean blocked = flush(now);
        key.interestOps(blocked ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        if (moreToRead || !tasks.isEmpty()) {
            selector.selectNow();
            return;
        }
        long deadline = endpoint.nextTimeoutNanos();
        if (deadline == Long.MAX_VALUE) {
            selector.select();
            return;
        }
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
            selector.selectNow();
        } else if (wait < SPIN_BELOW_NANOS) {
            Thread.onSpinWait();
            selector.selectNow();
        } else {
            selector.select((wait + 999_999) / 1_000_000);
        }
        selector.selectedKeys().clear();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event loop task failed", e);
            }
        }
    }

    /** Reads up to a batch of datagrams; returns true when the batch was full (more may wait). */
    private boolean receiveBatch() throws IOException {
        for (int i = 0; i < RECEIVE_BATCH; i++) {
            receiveBuffer.clear();
            SocketAddress from = channel.receive(receiveBuffer);
            if (from == null) {
                return false;
            }
            receiveBuffer.flip();
            datagramsReceived++;
            bytesReceived += receiveBuffer.remaining();
            endpoint.handleDatagram(System.nanoTime(), (InetSocketAddress) from, receiveBuffer);
        }
        return true;
    }

    /** Sends what the endpoint has; returns true when the socket buffer filled up first. */
    private boolean flush(long now) throws IOException {
        while (true) {
            if (pendingDestination == null) {
                sendBuffer.clear();
                pendingDestination = endpoint.pollTransmit(now, sendBuffer);
                if (pendingDestination == null) {
                    return false;
                }
                sendBuffer.flip();
            }
            int length = sendBuffer.remaining();
            int written;
            try {
                written = channel.send(sendBuffer, pendingDestination);
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    throw e;
                }
                // ICMP-reported errors (unreachable port, no route) concern one peer: drop the datagram.
                LOG.log(Level.FINE, "sending to " + pendingDestination, e);
                written = length;
            }
            if (written == 0) {
                sendBlocked++;
                return true;
            }
            datagramsSent++;
            bytesSent += length;
            pendingDestination = null;
        }
    }
}
