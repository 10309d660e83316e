package io.mqttd.quic.crypto;

import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import java.nio.ByteBuffer;

/**
 * Packet protection for 1-RTT packets with key update (RFC 9001 §5, §6), as a sans-IO state
 * machine: the caller passes {@code now} (nanoseconds on any monotonic clock) where time matters,
 * and reports acknowledgements, handshake confirmation and the current PTO.
 *
 * <p>Send and receive keys move together, one generation at a time; the key phase bit is the
 * generation's low bit. For receiving it holds three key sets (RFC 9001 §6.3, §6.5):
 * <ul>
 *   <li>current, for packets with the current key phase;</li>
 *   <li>next, derived in advance so that trying a packet with the other phase costs the same as any
 *       open and leaks no timing signal (§6.3), and kept even if that packet turns out forged;</li>
 *   <li>previous, for late packets of the old phase: a packet with the other phase and a packet
 *       number below every packet received in the current phase is older (§6.5). It is discarded
 *       three PTOs after the first packet of the current phase arrives (§6.5).</li>
 * </ul>
 * The header protection keys never change (§5.4).
 *
 * <p>Errors are {@link TransportError}s the connection turns into CONNECTION_CLOSE: KEY_UPDATE_ERROR
 * when the peer updates twice without waiting for our acknowledgement (§6.2, a MAY we take) or
 * protects a higher packet number with older keys (§6.4), and AEAD_LIMIT_REACHED for the limits of
 * §6.6. Not thread-safe.
 */
public final class OneRttProtection {
    /** The Key Phase bit of the short header's first byte (RFC 9000 §17.3.1). */
    public static final int KEY_PHASE_BIT = 0x04;

    private static final long NONE = Long.MAX_VALUE;
    /**
     * Until the caller reports a PTO: about RFC 9002 §6.2.2's first PTO, computed from the initial
     * RTT of 333 ms (333 + 4 x 166.5 ms, plus max_ack_delay).
     */
    private static final long DEFAULT_PTO_NANOS = 1_000_000_000L;

    private final AeadLimits limits;
    private final AuthenticationFailures failures;
    private final HeaderProtection readHeaderProtection;
    private final HeaderProtection writeHeaderProtection;

    private long generation;
    private PacketKeys readKeys;
    private PacketKeys writeKeys;
    private PacketAead currentRead;
    private PacketAead currentWrite;
    private PacketKeys nextReadKeys;
    private PacketAead nextRead;
    private PacketAead previousRead;
    private boolean previousDiscardArmed;
    private long previousDiscardAt;

    private long lowestReceivedInCurrent = NONE;
    private long largestOpenedWithPrevious = -1;
    private long firstSentInCurrent = NONE;
    private long largestAcknowledged = -1;
    private boolean currentPhaseAcknowledged;
    private long currentPhaseAcknowledgedAt;
    private boolean sentSinceCurrentReceived;
    private boolean handshakeConfirmed;
    private long ptoNanos = DEFAULT_PTO_NANOS;

    OneRttProtection(PacketKeys read, PacketKeys write, AeadLimits limits, AuthenticationFailures failures) {
        if (read.suite() != write.suite() || read.version() != write.version()) {
            throw new IllegalArgumentException("read and write keys of one connection share suite and version");
        }
        this.limits = limits;
        this.failures = failures;
        this.readHeaderProtection = read.newHeaderProtection();
        this.writeHeaderProtection = write.newHeaderProtection();
        this.readKeys = read;
        this.writeKeys = write;
        this.currentRead = read.newAead(false);
        this.currentWrite = write.newAead(true);
        prepareNext();
    }

    /**
     * @param readSecret the peer's application traffic secret 0 from TLS
     * @param writeSecret this endpoint's application traffic secret 0
     * @param failures the connection's shared count of failed authentications (§6.6)
     */
    public static OneRttProtection create(CipherSuite suite, byte[] readSecret, byte[] writeSecret, int version,
            AuthenticationFailures failures) {
        return new OneRttProtection(PacketKeys.derive(suite, readSecret, version),
                PacketKeys.derive(suite, writeSecret, version), AeadLimits.of(suite), failures);
    }

    private void prepareNext() {
        nextReadKeys = readKeys.nextGeneration();
        nextRead = nextReadKeys.newAead(false);
    }

    /** How many key updates have happened. */
    public long generation() {
        return generation;
    }

    /** The Key Phase bit (0 or 1) of packets sealed now. */
    public int keyPhase() {
        return (int) (generation & 1);
    }

