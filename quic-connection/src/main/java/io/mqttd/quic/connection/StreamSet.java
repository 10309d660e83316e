package io.mqttd.quic.connection;

import io.mqttd.quic.connection.flow.ReceiveWindow;
import io.mqttd.quic.connection.flow.SendCredit;
import io.mqttd.quic.connection.packet.SentFrame;
import io.mqttd.quic.connection.packet.SentPacket;
import io.mqttd.quic.connection.stream.ReceiveStream;
import io.mqttd.quic.connection.stream.SendStream;
import io.mqttd.quic.connection.stream.StreamChunk;
import io.mqttd.quic.connection.stream.StreamId;
import io.mqttd.quic.connection.stream.StreamLimits;
import io.mqttd.quic.frame.DataBlockedFrame;
import io.mqttd.quic.frame.FrameType;
import io.mqttd.quic.frame.MaxDataFrame;
import io.mqttd.quic.frame.MaxStreamDataFrame;
import io.mqttd.quic.frame.MaxStreamsFrame;
import io.mqttd.quic.frame.ResetStreamFrame;
import io.mqttd.quic.frame.StopSendingFrame;
import io.mqttd.quic.frame.StreamDataBlockedFrame;
import io.mqttd.quic.frame.StreamFrame;
import io.mqttd.quic.frame.StreamsBlockedFrame;
import io.mqttd.quic.frame.TransportParameters;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.VarInt;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * The streams of one connection and their flow control (RFC 9000 §2-4): opening and accepting
 * streams within the limits, the frames peers send about them, the frames we owe (MAX_DATA,
 * MAX_STREAM_DATA, MAX_STREAMS, *_BLOCKED, RESET_STREAM, STOP_SENDING) and STREAM data chosen
 * round-robin, and what the fate of a sent packet means for them (§13.3). Built on the lead's
 * {@code stream.*} and {@code flow.*} classes; the connection owns packets and timing.
 */
final class StreamSet {
    private static final int STREAM_FRAME_TYPE = (int) FrameType.STREAM;

    private final boolean isServer;
    private final TransportSettings transport;
    private final Queue<ConnectionEvent> events;
    private final StreamLimits limits;
    private final Map<Long, StreamEntry> streams = new HashMap<>();
    private final ArrayDeque<Long> sendQueue = new ArrayDeque<>();
    private final Set<Long> queued = new HashSet<>();
    private final SendCredit connectionCredit = new SendCredit(0);
    private final ReceiveWindow connectionWindow;
    private final StreamChunk chunk = new StreamChunk();
    private boolean maxDataPending;
    private final Set<Long> maxStreamDataPending = new LinkedHashSet<>();
    private final boolean[] maxStreamsPending = new boolean[2];
    private final boolean[] streamsBlockedPending = new boolean[2];
    private final Set<Long> resetPending = new LinkedHashSet<>();
    private final Set<Long> stopSendingPending = new LinkedHashSet<>();
    private final Set<Long> blockedWriters = new LinkedHashSet<>();
    private final Set<Long> readableNotified = new HashSet<>();
    private TransportParameters peer;

    /** A stream's two halves; either may be null for unidirectional streams. */
    private static final class StreamEntry {
        final SendStream send;
        final ReceiveStream receive;
        /** The application saw the end (-1) of the receiving half, so the stream may be forgotten. */
        boolean endDelivered;

        StreamEntry(SendStream send, ReceiveStream receive) {
            this.send = send;
            this.receive = receive;
        }
    }

    StreamSet(boolean isServer, TransportSettings transport, Queue<ConnectionEvent> events) {
        this.isServer = isServer;
        this.transport = transport;
        this.events = events;
        this.limits = new StreamLimits(isServer, transport.maxStreamsBidi(), transport.maxStreamsUni());
        this.connectionWindow = new ReceiveWindow(transport.initialMaxData(), transport.maxDataWindow(), 0);
    }

