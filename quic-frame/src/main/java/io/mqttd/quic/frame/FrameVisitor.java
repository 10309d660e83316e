package io.mqttd.quic.frame;

/**
 * One method per frame class, for dispatch without instanceof chains ({@link Frame#accept},
 * {@link FrameReader#readAll}). There are deliberately no default methods: adding a frame class
 * breaks every visitor at compile time, standing in for an exhaustive switch.
 */
public interface FrameVisitor {
    void padding(PaddingFrame frame);

    void ping(PingFrame frame);

    void ack(AckFrame frame);

    void resetStream(ResetStreamFrame frame);

    void stopSending(StopSendingFrame frame);

    void crypto(CryptoFrame frame);

    void newToken(NewTokenFrame frame);

    void stream(StreamFrame frame);

    void maxData(MaxDataFrame frame);

    void maxStreamData(MaxStreamDataFrame frame);

    void maxStreams(MaxStreamsFrame frame);

    void dataBlocked(DataBlockedFrame frame);

    void streamDataBlocked(StreamDataBlockedFrame frame);

    void streamsBlocked(StreamsBlockedFrame frame);

    void newConnectionId(NewConnectionIdFrame frame);

    void retireConnectionId(RetireConnectionIdFrame frame);

    void pathChallenge(PathChallengeFrame frame);

    void pathResponse(PathResponseFrame frame);

    void connectionClose(ConnectionCloseFrame frame);

    void handshakeDone(HandshakeDoneFrame frame);

    void datagram(DatagramFrame frame);
}
