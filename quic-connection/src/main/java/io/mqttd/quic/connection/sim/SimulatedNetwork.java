package io.mqttd.quic.connection.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A deterministic network for sans-IO endpoints: a virtual clock, one-way links with delay, jitter,
 * a path MTU, a bandwidth bottleneck with a drop-tail queue, random and bursty loss, duplication,
 * corruption and reordering, all drawn from one seeded random generator. Given the same seed, endpoints and
 * actions, a run replays exactly, so a failure found under loss can be debugged step by step.
 *
 * <p>Single-threaded by design: endpoints are called in a fixed order, and events at the same
 * instant are processed in the order they were scheduled.
 */
public final class SimulatedNetwork {
    /** A guard against an endpoint that never stops transmitting at one instant. */
    private static final int MAX_DATAGRAMS_PER_INSTANT = 1_000_000;
    private static final int MAX_DATAGRAM = 65_535;

    private final Random random;
    private final LinkConditions defaultConditions;
    private final Map<InetSocketAddress, DatagramEndpoint> nodes = new LinkedHashMap<>();
    private final Map<List<InetSocketAddress>, Link> links = new HashMap<>();
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>();
    private final ByteBuffer transmitBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private final Stats stats = new Stats();
    private long now;
    private long sequence;
    private long stepsAtThisInstant;

    /** Counters of what the network did; read them after a run. */
    public static final class Stats {
        public long sent;
        public long delivered;
        public long bytesDelivered;
        public long lost;
        public long burstLost;
        public long queueDropped;
        public long duplicated;
        public long corrupted;
        public long reordered;
        public long unroutable;
        /** Dropped for exceeding the link's maxDatagramSize (a path MTU). */
        public long tooBig;

        @Override
        public String toString() {
            return "sent=" + sent + " delivered=" + delivered + " lost=" + lost + " burstLost=" + burstLost
                    + " queueDropped=" + queueDropped + " duplicated=" + duplicated + " corrupted=" + corrupted
                    + " reordered=" + reordered + " unroutable=" + unroutable + " tooBig=" + tooBig;
        }
    }

    private record Delivery(long time, long order, InetSocketAddress from, InetSocketAddress to, byte[] bytes)
            implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private static final class Link {
        LinkConditions conditions;
        long bottleneckFreeAt;
        final ArrayDeque<long[]> queue = new ArrayDeque<>(); // {serializationEnd, bytes}
        long queuedBytes;
        boolean bad;

        Link(LinkConditions conditions) {
            this.conditions = conditions;
        }
    }

    public SimulatedNetwork(long seed, LinkConditions defaultConditions) {
        this.random = new Random(seed);
        this.defaultConditions = defaultConditions;
    }

    public void add(InetSocketAddress address, DatagramEndpoint endpoint) {
        if (nodes.putIfAbsent(address, endpoint) != null) {
            throw new IllegalArgumentException("address already in use: " + address);
        }
    }

    /** Conditions of the one-way link from {@code from} to {@code to}; others use the default. */
    public void setLink(InetSocketAddress from, InetSocketAddress to, LinkConditions conditions) {
        link(from, to).conditions = conditions;
    }

    /** Virtual time in nanoseconds since the start of the simulation. */
    public long now() {
        return now;
    }

    public Stats stats() {
        return stats;
    }