    /** RFC 9000 §7.4: the peer's limits; stream data can flow from now on. */
    void onPeerTransportParameters(TransportParameters p) {
        peer = p;
        connectionCredit.raiseLimit(p.initialMaxData());
        limits.onPeerLimit(false, p.initialMaxStreamsBidi());
        limits.onPeerLimit(true, p.initialMaxStreamsUni());
    }

    int size() {
        return streams.size();
    }

    // ============================================================================ application

    long open(boolean bidirectional) {
        boolean uni = !bidirectional;
        if (peer == null) {
            return -1;
        }
        if (!limits.canOpenLocal(uni)) {
            if (limits.shouldReportBlocked(uni)) {
                streamsBlockedPending[uni ? 1 : 0] = true;
            }
            return -1;
        }
        long id = limits.openLocal(uni);
        long credit = uni ? peer.initialMaxStreamDataUni() : peer.initialMaxStreamDataBidiRemote();
        SendStream send = new SendStream(id, transport.streamSendBufferBytes(), credit);
        ReceiveStream receive = uni ? null : new ReceiveStream(id,
                new ReceiveWindow(transport.initialMaxStreamDataBidiLocal(),
                        Math.max(transport.initialMaxStreamDataBidiLocal(), transport.maxStreamDataWindow()),
                        FrameType.STREAM), connectionWindow);
        streams.put(id, new StreamEntry(send, receive));
        return id;
    }

    int write(long streamId, ByteBuffer src) {
        SendStream send = sendStream(streamId);
        if (send == null) {
            return 0;
        }
        int wanted = src.remaining();
        int n = send.write(src);
        if (n > 0) {
            enqueueSend(streamId);
        }
        if (n < wanted) {
            blockedWriters.add(streamId);
        }
        return n;
    }

    void finish(long streamId) {
        SendStream send = sendStream(streamId);
        if (send != null) {
            send.finish();
            enqueueSend(streamId);
        }
    }

    int read(long streamId, ByteBuffer dst) {
        if (!StreamId.localCanReceive(streamId, isServer)) {
            throw new IllegalArgumentException("stream " + streamId + " is send-only for this endpoint");
        }
        StreamEntry e = streams.get(streamId);
        if (e == null || e.receive == null) {
            return isKnownClosed(streamId) ? -1 : 0;
        }
        readableNotified.remove(streamId);
        int n = e.receive.read(dst);
        if (n < 0) {
            e.endDelivered = true;
        }
        if (e.receive.state() == ReceiveStream.State.RECV && e.receive.window().shouldSendUpdate()) {
            maxStreamDataPending.add(streamId);
        }
        checkConnectionWindow();
        maybeForget(streamId);
        return n;
    }

    void reset(long streamId, long applicationErrorCode) {
        SendStream send = sendStream(streamId);
        if (send != null) {
            send.reset(applicationErrorCode);
            if (send.isResetPending()) {
                resetPending.add(streamId);
            }
        }
    }

    void stopSending(long streamId, long applicationErrorCode) {
        if (!StreamId.localCanReceive(streamId, isServer)) {
            throw new IllegalArgumentException("stream " + streamId + " is send-only for this endpoint");
        }
        StreamEntry e = streams.get(streamId);
        if (e != null && e.receive != null) {
            e.receive.stopSending(applicationErrorCode);
            if (e.receive.isStopSendingPending()) {
                stopSendingPending.add(streamId);
            }
            checkConnectionWindow();
            maybeForget(streamId);
        }
    }

    /** After a datagram was processed: tell writers whose buffers have room again. */
    void notifyWritable() {
        if (blockedWriters.isEmpty()) {
            return;
        }
        for (Iterator<Long> it = blockedWriters.iterator(); it.hasNext(); ) {
            long id = it.next();
            StreamEntry e = streams.get(id);
            if (e == null || e.send == null) {
                it.remove();
            } else if (e.send.writableBytes() > 0) {
                it.remove();
                events.add(new ConnectionEvent.StreamWritable(id));
            }
        }
    }

    private SendStream sendStream(long streamId) {
        if (!StreamId.localCanSend(streamId, isServer)) {
            throw new IllegalArgumentException("stream " + streamId + " is receive-only for this endpoint");
        }
        StreamEntry e = streams.get(streamId);
        return e == null ? null : e.send;
    }

