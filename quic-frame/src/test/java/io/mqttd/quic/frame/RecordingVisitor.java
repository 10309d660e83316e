package io.mqttd.quic.frame;

import java.util.ArrayList;
import java.util.List;

/** A visitor that records what it was called with, and through which method. */
final class RecordingVisitor implements FrameVisitor {
    final List<Frame> frames = new ArrayList<>();
    final List<String> methods = new ArrayList<>();

    private void add(String method, Frame f) {
        methods.add(method);
        frames.add(f);
    }

    @Override
    public void padding(PaddingFrame f) {
        add("padding", f);
    }

    @Override
    public void ping(PingFrame f) {
        add("ping", f);
    }

    @Override
    public void ack(AckFrame f) {
        add("ack", f);
    }

    @Override
    public void resetStream(ResetStreamFrame f) {
        add("resetStream", f);
    }

    @Override
    public void stopSending(StopSendingFrame f) {
        add("stopSending", f);
    }

    @Override
    public void crypto(CryptoFrame f) {
        add("crypto", f);
    }

    @Override
    public void newToken(NewTokenFrame f) {
        add("newToken", f);
    }

    @Override
    public void stream(StreamFrame f) {
        add("stream", f);
    }

    @Override
    public void maxData(MaxDataFrame f) {
        add("maxData", f);
    }

    @Override
    public void maxStreamData(MaxStreamDataFrame f) {
        add("maxStreamData", f);
    }

    @Override
    public void maxStreams(MaxStreamsFrame f) {
        add("maxStreams", f);
    }

    @Override
    public void dataBlocked(DataBlockedFrame f) {
        add("dataBlocked", f);
    }

    @Override
    public void streamDataBlocked(StreamDataBlockedFrame f) {
        add("streamDataBlocked", f);
    }

    @Override
    public void streamsBlocked(StreamsBlockedFrame f) {
        add("streamsBlocked", f);
    }

    @Override
    public void newConnectionId(NewConnectionIdFrame f) {
        add("newConnectionId", f);
    }

    @Override
    public void retireConnectionId(RetireConnectionIdFrame f) {
        add("retireConnectionId", f);
    }

    @Override
    public void pathChallenge(PathChallengeFrame f) {
        add("pathChallenge", f);
    }

    @Override
    public void pathResponse(PathResponseFrame f) {
        add("pathResponse", f);
    }

    @Override
    public void connectionClose(ConnectionCloseFrame f) {
        add("connectionClose", f);
    }

    @Override
    public void handshakeDone(HandshakeDoneFrame f) {
        add("handshakeDone", f);
    }

    @Override
    public void datagram(DatagramFrame f) {
        add("datagram", f);
    }
}