    /**
     * Runs until {@code done} holds, the virtual clock passes {@code maxNanos}, or nothing is left to
     * happen (no datagram in flight, no timer). Returns whether {@code done} holds.
     */
    public boolean runUntil(BooleanSupplier done, long maxNanos) {
        while (!done.getAsBoolean()) {
            if (!step(maxNanos)) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /** Runs for {@code nanos} of virtual time, or until nothing is left to happen. */
    public void runFor(long nanos) {
        long end = now + nanos;
        while (step(end)) {
            // keep going
        }
        now = Math.max(now, end);
    }

    /** One instant: transmit, advance the clock to the next event, deliver and fire timers. */
    private boolean step(long maxNanos) {
        transmitAll();
        long next = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().time;
        for (DatagramEndpoint node : nodes.values()) {
            next = Math.min(next, node.nextTimeoutNanos());
        }
        if (next == Long.MAX_VALUE || next > maxNanos) {
            return false;
        }
        if (next <= now) {
            // An endpoint whose timer stays in the past would spin forever at one instant.
            if (++stepsAtThisInstant > MAX_DATAGRAMS_PER_INSTANT) {
                throw new IllegalStateException("no progress at t=" + now + ": a timer that never moves?");
            }
        } else {
            stepsAtThisInstant = 0;
            now = next;
        }
        while (!inFlight.isEmpty() && inFlight.peek().time <= now) {
            Delivery d = inFlight.poll();
            DatagramEndpoint target = nodes.get(d.to);
            if (target == null) {
                stats.unroutable++;
                continue;
            }
            stats.delivered++;
            stats.bytesDelivered += d.bytes.length;
            target.handleDatagram(now, d.from, ByteBuffer.wrap(d.bytes));
        }
        for (DatagramEndpoint node : nodes.values()) {
            if (node.nextTimeoutNanos() <= now) {
                node.handleTimeout(now);
            }
        }
        return true;
    }

    private void transmitAll() {
        int count = 0;
        boolean any = true;
        while (any) {
            any = false;
            for (Map.Entry<InetSocketAddress, DatagramEndpoint> e : nodes.entrySet()) {
                transmitBuffer.clear();
                InetSocketAddress to = e.getValue().pollTransmit(now, transmitBuffer);
                if (to == null) {
                    continue;
                }
                any = true;
                if (++count > MAX_DATAGRAMS_PER_INSTANT) {
                    throw new IllegalStateException(e.getKey() + " transmits without end at t=" + now);
                }
                transmitBuffer.flip();
                byte[] bytes = new byte[transmitBuffer.remaining()];
                transmitBuffer.get(bytes);
                send(e.getKey(), to, bytes);
            }
        }
    }

    private Link link(InetSocketAddress from, InetSocketAddress to) {
        return links.computeIfAbsent(List.of(from, to), k -> new Link(defaultConditions));
    }

    private void send(InetSocketAddress from, InetSocketAddress to, byte[] bytes) {
        stats.sent++;
        Link link = link(from, to);
        LinkConditions c = link.conditions;
        if (c.maxDatagramSize() > 0 && bytes.length > c.maxDatagramSize()) {
            stats.tooBig++;
            return;
        }
        if (c.burstLossEnter() > 0) {
            link.bad = link.bad ? random.nextDouble() >= c.burstLossExit() : random.nextDouble() < c.burstLossEnter();
            if (link.bad) {
                stats.burstLost++;
                return;
            }
        }
        if (c.lossRate() > 0 && random.nextDouble() < c.lossRate()) {
            stats.lost++;
            return;
        }
        long departure = now;
        if (c.bitsPerSecond() > 0) {
            while (!link.queue.isEmpty() && link.queue.peekFirst()[0] <= now) {
                link.queuedBytes -= link.queue.pollFirst()[1];
            }
            if (c.queueLimitBytes() > 0 && link.queuedBytes + bytes.length > c.queueLimitBytes()) {
                stats.queueDropped++;
                return;
            }
            long serialization = bytes.length * 8L * 1_000_000_000L / c.bitsPerSecond();
            departure = Math.max(now, link.bottleneckFreeAt) + serialization;
            link.bottleneckFreeAt = departure;
            link.queue.addLast(new long[] {departure, bytes.length});
            link.queuedBytes += bytes.length;
        }
        long arrival = departure + c.oneWayDelayNanos();
        if (c.jitterNanos() > 0) {
            arrival += (long) (random.nextDouble() * c.jitterNanos());
        }
        if (c.reorderRate() > 0 && random.nextDouble() < c.reorderRate()) {
            arrival += c.reorderDelayNanos();
            stats.reordered++;
        }
        if (c.corruptRate() > 0 && random.nextDouble() < c.corruptRate() && bytes.length > 0) {
            bytes = bytes.clone();
            int bit = random.nextInt(bytes.length * 8);
            bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
            stats.corrupted++;
        }
        inFlight.add(new Delivery(arrival, sequence++, from, to, bytes));
        if (c.duplicateRate() > 0 && random.nextDouble() < c.duplicateRate()) {
            stats.duplicated++;
            inFlight.add(new Delivery(arrival + (long) (random.nextDouble() * Math.max(1, c.oneWayDelayNanos())),
                    sequence++, from, to, bytes.clone()));
        }
    }
}