    /** Whether the previous generation's receive keys are still held. */
    public boolean hasPreviousKeys() {
        return previousRead != null;
    }

    /** RFC 9001 §4.1.2: from now on key updates may be initiated (§6.1). */
    public void onHandshakeConfirmed() {
        handshakeConfirmed = true;
    }

    /** The current probe timeout (RFC 9002 §6.2.1); old keys live three of them (§6.5). */
    public void setProbeTimeout(long ptoNanos) {
        if (ptoNanos <= 0) {
            throw new IllegalArgumentException("PTO must be positive");
        }
        this.ptoNanos = ptoNanos;
    }

    /**
     * An ACK frame in the application data space acknowledged up to this packet number. Once it
     * covers a packet sent in the current phase, the peer has the current keys (RFC 9001 §6.1).
     */
    public void onAckReceived(long largestAcknowledged, long nowNanos) {
        if (largestAcknowledged > this.largestAcknowledged) {
            this.largestAcknowledged = largestAcknowledged;
        }
        if (!currentPhaseAcknowledged && firstSentInCurrent != NONE && this.largestAcknowledged >= firstSentInCurrent) {
            currentPhaseAcknowledged = true;
            currentPhaseAcknowledgedAt = nowNanos;
        }
    }

    /** Whether the current send key nears its confidentiality limit and an update is due (§6.6). */
    public boolean keyUpdateDue() {
        return currentWrite.packetsSealed() >= limits.keyUpdateThreshold();
    }

    /** Initiates a key update if RFC 9001 §6.1 and §6.5 allow it now. */
    public KeyUpdateStatus initiateKeyUpdate(long nowNanos) {
        if (!handshakeConfirmed) {
            return KeyUpdateStatus.HANDSHAKE_NOT_CONFIRMED;
        }
        if (!currentPhaseAcknowledged) {
            return KeyUpdateStatus.CURRENT_PHASE_NOT_ACKNOWLEDGED;
        }
        if (generation > 0 && nowNanos - currentPhaseAcknowledgedAt < 3 * ptoNanos) {
            return KeyUpdateStatus.TOO_SOON_AFTER_PREVIOUS_UPDATE;
        }
        advance();
        // The peer's packets keep the old phase until it sees ours; the previous keys stay until
        // three PTOs after its first packet in the new phase (§6.5).
        lowestReceivedInCurrent = NONE;
        previousDiscardArmed = false;
        return KeyUpdateStatus.UPDATED;
    }

    private void advance() {
        previousRead = currentRead;
        currentRead = nextRead;
        readKeys = nextReadKeys;
        // §6.4: once updated, only the new keys protect packets; the old send key is dropped.
        writeKeys = writeKeys.nextGeneration();
        currentWrite = writeKeys.newAead(true);
        generation++;
        prepareNext();
        firstSentInCurrent = NONE;
        currentPhaseAcknowledged = false;
        sentSinceCurrentReceived = false;
        largestOpenedWithPrevious = -1;
    }

    /**
     * Seals a short-header packet: sets the Key Phase bit of the first byte to the current phase,
     * encrypts the payload (RFC 9001 §5.3), then applies header protection (§5.4.1).
     *
     * @return the end of the protected packet
     * @throws TransportError AEAD_LIMIT_REACHED when the current key has sealed its confidentiality
     *     limit (§6.6); {@link #keyUpdateDue()} warns well before
     */
    public int seal(ByteBuffer packet, int packetStart, int pnOffset, int pnLength, int payloadEnd, long packetNumber) {
        if (currentWrite.packetsSealed() >= limits.confidentialityLimit()) {
            throw new TransportError(TransportErrorCode.AEAD_LIMIT_REACHED,
                    "confidentiality limit of " + limits.confidentialityLimit() + " packets reached without key update");
        }
        HeaderProtection.checkSealable(packet, packetStart, pnOffset, pnLength, payloadEnd);
        int first = packet.get(packetStart);
        if ((first & 0x80) != 0) {
            throw new IllegalArgumentException("1-RTT packets have a short header");
        }
        packet.put(packetStart, (byte) (keyPhase() == 1 ? first | KEY_PHASE_BIT : first & ~KEY_PHASE_BIT));
        int end = currentWrite.seal(packet, packetStart, pnOffset + pnLength, payloadEnd, packetNumber);
        writeHeaderProtection.apply(packet, packetStart, pnOffset, pnLength, end);
        if (firstSentInCurrent == NONE) {
            firstSentInCurrent = packetNumber;
        }
        if (lowestReceivedInCurrent != NONE) {
            sentSinceCurrentReceived = true;
        }
        return end;
    }