    private boolean isKnownClosed(long streamId) {
        if (StreamId.isLocallyInitiated(streamId, isServer)) {
            return StreamId.index(streamId) < limits.peerGrantedLimit(StreamId.isUnidirectional(streamId))
                    && !streams.containsKey(streamId);
        }
        try {
            return limits.onPeerReference(streamId, FrameType.STREAM, true) == StreamLimits.Reference.PEER_EXISTING;
        } catch (TransportError beyondLimits) {
            return false;
        }
    }

    /** Whether some stream has data (new or to retransmit) or a FIN queued to send. */
    boolean hasDataToSend() {
        return !sendQueue.isEmpty();
    }

    private void enqueueSend(long id) {
        if (queued.add(id)) {
            sendQueue.add(id);
        }
    }

    /** Forgets a stream whose both halves are done; a peer stream's slot is offered again (§4.6). */
    private void maybeForget(long id) {
        StreamEntry e = streams.get(id);
        if (e == null) {
            return;
        }
        boolean sendDone = e.send == null || e.send.isTerminal();
        boolean receiveDone = e.receive == null || e.receive.isTerminal()
                && (e.endDelivered || e.receive.stopSendingCode() >= 0);
        if (!sendDone || !receiveDone) {
            return;
        }
        streams.remove(id);
        readableNotified.remove(id);
        maxStreamDataPending.remove(id);
        if (!StreamId.isLocallyInitiated(id, isServer)) {
            boolean uni = StreamId.isUnidirectional(id);
            limits.onPeerStreamClosed(uni);
            if (limits.maxStreamsUpdate(uni) >= 0) {
                maxStreamsPending[uni ? 1 : 0] = true;
            }
        }
    }

    // ============================================================================ peer frames

    /**
     * The stream a peer's frame refers to, opening peer streams up to it (RFC 9000 §3.2); null when
     * the stream is already closed and forgotten.
     */
    private StreamEntry streamForPeerFrame(long id, long frameType, boolean senderFrame) {
        StreamLimits.Reference ref = limits.onPeerReference(id, frameType, senderFrame);
        if (ref == StreamLimits.Reference.PEER_NEW) {
            long first = limits.openPeerUpTo(id);
            for (long sid = first; sid <= id; sid += 4) {
                createPeerStream(sid);
                events.add(new ConnectionEvent.StreamOpened(sid));
            }
        }
        return streams.get(id);
    }

    private void createPeerStream(long id) {
        boolean uni = StreamId.isUnidirectional(id);
        long receiveWindow = uni ? transport.initialMaxStreamDataUni() : transport.initialMaxStreamDataBidiRemote();
        ReceiveStream receive = new ReceiveStream(id,
                new ReceiveWindow(receiveWindow, Math.max(receiveWindow, transport.maxStreamDataWindow()),
                        FrameType.STREAM), connectionWindow);
        SendStream send = uni ? null : new SendStream(id, transport.streamSendBufferBytes(),
                peer == null ? 0 : peer.initialMaxStreamDataBidiLocal());
        streams.put(id, new StreamEntry(send, receive));
    }

    private void notifyReadable(long id) {
        if (readableNotified.add(id)) {
            events.add(new ConnectionEvent.StreamReadable(id));
        }
    }

    private void checkConnectionWindow() {
        if (connectionWindow.shouldSendUpdate()) {
            maxDataPending = true;
        }
    }

    /** RFC 9000 §19.8. */
    void onStream(StreamFrame frame) {
        long id = frame.streamId();
        StreamEntry e = streamForPeerFrame(id, frame.type(), true);
        if (e == null || e.receive == null) {
            return;
        }
        e.receive.onStreamFrame(frame.offset(), frame.data(), frame.fin());
        if (e.receive.isReadable()) {
            notifyReadable(id);
        }
        checkConnectionWindow();
    }

