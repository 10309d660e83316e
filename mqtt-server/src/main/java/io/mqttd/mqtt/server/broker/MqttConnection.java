package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.MqttDecodeException;
import io.mqttd.mqtt.codec.MqttDecoder;
import io.mqttd.mqtt.codec.MqttEncoder;
import io.mqttd.mqtt.codec.ProtocolVersion;
import io.mqttd.mqtt.codec.Qos;
import io.mqttd.mqtt.codec.ReasonCode;
import io.mqttd.mqtt.codec.packet.Connack;
import io.mqttd.mqtt.codec.packet.Connect;
import io.mqttd.mqtt.codec.packet.Disconnect;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.mqttd.mqtt.codec.packet.Pingreq;
import io.mqttd.mqtt.codec.packet.Pingresp;
import io.mqttd.mqtt.codec.packet.Puback;
import io.mqttd.mqtt.codec.packet.Pubcomp;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.Pubrec;
import io.mqttd.mqtt.codec.packet.Pubrel;
import io.mqttd.mqtt.codec.packet.RetainHandling;
import io.mqttd.mqtt.codec.packet.Suback;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import io.mqttd.mqtt.codec.packet.Unsuback;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import io.mqttd.mqtt.codec.wire.Topics;
import io.mqttd.mqtt.server.store.DeliveryState;
import io.mqttd.mqtt.server.store.OutboundEntry;
import io.mqttd.mqtt.server.store.SessionState;
import io.mqttd.mqtt.server.store.StoreBatch;
import io.mqttd.mqtt.server.store.StoredMessage;
import io.mqttd.mqtt.server.store.StoredSubscription;
import io.mqttd.mqtt.server.store.WillMessage;
import io.mqttd.mqtt.server.transport.MqttConnectionHandler;
import io.mqttd.mqtt.server.transport.MqttTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One network connection's protocol state machine (MQTT 5.0 §3, §4): decodes what arrives, answers
 * in order, delivers the session's messages within the client's Receive Maximum (§4.9) and ends
 * with the right reason code (§4.13). Everything runs on the transport's executor, so nothing here
 * is locked; the broker reaches it only through {@link #post}.
 */
final class MqttConnection implements MqttConnectionHandler {
    private static final Logger LOG = Logger.getLogger(MqttConnection.class.getName());
    private static final int LARGEST = MqttDecoder.LARGEST_PACKET;

    private enum State { AWAIT_CONNECT, CONNECTED, CLOSED }

    private final Broker broker;
    private final BrokerSettings settings;
    private final MqttTransport transport;
    private final Executor executor;
    private final MqttDecoder decoder;
    private MqttEncoder encoder;
    private State state = State.AWAIT_CONNECT;
    private ProtocolVersion version;
    private boolean v5;
    private String clientId;
    private ClientIdentity identity;
    private Session session;
    private WillMessage will;
    private long sessionExpiryAtConnect;

    private int clientReceiveMaximum = 65535;
    private long clientMaximumPacketSize = LARGEST;
    private long keepAliveMillis;
    private long lastReceivedMillis;
    private ScheduledFuture<?> keepAliveTimer;

    /** Inbound Topic Aliases (§3.3.2.3.4), index = alias. */
    private TopicAliases topicAliases;
    /** QoS 2 packet ids that got PUBREC and await PUBREL (§4.3.3), loaded from the session. */
    private final Set<Integer> inboundQos2 = new HashSet<>();
    /** QoS 1/2 PUBLISH packets of this connection not yet completed: the client's send quota (§4.9). */
    private int inboundUnacknowledged;
    private final Set<Integer> inboundQos2Counted = new HashSet<>();

    /** Stored entries not yet sent, by sequence. */
    private final TreeMap<Long, OutboundEntry> pending = new TreeMap<>();
    /** Entries sent and not yet acknowledged, by packet id, in send order. */
    private final Map<Integer, OutboundEntry> inflight = new LinkedHashMap<>();
    private long highestLoadedSequence = -1;
    private boolean resumed;
    private int nextPacketId = 1;

    private final ReplyQueue replies = new ReplyQueue(this::post, () -> state != State.CLOSED);
    private ByteBuffer scratch = ByteBuffer.allocate(256);
    private boolean needsFlush;
    /** Store changes to commit at the end of the current work, in order; null while none. */
    private List<Consumer<StoreBatch>> deferred;
    /** QoS 2 entries to send once the deferred commit that stores their packet ids completes. */
    private List<OutboundEntry> sendAfterCommit;
    /** Commits whose {@link #sendAfterCommit} entries are not sent yet. */
    private int commitsAwaited;

    MqttConnection(Broker broker, MqttTransport transport) {
        this.broker = broker;
        this.settings = broker.settings;
        this.transport = transport;
        this.executor = transport.executor();
        this.decoder = MqttDecoder.forServer(settings.maximumPacketSize());
        this.lastReceivedMillis = broker.time.nowMillis();
    }

    Executor executor() {
        return executor;
    }

    /** Runs work for this connection on its executor (MqttTransport's threading rule). */
    void post(Runnable task) {
        try {
            executor.execute(() -> {
                if (state == State.CLOSED) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "connection task failed for " + clientId, e);
                    closeWith(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
                }
                flush();
            });
        } catch (RejectedExecutionException e) {
            // The transport's event loop is shutting down: the connection is going away, and what
            // the task would have sent is in the session's stored queue for the next connection.
            LOG.log(Level.FINE, "executor of {0} refused a task", clientId);
        }
    }

    // ---- MqttConnectionHandler

    @Override
    public void onBytes(ByteBuffer data) {
        if (state == State.CLOSED) {
            return;
        }
        lastReceivedMillis = broker.time.nowMillis();
        int levelHint = state == State.AWAIT_CONNECT ? ConnectPeek.protocolLevel(data) : -1;
        try {
            MqttPacket p;
            while (state != State.CLOSED && (p = decoder.decode(data)) != null) {
                handle(p);
            }
        } catch (MqttDecodeException e) {
            LOG.log(Level.FINE, "protocol error from {0}: {1}", new Object[] {clientId, e.getMessage()});
            if (state == State.AWAIT_CONNECT) {
                refuseUndecodableConnect(e.reasonCode(), levelHint);
            } else {
                closeWith(e.reasonCode());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "broker failure on a packet from " + clientId, e);
            closeWith(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
        }
        flush();
    }

    @Override
    public void onWritabilityChanged() {
        if (transport.isWritable()) {
            pump();
            flush();
        }
    }

    @Override
    public void onTransportClosed() {
        terminate(true);
    }

    // ---- dispatch

    private void handle(MqttPacket p) {
        if (p instanceof Publish pub) {
            onPublish(pub);
        } else if (p instanceof Puback a) {
            onPuback(a);
        } else if (p instanceof Pubrec r) {
            onPubrec(r);
        } else if (p instanceof Pubrel r) {
            onPubrel(r);
        } else if (p instanceof Pubcomp c) {
            onPubcomp(c);
        } else if (p instanceof Pingreq) {
            respond(Pingresp.INSTANCE);
        } else if (p instanceof Subscribe sub) {
            onSubscribe(sub);
        } else if (p instanceof Unsubscribe u) {
            onUnsubscribe(u);
        } else if (p instanceof Disconnect d) {
            onDisconnect(d);
        } else if (p instanceof Connect c) {
            onConnect(c);
        } else {
            // AUTH without negotiated enhanced authentication (§4.12), or a server-to-client packet.
            closeWith(ReasonCode.PROTOCOL_ERROR);
        }
    }

    // ---- CONNECT (§3.1)

    private void onConnect(Connect c) {
        version = c.protocolVersion();
        v5 = version.isV5();
        encoder = new MqttEncoder(version);
        MqttProperties props = c.properties();
        if (v5 && props.contains(MqttProperty.AUTHENTICATION_METHOD)) {
            refuse(ReasonCode.BAD_AUTHENTICATION_METHOD); // §4.12: no enhanced authentication method is supported
            return;
        }
        String id = c.clientId();
        String assigned = null;
        if (id.isEmpty()) {
            // MQTT-3.1.3-6/-8 (5.0): assign one. 3.1.1 MQTT-3.1.3-8: only with Clean Session, else 0x02.
            if (!v5 && (!c.cleanStart() || version == ProtocolVersion.MQTT_3_1)) {
                refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
                return;
            }
            id = "mqttd-" + UUID.randomUUID();
            if (v5) {
                assigned = id;
            }
        }
        int idBytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (idBytes > settings.maximumClientIdLength() || version == ProtocolVersion.MQTT_3_1 && idBytes > 23) {
            refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID); // MQTT-3.1.3-5 lets the server refuse longer ids
            return;
        }
        clientId = id;
        identity = new ClientIdentity(id, c.userName(), c.password(), transport.remoteAddress(), transport.kind(),
                transport.peerCertificates());
        AuthDecision decision = settings.authenticator().authenticate(identity);
        if (!decision.allowed()) {
            refuse(decision.reasonCode());
            return;
        }
        if (c.will() != null) {
            if (c.will().qos().value() > settings.maximumQos().value()) {
                refuse(ReasonCode.QOS_NOT_SUPPORTED); // MQTT-3.2.2-12
                return;
            }
            if (c.will().retain() && !settings.retainAvailable()) {
                refuse(ReasonCode.RETAIN_NOT_SUPPORTED); // MQTT-3.2.2-13
                return;
            }
            if (!settings.authorizer().mayPublish(identity, c.will().topic())) {
                refuse(ReasonCode.NOT_AUTHORIZED);
                return;
            }
            MqttProperties wp = c.will().properties();
            if (v5 && settings.validatePayloadFormat() && !PayloadFormat.isValid(wp, bytes(c.will().payload()))) {
                refuse(ReasonCode.PAYLOAD_FORMAT_INVALID); // §3.1.3.2.3
                return;
            }
            will = new WillMessage(c.will().topic(), bytes(c.will().payload()), c.will().qos(), c.will().retain(),
                    StoredProperties.encodeWill(wp), wp.numeric(MqttProperty.WILL_DELAY_INTERVAL, 0));
        }
        clientReceiveMaximum = (int) Math.min(props.numeric(MqttProperty.RECEIVE_MAXIMUM, 65535),
                settings.outboundInflightMaximum());
        clientMaximumPacketSize = props.numeric(MqttProperty.MAXIMUM_PACKET_SIZE, LARGEST);
        long requestedExpiry = v5 ? props.numeric(MqttProperty.SESSION_EXPIRY_INTERVAL, 0)
                : c.cleanStart() ? 0 : SessionState.NEVER_EXPIRES; // 3.1.1: Clean Session 0 keeps the session
        long expiry = Math.min(requestedExpiry, settings.maximumSessionExpirySeconds());
        sessionExpiryAtConnect = requestedExpiry; // MQTT-3.14.2-2 is about the value the CONNECT carried
        int keepAlive = c.keepAlive();
        int serverKeepAlive = -1;
        int max = settings.maximumKeepAliveSeconds();
        if (v5 && max > 0 && (keepAlive == 0 || keepAlive > max)) {
            keepAlive = max; // §3.2.2.3.14: the client MUST use the Server Keep Alive
            serverKeepAlive = max;
        }
        if (settings.topicAliasMaximum() > 0 && v5) {
            topicAliases = new TopicAliases(settings.topicAliasMaximum());
        }

        Broker.Attached attached = broker.attach(this, id, c.cleanStart(), expiry, version.level(), will);
        session = attached.session();
        state = State.CONNECTED;
        broker.connectionOpened(this);
        if (attached.previous() != null) {
            MqttConnection old = attached.previous();
            boolean ended = attached.previousSessionEnded();
            old.post(() -> old.takenOver(ended));
        }

        MqttProperties ackProperties = v5
                ? ConnackProperties.of(settings, assigned, expiry != requestedExpiry ? expiry : -1, serverKeepAlive)
                : MqttProperties.EMPTY;
        // MQTT-3.2.2-2 (5.0) / 3.1.1 MQTT-3.2.2-1: Session Present is 0 after a Clean Start.
        Connack connack = new Connack(attached.sessionPresent(), ReasonCode.SUCCESS, ackProperties);
        reply(attached.committed(), error -> {
            if (error != null) {
                // The store failed: the session cannot be kept, so the CONNECT is refused (§3.2.2.2).
                LOG.log(Level.WARNING, "store failed while connecting " + clientId, error);
                write(Connack.of(false, ReasonCode.SERVER_UNAVAILABLE));
                state = State.CLOSED;
                flush();
                transport.close();
                terminate(false);
                return;
            }
            write(connack);
            resume();
        });
        if (keepAlive > 0) {
            // MQTT-3.1.2-22: one and a half times the Keep Alive without a packet ends the connection.
            keepAliveMillis = keepAlive * 1500L;
            scheduleKeepAlive(keepAliveMillis);
        }
    }

    /** Refuses a CONNECT: CONNACK with the reason (§3.2.2.2), then close (MQTT-3.2.2-7). */
    private void refuse(ReasonCode reason) {
        ReasonCode code = v5 ? reason : v3ReturnCode(reason);
        write(Connack.of(false, code));
        state = State.CLOSED;
        flush();
        transport.close();
    }

    /**
     * A CONNECT that did not decode: answer with a CONNACK in the client's version where the code
     * exists there (0x84 for an unknown level is sent the 3.1.1 way, return code 0x01, which every
     * version understands: §3.1.2.2), else just close (MQTT-3.1.4-1, 3.1.1 §3.1.4).
     */
    private void refuseUndecodableConnect(ReasonCode reason, int level) {
        ProtocolVersion v = ProtocolVersion.ofLevel(level);
        if (v == ProtocolVersion.MQTT_5 && reason.isValidIn(io.mqttd.mqtt.codec.ControlPacketType.CONNACK)) {
            encoder = new MqttEncoder(v);
            v5 = true;
            refuse(reason);
        } else if (reason == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            encoder = new MqttEncoder(ProtocolVersion.MQTT_3_1_1);
            v5 = false;
            refuse(reason);
        } else {
            state = State.CLOSED;
            transport.close();
        }
    }

    private static ReasonCode v3ReturnCode(ReasonCode reason) {
        return switch (reason) {
            case UNSUPPORTED_PROTOCOL_VERSION, CLIENT_IDENTIFIER_NOT_VALID, SERVER_UNAVAILABLE,
                    BAD_USER_NAME_OR_PASSWORD, NOT_AUTHORIZED -> reason;
            case BANNED, BAD_AUTHENTICATION_METHOD -> ReasonCode.NOT_AUTHORIZED;
            default -> ReasonCode.SERVER_UNAVAILABLE;
        };
    }

    /** After CONNACK: resend what the session had in flight, in order (MQTT-4.4.0-1), then the queue. */
    private void resume() {
        List<OutboundEntry> queue;
        try {
            inboundQos2.addAll(broker.store.inboundQos2PacketIds(clientId));
            queue = broker.store.queue(clientId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not load the session of " + clientId, e);
            closeWith(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
            return;
        }
        for (OutboundEntry e : queue) {
            highestLoadedSequence = Math.max(highestLoadedSequence, e.sequence());
            pending.remove(e.sequence());
            switch (e.state()) {
                case QUEUED -> pending.put(e.sequence(), e);
                case PUBLISH_SENT -> {
                    inflight.put(e.packetId(), e);
                    // MQTT-3.3.1-1: DUP on a resend; MQTT-4.4.0-1: in the original order.
                    if (!writePublish(e.message(), e.packetId(), true)) {
                        dropEntry(e);
                    }
                }
                case PUBREL_SENT -> {
                    inflight.put(e.packetId(), e);
                    write(Pubrel.of(e.packetId()));
                }
            }
        }
        resumed = true;
        pump();
    }

    // ---- PUBLISH from the client (§3.3, §4.3)

    private void onPublish(Publish p) {
        if (state != State.CONNECTED) {
            return;
        }
        Qos qos = p.qos();
        if (qos.value() > settings.maximumQos().value()) {
            closeWith(ReasonCode.QOS_NOT_SUPPORTED); // MQTT-3.2.2-11
            return;
        }
        if (p.retain() && !settings.retainAvailable()) {
            closeWith(ReasonCode.RETAIN_NOT_SUPPORTED); // MQTT-3.2.2-14
            return;
        }
        MqttProperties props = p.properties();
        String topic = p.topicName();
        if (props.contains(MqttProperty.TOPIC_ALIAS)) {
            int alias = (int) props.numeric(MqttProperty.TOPIC_ALIAS, 0);
            if (topicAliases == null || !topicAliases.isValid(alias)) {
                closeWith(ReasonCode.TOPIC_ALIAS_INVALID); // MQTT-3.3.2-9/-10
                return;
            }
            if (topic.isEmpty()) {
                topic = topicAliases.resolve(alias);
                if (topic == null) {
                    closeWith(ReasonCode.PROTOCOL_ERROR); // §3.3.2.3.4: an alias with no mapping
                    return;
                }
            } else {
                topicAliases.put(alias, topic);
            }
        }
        int pid = p.packetId();
        if (qos == Qos.EXACTLY_ONCE && inboundQos2.contains(pid)) {
            // §4.3.3 method B: already delivered onwards; answer again without a second delivery.
            reply(CompletableFuture.completedFuture(null), e -> write(Pubrec.of(pid)));
            return;
        }
        if (qos != Qos.AT_MOST_ONCE) {
            if (inboundUnacknowledged >= settings.receiveMaximum()) {
                closeWith(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED); // MQTT-3.3.4-7, §3.3.4
                return;
            }
            inboundUnacknowledged++;
        }
        if (!settings.authorizer().mayPublish(identity, topic)) {
            broker.messagesIn.incrementAndGet();
            // §3.4.2.1 / §3.5.2.1: 0x87 in 5.0; 3.1.1 has no way to say it, so the ack is plain (as Mosquitto).
            if (qos == Qos.AT_LEAST_ONCE) {
                inboundUnacknowledged--;
                respond(new Puback(pid, v5 ? ReasonCode.NOT_AUTHORIZED : ReasonCode.SUCCESS, MqttProperties.EMPTY));
            } else if (qos == Qos.EXACTLY_ONCE) {
                if (v5) {
                    inboundUnacknowledged--;
                    respond(new Pubrec(pid, ReasonCode.NOT_AUTHORIZED, MqttProperties.EMPTY));
                } else {
                    inboundQos2.add(pid);
                    inboundQos2Counted.add(pid);
                    respond(Pubrec.of(pid));
                }
            }
            return;
        }
        long now = broker.time.nowMillis();
        long mei = props.numeric(MqttProperty.MESSAGE_EXPIRY_INTERVAL, -1);
        long expiresAt = mei < 0 ? StoredMessage.NO_EXPIRY : now + mei * 1000L;
        byte[] payload = p.payloadBytes(); // the decoder's buffer is only valid during onBytes
        if (v5 && settings.validatePayloadFormat() && !PayloadFormat.isValid(props, payload)) {
            // §3.3.2.3.2: 0x99 in the acknowledgement, or DISCONNECT for QoS 0, which has none.
            if (qos == Qos.AT_MOST_ONCE) {
                closeWith(ReasonCode.PAYLOAD_FORMAT_INVALID);
            } else {
                inboundUnacknowledged--;
                respond(qos == Qos.AT_LEAST_ONCE ? new Puback(pid, ReasonCode.PAYLOAD_FORMAT_INVALID, MqttProperties.EMPTY)
                        : new Pubrec(pid, ReasonCode.PAYLOAD_FORMAT_INVALID, MqttProperties.EMPTY));
            }
            return;
        }
        Consumer<StoreBatch> extra = null;
        if (qos == Qos.EXACTLY_ONCE) {
            inboundQos2.add(pid);
            inboundQos2Counted.add(pid);
            String id = clientId;
            extra = b -> b.addInboundQos2(id, pid);
        }
        CompletableFuture<Integer> routed = broker.router.publish(topic, payload, qos, p.retain(), props, clientId, expiresAt, extra);
        if (qos == Qos.AT_LEAST_ONCE) {
            // MQTT-4.3.2: PUBACK only once the message is stored as the durability policy promises.
            reply(routed, error -> {
                inboundUnacknowledged--;
                if (error != null) {
                    failAck(() -> write(new Puback(pid, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, MqttProperties.EMPTY)));
                } else {
                    write(new Puback(pid, ackCode(routed), MqttProperties.EMPTY));
                }
            });
        } else if (qos == Qos.EXACTLY_ONCE) {
            reply(routed, error -> {
                if (error != null) {
                    inboundQos2.remove(pid);
                    if (inboundQos2Counted.remove(pid)) {
                        inboundUnacknowledged--;
                    }
                    failAck(() -> write(new Pubrec(pid, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, MqttProperties.EMPTY)));
                } else {
                    write(new Pubrec(pid, ackCode(routed), MqttProperties.EMPTY));
                }
            });
        }
    }

    /** 0x10 No matching subscribers (§3.4.2.1) in 5.0, as HiveMQ and Mosquitto send it. */
    private ReasonCode ackCode(CompletableFuture<Integer> routed) {
        return v5 && routed.join() == 0 ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
    }

    /** The store failed: 5.0 can say so in the ack; 3.1.1 cannot, so the connection closes unacknowledged. */
    private void failAck(Runnable v5Ack) {
        if (v5) {
            v5Ack.run();
        } else {
            closeWith(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
        }
    }

    private void onPubrel(Pubrel r) {
        int pid = r.packetId();
        if (inboundQos2.remove(pid)) {
            if (inboundQos2Counted.remove(pid)) {
                inboundUnacknowledged--;
            }
            CompletableFuture<?> done = broker.commit(b -> b.removeInboundQos2(clientId, pid));
            reply(done, error -> write(Pubcomp.of(pid)));
        } else {
            // §3.7.2.1: 0x92 Packet Identifier not found (a PUBREL resent after our PUBCOMP got lost).
            respond(new Pubcomp(pid, v5 ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : ReasonCode.SUCCESS, MqttProperties.EMPTY));
        }
    }

    // ---- acknowledgements from the client for our PUBLISH (§4.3.2, §4.3.3)

    private void onPuback(Puback a) {
        OutboundEntry e = inflight.get(a.packetId());
        if (e != null && e.message().qos() == Qos.AT_LEAST_ONCE) {
            inflight.remove(a.packetId());
            defer(b -> b.removeOutbound(clientId, e.sequence()));
            pump();
        }
    }

    private void onPubrec(Pubrec r) {
        int pid = r.packetId();
        OutboundEntry e = inflight.get(pid);
        if (e == null || e.message().qos() != Qos.EXACTLY_ONCE) {
            respond(new Pubrel(pid, v5 ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : ReasonCode.SUCCESS, MqttProperties.EMPTY));
            return;
        }
        if (r.reasonCode().isError()) {
            // §4.3.3: a PUBREC with an error code ends the exchange; no PUBREL.
            inflight.remove(pid);
            defer(b -> b.removeOutbound(clientId, e.sequence()));
            pump();
            return;
        }
        inflight.put(pid, new OutboundEntry(e.sequence(), DeliveryState.PUBREL_SENT, pid, e.message()));
        defer(b -> b.markPubrelSent(clientId, e.sequence()));
        respond(Pubrel.of(pid));
    }

    private void onPubcomp(Pubcomp c) {
        OutboundEntry e = inflight.get(c.packetId());
        if (e != null && e.state() == DeliveryState.PUBREL_SENT) {
            inflight.remove(c.packetId());
            defer(b -> b.removeOutbound(clientId, e.sequence()));
            pump();
        }
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE (§3.8, §3.10)

    private void onSubscribe(Subscribe s) {
        int subscriptionId = (int) s.properties().numeric(MqttProperty.SUBSCRIPTION_IDENTIFIER, 0);
        if (subscriptionId != 0 && !settings.subscriptionIdentifiersAvailable()) {
            closeWith(ReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED); // §3.2.2.3.12
            return;
        }
        List<ReasonCode> codes = new ArrayList<>(s.subscriptions().size());
        List<StoredSubscription> retainedFor = new ArrayList<>();
        for (Subscription sub : s.subscriptions()) {
            String filter = sub.topicFilter();
            SubscriptionOptions o = sub.options();
            boolean shared = Topics.isShared(filter);
            ReasonCode refused = null;
            if (shared && !settings.sharedSubscriptionAvailable()) {
                refused = ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
            } else if (!settings.wildcardSubscriptionAvailable() && (filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0)) {
                refused = ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED;
            } else if (!settings.authorizer().maySubscribe(identity, filter)) {
                refused = ReasonCode.NOT_AUTHORIZED;
            }
            if (refused != null) {
                codes.add(v5 ? refused : ReasonCode.UNSPECIFIED_ERROR); // 3.1.1 has only 0x80 Failure
                continue;
            }
            Qos granted = Qos.of(Math.min(o.maxQos().value(), settings.maximumQos().value()));
            StoredSubscription stored = new StoredSubscription(filter,
                    new SubscriptionOptions(granted, o.noLocal(), o.retainAsPublished(), o.retainHandling()), subscriptionId);
            // MQTT-3.8.4-3: a subscription to the same filter replaces the old one.
            boolean isNew = session.putSubscription(stored) == null;
            broker.trie.subscribe(filter, session, stored);
            codes.add(granted == Qos.AT_MOST_ONCE ? ReasonCode.GRANTED_QOS_0
                    : granted == Qos.AT_LEAST_ONCE ? ReasonCode.GRANTED_QOS_1 : ReasonCode.GRANTED_QOS_2);
            // MQTT-3.3.1-9/-10/-11 and §4.8.2: never retained messages for a shared subscription.
            RetainHandling rh = o.retainHandling();
            if (!shared && (rh == RetainHandling.SEND_ON_SUBSCRIBE || rh == RetainHandling.SEND_IF_NEW_SUBSCRIPTION && isNew)) {
                retainedFor.add(stored);
            }
        }
        CompletableFuture<?> done = persistSession();
        Suback ack = new Suback(s.packetId(), codes, MqttProperties.EMPTY);
        reply(done, error -> {
            write(ack);
            for (StoredSubscription sub : retainedFor) {
                broker.router.sendRetained(this, session, sub);
            }
        });
    }

    private void onUnsubscribe(Unsubscribe u) {
        List<ReasonCode> codes = new ArrayList<>(u.topicFilters().size());
        for (String filter : u.topicFilters()) {
            boolean existed = session.removeSubscription(filter) != null;
            broker.trie.unsubscribe(filter, session);
            codes.add(existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
        }
        CompletableFuture<?> done = persistSession();
        Unsuback ack = new Unsuback(u.packetId(), v5 ? codes : List.of(), MqttProperties.EMPTY);
        reply(done, error -> write(ack));
    }

    private CompletableFuture<?> persistSession() {
        synchronized (session) {
            return broker.commit(b -> b.putSession(session.toState(will)));
        }
    }

    // ---- DISCONNECT (§3.14) and the end of the connection

    private void onDisconnect(Disconnect d) {
        if (v5 && d.properties().contains(MqttProperty.SESSION_EXPIRY_INTERVAL)) {
            long requested = d.properties().numeric(MqttProperty.SESSION_EXPIRY_INTERVAL, 0);
            if (sessionExpiryAtConnect == 0 && requested != 0) {
                closeWith(ReasonCode.PROTOCOL_ERROR); // MQTT-3.14.2-2
                return;
            }
            synchronized (session) {
                session.expiryIntervalSeconds = Math.min(requested, settings.maximumSessionExpirySeconds());
            }
        }
        // §3.1.2.5: DISCONNECT 0x00 deletes the will; 0x04 and any other code keep it.
        boolean publishWill = d.reasonCode() != ReasonCode.NORMAL_DISCONNECTION;
        state = State.CLOSED;
        transport.close();
        terminate(publishWill);
    }

    /** The broker ends the connection: DISCONNECT with the reason in 5.0 (§4.13), plain close in 3.1.1. */
    void closeWith(ReasonCode reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.AWAIT_CONNECT) {
            state = State.CLOSED;
            transport.close();
            return;
        }
        if (v5) {
            write(Disconnect.of(reason.isValidIn(io.mqttd.mqtt.codec.ControlPacketType.DISCONNECT)
                    ? reason : ReasonCode.UNSPECIFIED_ERROR));
        }
        state = State.CLOSED;
        flush();
        transport.close();
        terminate(true);
    }

    /** Another connection took the session (MQTT-3.1.4-3): DISCONNECT 0x8E, close, will per §3.1.3.2.2. */
    void takenOver(boolean sessionEnded) {
        if (terminated) {
            return;
        }
        if (v5) {
            write(Disconnect.of(ReasonCode.SESSION_TAKEN_OVER));
        }
        state = State.CLOSED;
        flush();
        transport.close();
        terminated = true;
        stopTimers();
        broker.connectionClosed(this);
        // The session lives on in the new connection, which cancels a delayed will; with no delay, or
        // when the new connection's Clean Start ended the session, the will goes out now.
        if (will != null && (will.delayIntervalSeconds() == 0 || sessionEnded)) {
            broker.router.publishWill(clientId, will);
        }
    }

    /** Broker shutdown: DISCONNECT 0x8B Server shutting down (5.0), close, will per the usual rules. */
    void shutdown() {
        if (state == State.CONNECTED && v5) {
            write(Disconnect.of(ReasonCode.SERVER_SHUTTING_DOWN));
        }
        state = State.CLOSED;
        flush();
        transport.close();
        terminate(true);
    }

    private boolean terminated;

    private void terminate(boolean publishWill) {
        if (terminated) {
            return;
        }
        terminated = true;
        commitDeferred();
        boolean wasConnected = session != null;
        state = State.CLOSED;
        stopTimers();
        if (wasConnected) {
            broker.connectionClosed(this);
            broker.detach(this, session, publishWill ? will : null);
        }
    }

    private void stopTimers() {
        if (keepAliveTimer != null) {
            keepAliveTimer.cancel(false);
            keepAliveTimer = null;
        }
    }

    // ---- keep alive (§3.1.2.10)

    private void scheduleKeepAlive(long delayMillis) {
        keepAliveTimer = broker.timers.schedule(() -> post(this::checkKeepAlive), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void checkKeepAlive() {
        long idle = broker.time.nowMillis() - lastReceivedMillis;
        if (idle >= keepAliveMillis) {
            closeWith(ReasonCode.KEEP_ALIVE_TIMEOUT); // MQTT-3.1.2-22
        } else {
            scheduleKeepAlive(keepAliveMillis - idle);
        }
    }

    // ---- delivery to the client (§4.3, §4.9)

    /** A committed queue entry for this session. Entries the resume already loaded are skipped. */
    void offer(OutboundEntry e) {
        if (e.sequence() <= highestLoadedSequence && resumed) {
            return;
        }
        pending.putIfAbsent(e.sequence(), e);
        pump();
    }

    /** Sends queued entries while the client's Receive Maximum (§3.3.4, MQTT-3.3.4-9) and the transport allow. */
    private void pump() {
        if (!resumed || state != State.CONNECTED) {
            return;
        }
        while (!pending.isEmpty() && inflight.size() < clientReceiveMaximum && transport.isWritable()) {
            OutboundEntry e = pending.pollFirstEntry().getValue();
            StoredMessage m = e.message();
            if (m.isExpiredAt(broker.time.nowMillis())) {
                dropEntry(e); // §3.3.2.3.3: an expired message is not delivered
                continue;
            }
            int pid = nextPacketId();
            OutboundEntry sent = new OutboundEntry(e.sequence(), DeliveryState.PUBLISH_SENT, pid, m);
            long sequence = e.sequence();
            if (m.qos() == Qos.EXACTLY_ONCE || sendAfterCommit != null || commitsAwaited > 0) {
                // Exactly once across a broker crash: a QoS 2 PUBLISH leaves only once its packet id
                // is stored, so a restart resends it with DUP and the same id (MQTT-4.4.0-1), which
                // the client recognises (§4.3.3), instead of sending it as a new message. What
                // follows it waits too, to keep the order of the queue (§4.6).
                inflight.put(pid, sent);
                defer(b -> b.markPublishSent(clientId, sequence, pid));
                if (sendAfterCommit == null) {
                    sendAfterCommit = new ArrayList<>();
                }
                sendAfterCommit.add(sent);
                continue;
            }
            if (!writePublish(m, pid, false)) {
                dropEntry(e);
                continue;
            }
            inflight.put(pid, sent);
            defer(b -> b.markPublishSent(clientId, sequence, pid));
        }
    }

    /** QoS 2 PUBLISH packets whose PUBLISH_SENT state is now stored. */
    private void sendCommitted(List<OutboundEntry> entries) {
        for (OutboundEntry e : entries) {
            if (inflight.get(e.packetId()) != e) {
                continue; // acknowledged or replaced meanwhile (a reconnect reloads from the store)
            }
            if (!writePublish(e.message(), e.packetId(), false)) {
                inflight.remove(e.packetId());
                dropEntry(e);
            }
        }
        pump();
    }

    private void dropEntry(OutboundEntry e) {
        broker.dropped.incrementAndGet();
        defer(b -> b.removeOutbound(clientId, e.sequence()));
    }

    /** A QoS 0 delivery: not queued, dropped if the connection is congested or not yet resumed. */
    /** A QoS 0 delivery encoded once for all its subscribers; copied into this connection's buffer. */
    void sendQos0(SharedQos0Delivery d) {
        if (state != State.CONNECTED || !resumed || !transport.isWritable()) {
            broker.dropped.incrementAndGet();
            return;
        }
        byte[] bytes = d.encoded(version);
        if (bytes.length > clientMaximumPacketSize) {
            broker.dropped.incrementAndGet(); // MQTT-3.1.2-24
            return;
        }
        if (scratch.capacity() < bytes.length) {
            scratch = ByteBuffer.allocate(Math.max(bytes.length, scratch.capacity() * 2));
        }
        scratch.clear();
        scratch.put(bytes).flip();
        transport.write(scratch);
        needsFlush = true;
        broker.messagesOut.incrementAndGet();
    }

    void sendQos0(StoredMessage m) {
        if (state != State.CONNECTED || !resumed || !transport.isWritable() || m.isExpiredAt(broker.time.nowMillis())) {
            broker.dropped.incrementAndGet();
            return;
        }
        if (!writePublish(m, 0, false)) {
            broker.dropped.incrementAndGet();
        }
    }

    private int nextPacketId() {
        while (true) {
            int id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
    }

    /**
     * Writes a PUBLISH for a stored message, with the remaining Message Expiry Interval
     * (MQTT-3.3.2-6); false if it exceeds the client's Maximum Packet Size, in which case it is not
     * sent at all (MQTT-3.1.2-24/-25).
     */
    private boolean writePublish(StoredMessage m, int packetId, boolean dup) {
        MqttProperties props = MqttProperties.EMPTY;
        if (v5) {
            long remaining = -1;
            if (m.hasExpiry()) {
                remaining = Math.max(0, (m.expiresAtMillis() - broker.time.nowMillis() + 999) / 1000);
            }
            props = StoredProperties.decode(m.properties(), remaining);
        }
        Publish p = new Publish(dup && m.qos() != Qos.AT_MOST_ONCE, m.qos(), m.retain(), m.topic(),
                m.qos() == Qos.AT_MOST_ONCE ? 0 : packetId, ByteBuffer.wrap(m.payload()), props);
        if (encoder.encodedSize(p) > clientMaximumPacketSize) {
            return false;
        }
        write(p);
        broker.messagesOut.incrementAndGet();
        return true;
    }

    // ---- output

    private void reply(CompletableFuture<?> done, Consumer<Throwable> send) {
        replies.add(done, send);
    }

    private static final CompletableFuture<Void> NOTHING_TO_WAIT_FOR = CompletableFuture.completedFuture(null);

    /** An answer that waits for nothing but the answers queued before it (§4.6: CONNACK first, then in order). */
    private void respond(MqttPacket p) {
        replies.add(NOTHING_TO_WAIT_FOR, e -> write(p));
    }

    private void write(MqttPacket p) {
        int size = encoder.encodedSize(p);
        if (scratch.capacity() < size) {
            scratch = ByteBuffer.allocate(Math.max(size, scratch.capacity() * 2));
        }
        scratch.clear();
        encoder.encode(p, scratch);
        scratch.flip();
        transport.write(scratch);
        needsFlush = true;
    }

    private void flush() {
        commitDeferred();
        if (needsFlush) {
            needsFlush = false;
            transport.flush();
        }
    }

    /**
     * Queues a store change that nothing waits for (delivery-state bookkeeping: PUBLISH sent,
     * PUBREL sent, entry acknowledged). They are committed together when the current batch of
     * work ends, so a chunk of bytes with a hundred PUBACKs costs one commit, not a hundred. If
     * the broker stops before the commit, the client gets a DUP resend: allowed by MQTT-4.4.0-1.
     */
    private void defer(Consumer<StoreBatch> change) {
        if (deferred == null) {
            deferred = new ArrayList<>();
        }
        deferred.add(change);
    }

    private void commitDeferred() {
        if (deferred != null) {
            List<Consumer<StoreBatch>> changes = deferred;
            List<OutboundEntry> toSend = sendAfterCommit;
            deferred = null;
            sendAfterCommit = null;
            CompletableFuture<?> done = broker.commit(b -> changes.forEach(c -> c.accept(b)));
            if (toSend != null) {
                commitsAwaited++;
                done.whenComplete((r, error) -> post(() -> {
                    commitsAwaited--;
                    if (error != null) {
                        closeWith(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR); // the store failed
                    } else {
                        sendCommitted(toSend);
                    }
                }));
            }
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
