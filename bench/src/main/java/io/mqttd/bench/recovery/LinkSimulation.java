package io.mqttd.bench.recovery;

import io.mqttd.quic.frame.AckFrame;
import io.mqttd.quic.packet.PacketNumberSpace;
import io.mqttd.quic.recovery.EcnCodepoint;
import io.mqttd.quic.recovery.LossRecovery;
import io.mqttd.quic.recovery.ReceivedPacketTracker;
import io.mqttd.quic.recovery.RecoveryConfig;
import io.mqttd.quic.recovery.RecoveryListener;
import io.mqttd.quic.recovery.SendLimit;
import io.mqttd.quic.recovery.TimeoutAction;
import io.mqttd.quic.recovery.cc.CongestionController;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic discrete-event simulation of one bottleneck path driving quic-recovery's sender
 * ({@link LossRecovery} with a congestion controller and the pacer) and receiver
 * ({@link ReceivedPacketTracker} with its delayed-ACK rules), on a virtual clock with one seeded RNG.
 *
 * <p>The data path is sender, drop-tail queue, bottleneck of fixed rate, propagation delay
 * (optionally longer for reordered packets), random and burst loss, receiver. The return path has
 * the same propagation delay, no rate limit, and optional ACK loss. Each data packet carries one
 * "chunk" of 1200 bytes: a new one, or one whose packet was declared lost and is not yet acked.
 * Data packets also carry the sender's acknowledgment of the receiver's ACK packets, which is how
 * the receiver learns that its ranges arrived (RFC 9000 §13.2.4), as a piggybacked ACK frame would.
 *
 * <p>Only the quic-recovery module is under test: no packet protection, no frames beyond this.
 * Run {@link #main} for the scenario table of docs/benchmarks-recovery.md.
 */
public final class LinkSimulation {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int SIZE = SimulationConfig.PACKET_SIZE;
    private static final long RECEIVER_MAX_ACK_DELAY = 25 * MS;

    private static final int DATA_ARRIVAL = 0;
    private static final int ACK_ARRIVAL = 1;

    /** A packet in flight on the simulated wire. */
    private static final class Event {
        final long time;
        final long seq;
        final int type;
        final long pn;
        final long chunk;
        final long piggybackedAck;
        final AckFrame ack;

        Event(long time, long seq, int type, long pn, long chunk, long piggybackedAck, AckFrame ack) {
            this.time = time;
            this.seq = seq;
            this.type = type;
            this.pn = pn;
            this.chunk = chunk;
            this.piggybackedAck = piggybackedAck;
            this.ack = ack;
        }
    }

    private final SimulationConfig config;
    private final SplittableRandom rng;
    private final PriorityQueue<Event> wire = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long eventSeq;
    private long now;

    // Sender.
    private final CongestionController cc;
    private final LossRecovery<Long> sender;
    private final BitSet chunksAcked = new BitSet();
    private final BitSet chunksSent = new BitSet();
    private final ArrayDeque<Long> retransmitQueue = new ArrayDeque<>();
    private long nextChunk;
    private long nextPn;
    private long largestReceiverPnSeen = -1;
    private long packetsSent;
    private long retransmitted;
    private long ptoProbes;
    private long slowStartExit = -1;

    // Bottleneck.
    private final long txNanos;
    private final ArrayDeque<Long> queueDepartures = new ArrayDeque<>();
    private long lastDeparture;
    private int burstLeft;
    private long droppedAtQueue;
    private long droppedOnLink;
    private long bytesTransmittedAfterSlowStart;

    // Receiver.
    private final ReceivedPacketTracker receiver =
            new ReceivedPacketTracker(PacketNumberSpace.APPLICATION_DATA, RECEIVER_MAX_ACK_DELAY);
    private final BitSet chunksDelivered = new BitSet();
    private long uniqueDelivered;
    private long deliveredAfterSlowStart;
    private long receiverPn;
    private long[] ackLargestByReceiverPn = new long[1024];
    private long finished = -1;

    public LinkSimulation(SimulationConfig config) {
        this.config = config;
        this.rng = new SplittableRandom(config.seed());
        this.cc = config.algorithm().create(SIZE);
        this.sender = new LossRecovery<>(RecoveryConfig.defaults(false), cc, new RecoveryListener<>() {
            @Override
            public void onPacketAcked(PacketNumberSpace space, long packetNumber, Long chunk) {
                chunksAcked.set(Math.toIntExact(chunk));
            }

            @Override
            public void onPacketLost(PacketNumberSpace space, long packetNumber, Long chunk) {
                if (!chunksAcked.get(Math.toIntExact(chunk))) {
                    retransmitQueue.add(chunk);
                }
            }
        });
        sender.setPeerTransportParameters(RECEIVER_MAX_ACK_DELAY / 1000, 3);
        sender.onHandshakeConfirmed(0);
        this.txNanos = SIZE * 8L * SECOND / config.bandwidthBitsPerSecond();
    }

    /** Runs to the configured duration, or until a finite transfer completed. */
    public SimulationResult run() {
        long end = config.durationNanos();
        while (now <= end) {
            long senderWake = senderStep();
            receiverStep();
            if (finished >= 0) {
                break;
            }
            long next = Math.min(senderWake, receiver.ackDeadlineNanos());
            if (!wire.isEmpty()) {
                next = Math.min(next, wire.peek().time);
            }
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = Math.max(now, next);
            while (!wire.isEmpty() && wire.peek().time <= now) {
                Event e = wire.poll();
                if (e.type == DATA_ARRIVAL) {
                    onDataArrival(e);
                } else {
                    onAckArrival(e);
                }
            }
        }
        long measured = slowStartExit < 0 ? 0 : Math.min(now, end) - slowStartExit;
        double capacity = measured * (double) config.bandwidthBitsPerSecond() / 8 / SECOND;
        return new SimulationResult(packetsSent, retransmitted, uniqueDelivered, slowStartExit,
                capacity == 0 ? 0 : deliveredAfterSlowStart / capacity,
                capacity == 0 ? 0 : bytesTransmittedAfterSlowStart / capacity,
                droppedAtQueue, droppedOnLink, ptoProbes, finished, cc.congestionWindow(),
                sender.rtt().smoothedRttNanos(), sender.spuriousLosses(), sender.packetThreshold(),
                sender.timeThresholdEighths());
    }

    /** Sends what the sender may now; returns when it next wants to run. */
    private long senderStep() {
        if (sender.nextTimeoutNanos() <= now) {
            TimeoutAction action = sender.onTimeout(now);
            if (action.kind() == TimeoutAction.Kind.PROBE) {
                ptoProbes += action.probes();
            }
        }
        while (true) {
            SendLimit limit = sender.canSend(now, SIZE, Long.MAX_VALUE);
            if (limit == SendLimit.PACING) {
                return Math.min(sender.nextTimeoutNanos(), sender.nextSendTimeNanos(now, SIZE));
            }
            if (limit != SendLimit.NONE) {
                return sender.nextTimeoutNanos();
            }
            long chunk = nextChunkToSend();
            if (chunk < 0) {
                sender.setApplicationLimited(true);
                return sender.nextTimeoutNanos();
            }
            sendData(chunk);
        }
    }

    /** A lost chunk first, then new data; for a probe with nothing else, the oldest unacked chunk. */
    private long nextChunkToSend() {
        while (!retransmitQueue.isEmpty()) {
            long c = retransmitQueue.poll();
            if (!chunksAcked.get((int) c)) {
                return c;
            }
        }
        if (config.totalChunks() < 0 || nextChunk < config.totalChunks()) {
            return nextChunk++;
        }
        if (sender.probesPending(PacketNumberSpace.APPLICATION_DATA) > 0) {
            int oldest = chunksAcked.nextClearBit(0);
            if (oldest < nextChunk) {
                return oldest;
            }
        }
        return -1;
    }

    private void sendData(long chunk) {
        long pn = nextPn++;
        if (chunksSent.get((int) chunk)) {
            retransmitted++;
        }
        chunksSent.set((int) chunk);
        packetsSent++;
        sender.onPacketSent(now, PacketNumberSpace.APPLICATION_DATA, pn, SIZE, true, true, chunk);
        if (slowStartExit < 0 && !cc.inSlowStart()) {
            slowStartExit = now;
        }
        enqueueOnBottleneck(pn, chunk);
    }

    private void enqueueOnBottleneck(long pn, long chunk) {
        while (!queueDepartures.isEmpty() && queueDepartures.peekFirst() <= now) {
            queueDepartures.pollFirst();
        }
        // Packets waiting behind the one on the wire; the one being transmitted is not queued.
        if (queueDepartures.size() > config.queuePackets()) {
            droppedAtQueue++;
            return;
        }
        long departure = Math.max(now, lastDeparture) + txNanos;
        lastDeparture = departure;
        queueDepartures.addLast(departure);
        if (slowStartExit >= 0) {
            bytesTransmittedAfterSlowStart += SIZE;
        }
        if (burstLeft > 0) {
            burstLeft--;
            droppedOnLink++;
            return;
        }
        if (config.burstLossStart() > 0 && rng.nextDouble() < config.burstLossStart()) {
            burstLeft = config.burstLength() - 1;
            droppedOnLink++;
            return;
        }
        if (config.randomLoss() > 0 && rng.nextDouble() < config.randomLoss()) {
            droppedOnLink++;
            return;
        }
        long arrival = departure + config.oneWayDelayNanos();
        if (config.reorderProbability() > 0 && rng.nextDouble() < config.reorderProbability()) {
            arrival += config.reorderDelayNanos();
        }
        wire.add(new Event(arrival, eventSeq++, DATA_ARRIVAL, pn, chunk, largestReceiverPnSeen, null));
    }

    private void onDataArrival(Event e) {
        if (e.piggybackedAck >= 0) {
            receiver.onAckFrameAcknowledged(ackLargestByReceiverPn[(int) e.piggybackedAck]);
        }
        if (!receiver.onPacketReceived(now, e.pn, true, EcnCodepoint.NOT_ECT)) {
            return;
        }
        int chunk = (int) e.chunk;
        if (!chunksDelivered.get(chunk)) {
            chunksDelivered.set(chunk);
            uniqueDelivered++;
            if (slowStartExit >= 0) {
                deliveredAfterSlowStart += SIZE;
            }
            if (config.totalChunks() >= 0 && uniqueDelivered == config.totalChunks()) {
                finished = now;
            }
        }
    }

    private void receiverStep() {
        if (receiver.ackDeadlineNanos() > now) {
            return;
        }
        AckFrame ack = receiver.buildAckFrame(now, 3);
        receiver.onAckFrameSent();
        if (ack == null) {
            return;
        }
        long rpn = receiverPn++;
        if (rpn >= ackLargestByReceiverPn.length) {
            ackLargestByReceiverPn = Arrays.copyOf(ackLargestByReceiverPn, ackLargestByReceiverPn.length * 2);
        }
        ackLargestByReceiverPn[(int) rpn] = ack.largestAcknowledged();
        if (config.ackLoss() > 0 && rng.nextDouble() < config.ackLoss()) {
            return;
        }
        wire.add(new Event(now + config.oneWayDelayNanos(), eventSeq++, ACK_ARRIVAL, rpn, 0, 0, ack));
    }

    private void onAckArrival(Event e) {
        largestReceiverPnSeen = Math.max(largestReceiverPnSeen, e.pn);
        sender.onAckReceived(now, PacketNumberSpace.APPLICATION_DATA, e.ack);
        if (slowStartExit < 0 && !cc.inSlowStart()) {
            slowStartExit = now;
        }
    }

    /**
     * Runs the scenarios of docs/benchmarks-recovery.md and prints one line per run.
     * Arguments: seeds, comma-separated (default 1,2,3).
     */
    public static void main(String[] args) {
        String seeds = args.length > 0 ? args[0] : "1,2,3";
        System.out.println("seed algorithm     path                           loss    goodput  link-busy  retx-ratio  "
                + "ss-exit   srtt   cwnd(pkts)  queue-drops  link-drops  probes  spurious  pkt/time-thresh");
        Object[][] paths = {
            {"10 Mbit/s, RTT 30 ms", 10_000_000L, 30 * MS, 0.0, 30 * SECOND},
            {"10 Mbit/s, RTT 30 ms", 10_000_000L, 30 * MS, 0.01, 30 * SECOND},
            {"100 Mbit/s, RTT 100 ms", 100_000_000L, 100 * MS, 0.001, 60 * SECOND},
            {"100 Mbit/s, RTT 100 ms", 100_000_000L, 100 * MS, 0.0001, 60 * SECOND},
            {"100 Mbit/s, RTT 100 ms", 100_000_000L, 100 * MS, 0.0, 60 * SECOND},
        };
        for (String seedText : seeds.split(",")) {
            long seed = Long.parseLong(seedText.trim());
            for (Object[] p : paths) {
                for (SimulationConfig.Algorithm algorithm : SimulationConfig.Algorithm.values()) {
                    SimulationConfig c = SimulationConfig.path(algorithm, (Long) p[1], (Long) p[2], (Double) p[3],
                            (Long) p[4], seed);
                    print(seed, algorithm, (String) p[0], (Double) p[3], new LinkSimulation(c).run());
                }
            }
            for (SimulationConfig.Algorithm algorithm : SimulationConfig.Algorithm.values()) {
                SimulationConfig c = SimulationConfig.path(algorithm, 10_000_000L, 30 * MS, 0.005, 30 * SECOND, seed)
                        .withBurstLoss(0.002, 5).withReordering(0.01, 5 * MS).withAckLoss(0.01);
                print(seed, algorithm, "10 Mbit/s, 30 ms, burst+reord", 0.005, new LinkSimulation(c).run());
            }
        }
    }

    private static void print(long seed, SimulationConfig.Algorithm algorithm, String path, double loss,
            SimulationResult r) {
        System.out.println(String.format(Locale.ROOT,
                "%4d %-13s %-30s %5.2f%%  %6.1f%%  %8.1f%%  %9.4f  %6.2fs  %4.0fms  %10d  %11d  %10d  %6d  %8d  %6d / %2d/8",
                seed, algorithm, path, loss * 100, r.goodputAfterSlowStart() * 100, r.linkBusyAfterSlowStart() * 100,
                r.retransmissionRatio(), r.slowStartExitNanos() / 1e9, r.smoothedRttNanos() / 1e6,
                r.finalCwnd() / SIZE, r.droppedAtQueue(), r.droppedOnLink(), r.ptoProbes(), r.spuriousLosses(),
                r.packetThreshold(), r.timeThresholdEighths()));
    }
}