    /** RFC 9000 §19.4. */
    void onResetStream(ResetStreamFrame frame) {
        StreamEntry e = streamForPeerFrame(frame.streamId(), frame.type(), true);
        if (e == null || e.receive == null) {
            return;
        }
        boolean wasReset = e.receive.resetErrorCode() >= 0;
        e.receive.onResetStream(frame.applicationErrorCode(), frame.finalSize());
        if (!wasReset && e.receive.resetErrorCode() >= 0) {
            events.add(new ConnectionEvent.StreamReset(frame.streamId(), frame.applicationErrorCode()));
            notifyReadable(frame.streamId());
        }
        checkConnectionWindow();
    }

    /** RFC 9000 §19.5, §3.5: answered with RESET_STREAM echoing the code. */
    void onStopSending(StopSendingFrame frame) {
        StreamEntry e = streamForPeerFrame(frame.streamId(), frame.type(), false);
        if (e == null || e.send == null) {
            return;
        }
        if (!e.send.isTerminal()) {
            events.add(new ConnectionEvent.StopSendingReceived(frame.streamId(), frame.applicationErrorCode()));
        }
        e.send.onStopSending(frame.applicationErrorCode());
        if (e.send.isResetPending()) {
            resetPending.add(frame.streamId());
        }
    }

    /** RFC 9000 §19.9. */
    void onMaxData(MaxDataFrame frame) {
        connectionCredit.raiseLimit(frame.maximumData());
    }

    /** RFC 9000 §19.10. */
    void onMaxStreamData(MaxStreamDataFrame frame) {
        StreamEntry e = streamForPeerFrame(frame.streamId(), frame.type(), false);
        if (e != null && e.send != null) {
            e.send.onMaxStreamData(frame.maximumStreamData());
            enqueueSend(frame.streamId());
        }
    }

    /** RFC 9000 §19.11. */
    void onMaxStreams(MaxStreamsFrame frame) {
        boolean uni = !frame.bidirectional();
        boolean couldOpen = limits.canOpenLocal(uni);
        limits.onPeerLimit(uni, frame.maximumStreams());
        if (!couldOpen && limits.canOpenLocal(uni)) {
            events.add(new ConnectionEvent.StreamsAvailable(frame.bidirectional()));
        }
    }

    /** RFC 9000 §19.13: checks the stream ID; the answer is the MAX_STREAM_DATA sent as data is read. */
    void onStreamDataBlocked(StreamDataBlockedFrame frame) {
        streamForPeerFrame(frame.streamId(), frame.type(), true);
    }

    // ============================================================================ sending

    /** Flow control frames owed to the peer; returns whether any was written. */
    boolean writeFlowControlFrames(long now, long smoothedRttNanos, ByteBuffer out, int payloadLimit,
            SentPacket sent) {
        boolean wrote = false;
        if (maxDataPending && PayloadSpace.fits(out, payloadLimit, 9)) {
            long limit = connectionWindow.nextLimit(now, smoothedRttNanos);
            PayloadSpace.put(out, payloadLimit, new MaxDataFrame(limit));
            sent.add(new SentFrame.MaxData(limit));
            maxDataPending = false;
            wrote = true;
        }
        if (!maxStreamDataPending.isEmpty()) {
            for (Iterator<Long> it = maxStreamDataPending.iterator(); it.hasNext()
                    && PayloadSpace.fits(out, payloadLimit, 17); ) {
                long id = it.next();
                it.remove();
                StreamEntry e = streams.get(id);
                if (e == null || e.receive == null || e.receive.state() != ReceiveStream.State.RECV) {
                    continue;
                }
                long limit = e.receive.window().nextLimit(now, smoothedRttNanos);
                PayloadSpace.put(out, payloadLimit, new MaxStreamDataFrame(id, limit));
                sent.add(new SentFrame.MaxStreamData(id, limit));
                wrote = true;
            }
        }
        for (int slot = 0; slot < 2; slot++) {
            boolean uni = slot == 1;
            if (maxStreamsPending[slot] && PayloadSpace.fits(out, payloadLimit, 9)) {
                long limit = limits.advertisedLimit(uni);
                PayloadSpace.put(out, payloadLimit, new MaxStreamsFrame(!uni, limit));
                sent.add(new SentFrame.MaxStreams(uni, limit));
                maxStreamsPending[slot] = false;
                wrote = true;
            }
            if (streamsBlockedPending[slot] && PayloadSpace.fits(out, payloadLimit, 9)) {
                long limit = limits.peerGrantedLimit(uni);
                PayloadSpace.put(out, payloadLimit, new StreamsBlockedFrame(!uni, limit));
                limits.onBlockedReported(uni);
                sent.add(new SentFrame.StreamsBlocked(uni, limit));
                streamsBlockedPending[slot] = false;
                wrote = true;
            }
        }
        if (connectionCredit.available() == 0 && connectionCredit.shouldReportBlocked() && !sendQueue.isEmpty()
                && PayloadSpace.fits(out, payloadLimit, 9)) {
            long limit = connectionCredit.limit();
            PayloadSpace.put(out, payloadLimit, new DataBlockedFrame(limit));
            connectionCredit.onBlockedReported();
            sent.add(new SentFrame.DataBlocked(limit));
            wrote = true;
        }
        return wrote;
    }

