package io.mqttd.mqtt.server.runtime;

import io.mqttd.mqtt.server.broker.Broker;
import io.mqttd.mqtt.server.broker.TimeSource;
import io.mqttd.mqtt.server.config.ListenerConfig;
import io.mqttd.mqtt.server.config.ServerConfig;
import io.mqttd.mqtt.server.net.EventLoops;
import io.mqttd.mqtt.server.net.TcpListener;
import io.mqttd.mqtt.server.store.BrokerStore;
import io.mqttd.mqtt.server.store.InMemoryBrokerStore;
import io.mqttd.mqtt.server.store.RocksDbBrokerStore;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A running broker: the store, the broker core, its timer thread, the event loops and the
 * listeners, wired from one {@link ServerConfig}. This is what {@code java -jar mqttd.jar} runs,
 * and what tests start in-process (port 0 binds a free port; see {@link #listenerAddresses()}).
 *
 * <p>Start order is store, core, event loops, listeners, so the first client finds the recovered
 * state; {@link #close()} reverses it: stop accepting, close the core (DISCONNECT to every client,
 * wills, store flushed and closed) while the event loops still run the connections, then stop
 * the loops and the timer thread.
 */
public final class MqttdServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MqttdServer.class.getName());

    private final ServerConfig config;
    private final BrokerStore store;
    private final ScheduledExecutorService timers;
    private final Broker broker;
    private final EventLoops loops;
    private final List<TcpListener> listeners = new ArrayList<>();
    private boolean closed;

    private MqttdServer(ServerConfig config, BrokerStore store, ScheduledExecutorService timers, Broker broker,
                        EventLoops loops) {
        this.config = config;
        this.store = store;
        this.timers = timers;
        this.broker = broker;
        this.loops = loops;
    }

    /** Opens the store, starts the core and binds every listener; on any failure releases what it took. */
    public static MqttdServer start(ServerConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        BrokerStore store = config.inMemory()
                ? new InMemoryBrokerStore(config.store())
                : RocksDbBrokerStore.open(config.store());
        ScheduledExecutorService timers = null;
        Broker broker = null;
        EventLoops loops = null;
        try {
            timers = newTimers();
            broker = new Broker(config.broker(), store, TimeSource.system(), timers);
            loops = new EventLoops(config.socketTransport(), config.ioThreads());
            MqttdServer server = new MqttdServer(config, store, timers, broker, loops);
            server.bindListeners();
            server.logStarted();
            return server;
        } catch (IOException | RuntimeException | Error e) {
            if (loops != null) {
                loops.shutdown(Duration.ofSeconds(5));
            }
            if (broker != null) {
                broker.close();
            } else {
                store.close();
            }
            if (timers != null) {
                timers.shutdownNow();
            }
            throw e;
        }
    }

    private static ScheduledExecutorService newTimers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "mqttd-timers");
            th.setDaemon(true);
            return th;
        });
        // Keep-alive and expiry timers are cancelled far more often than they fire.
        t.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(t);
    }

    private void bindListeners() throws IOException {
        for (ListenerConfig lc : config.listeners()) {
            TcpListener l = new TcpListener(lc.name(), lc.bindAddress(), loops, config.connectionLimits(), broker::connect);
            listeners.add(l);
            l.start();
        }
    }

    private void logStarted() {
        for (TcpListener l : listeners) {
            LOG.log(Level.INFO, "listener {0}: {1} on {2} ({3})", l.name(), l.kind(),
                    format(l), loops.transport().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (config.inMemory()) {
            LOG.log(Level.INFO, "store: in memory (nothing survives a restart)");
        } else {
            LOG.log(Level.INFO, "store: RocksDB in {0}, durability {1}, {2} messages per client, {3}",
                    config.store().dataDirectory().toAbsolutePath().normalize(), config.store().durability(),
                    Integer.toString(config.store().maxQueuedPerClient()), config.store().overflowPolicy());
        }
        LOG.log(Level.INFO, "{0} stored sessions recovered", Long.toString(broker.stats().sessions()));
    }

    /** host:port as configured, with the bound port (the wildcard address binds dual-stack as ::). */
    private String format(TcpListener l) {
        String host = config.listeners().stream().filter(c -> c.name().equals(l.name()))
                .findFirst().map(ListenerConfig::host).orElseThrow();
        InetSocketAddress a = l.localAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The bound address of each listener, in configuration order. */
    public List<InetSocketAddress> listenerAddresses() {
        return listeners.stream().map(TcpListener::localAddress).toList();
    }

    /** The listeners, in configuration order. */
    public List<TcpListener> listeners() {
        return List.copyOf(listeners);
    }

    public Broker broker() {
        return broker;
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * Graceful shutdown: stop accepting, then {@link Broker#close()} (DISCONNECT 0x8B to clients,
     * wills per MQTT 5.0 §3.1.2.5, store flushed and closed), then the threads. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.log(Level.INFO, "shutting down");
        for (TcpListener l : listeners) {
            try {
                l.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing listener " + l.name(), e);
            }
        }
        try {
            broker.close();
        } finally {
            loops.shutdown(Duration.ofSeconds(5));
            timers.shutdownNow();
            try {
                timers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.log(Level.INFO, "stopped");
    }

    /** The store, for tests that inspect what survived. */
    BrokerStore store() {
        return store;
    }
}