    /**
     * RFC 9001 §5.4.1 with the receive header protection key (the same in every key phase).
     *
     * @return the packet number length 1-4, or {@link HeaderProtection#DROP}
     */
    public int removeHeaderProtection(ByteBuffer packet, int packetStart, int pnOffset, int packetEnd) {
        return readHeaderProtection.remove(packet, packetStart, pnOffset, packetEnd);
    }

    /**
     * Chooses the keys by the (unprotected) Key Phase bit and the packet number (§6.3, §6.5), then
     * authenticates and decrypts in place.
     *
     * @param packetNumber the full packet number, decoded after {@link #removeHeaderProtection}
     * @throws TransportError KEY_UPDATE_ERROR if the peer updates again before we could have
     *     acknowledged a packet of its current phase (§6.2) or used older keys for a higher packet
     *     number (§6.4); AEAD_LIMIT_REACHED past the integrity limit (§6.6)
     */
    public OpenResult open(ByteBuffer packet, int packetStart, int payloadOffset, int packetEnd, long packetNumber,
            long nowNanos) {
        handleTimeout(nowNanos);
        failures.checkWithin(limits);
        if (packetStart < 0 || packetStart >= packet.limit()) {
            return OpenResult.DROPPED;
        }
        boolean phaseBit = (packet.get(packetStart) & KEY_PHASE_BIT) != 0;
        if (phaseBit == (keyPhase() == 1)) {
            if (!currentRead.open(packet, packetStart, payloadOffset, packetEnd, packetNumber)) {
                return failed();
            }
            if (packetNumber < largestOpenedWithPrevious) {
                // §6.4: packet numbers never go back to older keys, so a higher number under the
                // previous keys than this one under the current keys is the peer's error.
                throw new TransportError(TransportErrorCode.KEY_UPDATE_ERROR, "packet " + largestOpenedWithPrevious
                        + " used older keys than packet " + packetNumber);
            }
            if (lowestReceivedInCurrent == NONE && previousRead != null) {
                armPreviousDiscard(nowNanos);
            }
            lowestReceivedInCurrent = Math.min(lowestReceivedInCurrent, packetNumber);
            return OpenResult.OPENED;
        }
        if (packetNumber < lowestReceivedInCurrent) {
            // §6.5: older than every packet of the current phase, so sent before the update.
            if (previousRead == null) {
                return OpenResult.DROPPED;
            }
            if (!previousRead.open(packet, packetStart, payloadOffset, packetEnd, packetNumber)) {
                return failed();
            }
            largestOpenedWithPrevious = Math.max(largestOpenedWithPrevious, packetNumber);
            return OpenResult.OPENED;
        }
        if (!nextRead.open(packet, packetStart, payloadOffset, packetEnd, packetNumber)) {
            // §6.3, §5.5: a packet that fails with the next keys is no key update.
            return failed();
        }
        if (!sentSinceCurrentReceived) {
            // §6.2: the peer may start an update only after an ACK of a packet in its current phase;
            // we have sent nothing since we first received that phase, so it cannot have one.
            throw new TransportError(TransportErrorCode.KEY_UPDATE_ERROR,
                    "peer updated keys again before its previous key update was acknowledged");
        }
        advance();
        lowestReceivedInCurrent = packetNumber;
        armPreviousDiscard(nowNanos);
        return OpenResult.KEY_UPDATED;
    }

    private void armPreviousDiscard(long nowNanos) {
        previousDiscardArmed = true;
        previousDiscardAt = nowNanos + 3 * ptoNanos;
    }

    private OpenResult failed() {
        failures.record();
        failures.checkWithin(limits);
        return OpenResult.DROPPED;
    }

    /** When {@link #handleTimeout} next has work: discarding the previous keys; else Long.MAX_VALUE. */
    public long nextTimeoutNanos() {
        return previousRead != null && previousDiscardArmed ? previousDiscardAt : Long.MAX_VALUE;
    }

    /** Discards the previous receive keys once their three PTOs are over (§6.5). */
    public void handleTimeout(long nowNanos) {
        if (previousRead != null && previousDiscardArmed && nowNanos - previousDiscardAt >= 0) {
            previousRead = null;
            previousDiscardArmed = false;
        }
    }
}