    /** RESET_STREAM and STOP_SENDING owed to the peer; returns whether any was written. */
    boolean writeStreamControlFrames(ByteBuffer out, int payloadLimit, SentPacket sent) {
        boolean wrote = false;
        if (!resetPending.isEmpty()) {
            for (Iterator<Long> it = resetPending.iterator(); it.hasNext(); ) {
                long id = it.next();
                StreamEntry e = streams.get(id);
                if (e == null || e.send == null || !e.send.isResetPending()) {
                    it.remove();
                    continue;
                }
                if (!PayloadSpace.put(out, payloadLimit,
                        new ResetStreamFrame(id, e.send.resetErrorCode(), e.send.finalSize()))) {
                    break;
                }
                e.send.onResetSent();
                sent.add(new SentFrame.ResetStream(id));
                it.remove();
                wrote = true;
            }
        }
        if (!stopSendingPending.isEmpty()) {
            for (Iterator<Long> it = stopSendingPending.iterator(); it.hasNext(); ) {
                long id = it.next();
                StreamEntry e = streams.get(id);
                if (e == null || e.receive == null || !e.receive.isStopSendingPending()) {
                    it.remove();
                    continue;
                }
                if (!PayloadSpace.put(out, payloadLimit, new StopSendingFrame(id, e.receive.stopSendingCode()))) {
                    break;
                }
                e.receive.onStopSendingSent();
                sent.add(new SentFrame.StopSending(id));
                it.remove();
                wrote = true;
            }
        }
        return wrote;
    }

    /**
     * STREAM frames, one per stream in turn (round-robin across packets), their bytes copied once
     * from the send buffer into the datagram; STREAM_DATA_BLOCKED for streams held by their credit.
     */
    boolean writeStreamFrames(ByteBuffer out, int payloadLimit, SentPacket sent) {
        boolean wrote = false;
        int turns = sendQueue.size();
        while (turns-- > 0) {
            int room = payloadLimit - out.position();
            if (room < 16) {
                break;
            }
            long id = sendQueue.poll();
            StreamEntry e = streams.get(id);
            if (e == null || e.send == null || !e.send.hasPendingData()) {
                queued.remove(id);
                continue;
            }
            SendStream send = e.send;
            // Upper bound of the header: type, stream ID, an 8-byte offset and a 2-byte length.
            int maxLength = room - 1 - VarInt.encodedLength(id) - 8 - 2;
            if (send.poll(chunk, maxLength, connectionCredit.available())) {
                connectionCredit.consume(SendStream.newBytes(chunk));
                int type = STREAM_FRAME_TYPE | (int) FrameType.STREAM_LEN_BIT
                        | (chunk.offset() != 0 ? (int) FrameType.STREAM_OFF_BIT : 0)
                        | (chunk.fin() ? (int) FrameType.STREAM_FIN_BIT : 0);
                out.put((byte) type);
                VarInt.write(out, id);
                if (chunk.offset() != 0) {
                    VarInt.write(out, chunk.offset());
                }
                VarInt.write(out, chunk.length());
                send.copyTo(chunk, out);
                sent.add(new SentFrame.Stream(id, chunk.offset(), chunk.length(), chunk.fin()));
                wrote = true;
            } else if (send.isBlockedByStreamCredit() && send.credit().shouldReportBlocked()
                    && PayloadSpace.fits(out, payloadLimit, 17)) {
                long limit = send.credit().limit();
                PayloadSpace.put(out, payloadLimit, new StreamDataBlockedFrame(id, limit));
                send.credit().onBlockedReported();
                sent.add(new SentFrame.StreamDataBlocked(id, limit));
                wrote = true;
            }
            if (send.hasPendingData()) {
                sendQueue.add(id);
            } else {
                queued.remove(id);
            }
        }
        return wrote;
    }

    // ============================================================================ fate of packets

    /** A frame of an acknowledged packet that concerns streams. */
    void onAcked(SentFrame f) {
        if (f instanceof SentFrame.Stream st) {
            StreamEntry e = streams.get(st.streamId());
            if (e != null && e.send != null) {
                e.send.onStreamFrameAcked(st.offset(), st.length(), st.fin());
                maybeForget(st.streamId());
            }
        } else if (f instanceof SentFrame.ResetStream r) {
            StreamEntry e = streams.get(r.streamId());
            if (e != null && e.send != null) {
                e.send.onResetAcked();
                maybeForget(r.streamId());
            }
        }
    }

    /** RFC 9000 §13.3: a frame of a lost packet that concerns streams; resend what is still current. */
    void onLost(SentFrame f) {
        if (f instanceof SentFrame.Stream st) {
            StreamEntry e = streams.get(st.streamId());
            if (e != null && e.send != null) {
                e.send.onStreamFrameLost(st.offset(), st.length(), st.fin());
                if (e.send.hasPendingData()) {
                    enqueueSend(st.streamId());
                }
            }
        } else if (f instanceof SentFrame.MaxData m) {
            if (m.limit() == connectionWindow.limit()) {
                maxDataPending = true;
            }
        } else if (f instanceof SentFrame.MaxStreamData m) {
            StreamEntry e = streams.get(m.streamId());
            if (e != null && e.receive != null && e.receive.state() == ReceiveStream.State.RECV
                    && m.limit() == e.receive.window().limit()) {
                maxStreamDataPending.add(m.streamId());
            }
        } else if (f instanceof SentFrame.MaxStreams m) {
            if (m.limit() == limits.advertisedLimit(m.unidirectional())) {
                maxStreamsPending[m.unidirectional() ? 1 : 0] = true;
            }
        } else if (f instanceof SentFrame.DataBlocked d) {
            connectionCredit.onBlockedLost(d.limit());
        } else if (f instanceof SentFrame.StreamDataBlocked d) {
            StreamEntry e = streams.get(d.streamId());
            if (e != null && e.send != null) {
                e.send.credit().onBlockedLost(d.limit());
                enqueueSend(d.streamId());
            }
        } else if (f instanceof SentFrame.StreamsBlocked b) {
            if (b.limit() == limits.peerGrantedLimit(b.unidirectional()) && !limits.canOpenLocal(b.unidirectional())) {
                streamsBlockedPending[b.unidirectional() ? 1 : 0] = true;
            }
        } else if (f instanceof SentFrame.ResetStream r) {
            StreamEntry e = streams.get(r.streamId());
            if (e != null && e.send != null) {
                e.send.onResetLost();
                if (e.send.isResetPending()) {
                    resetPending.add(r.streamId());
                }
            }
        } else if (f instanceof SentFrame.StopSending ss) {
            StreamEntry e = streams.get(ss.streamId());
            if (e != null && e.receive != null) {
                e.receive.onStopSendingLost();
                if (e.receive.isStopSendingPending()) {
                    stopSendingPending.add(ss.streamId());
                }
            }
        }
    }
}
