package io.mqttd.mqtt.server.broker;

import io.mqttd.mqtt.codec.MqttDecoder;
import io.mqttd.mqtt.codec.Qos;
import java.util.Objects;

/**
 * Every limit and feature switch of the broker core, with the values it announces in CONNACK
 * (MQTT 5.0 §3.2.2.3). {@link #defaults()} gives the documented defaults; the {@code with...}
 * methods change one value. The per-client queue bound and its overflow policy belong to the
 * store ({@code StoreConfig.maxQueuedPerClient}, {@code overflowPolicy}), which enforces them.
 *
 * @param maximumQos               highest QoS accepted and granted (§3.2.2.3.4); default 2
 * @param retainAvailable          whether retained messages are supported (§3.2.2.3.5); default true
 * @param wildcardSubscriptionAvailable    §3.2.2.3.11; default true
 * @param subscriptionIdentifiersAvailable §3.2.2.3.12; default true
 * @param sharedSubscriptionAvailable      §3.2.2.3.13; default true
 * @param receiveMaximum           QoS 1/2 PUBLISH packets a client may have unacknowledged towards
 *                                 the broker (§3.2.2.3.3); default 65535 (no limit announced)
 * @param maximumPacketSize        the largest packet the broker accepts (§3.2.2.3.6); default 268435460
 *                                 (no limit announced)
 * @param topicAliasMaximum        inbound Topic Aliases per connection (§3.2.2.3.8); default 65535 (0 disables)
 * @param maximumKeepAliveSeconds  the largest Keep Alive accepted; a larger or zero request is answered
 *                                 with Server Keep Alive (§3.2.2.3.14) set to this; 0 (default) accepts any
 * @param maximumSessionExpirySeconds the largest Session Expiry Interval granted (announced in CONNACK if
 *                                 lower than requested); default 0xFFFFFFFF (no cap)
 * @param maximumClientIdLength    the longest Client Identifier accepted in bytes; default 65535
 * @param outboundInflightMaximum  cap on PUBLISH packets in flight towards one client even if its Receive
 *                                 Maximum is higher; default 65535
 * @param authenticator            default {@link Authenticator#ALLOW_ALL}
 * @param authorizer               default {@link Authorizer#ALLOW_ALL}
 * @param validatePayloadFormat    check that a payload marked as UTF-8 (Payload Format Indicator 1,
 *                                 §3.3.2.3.2) is well-formed UTF-8, and refuse it with 0x99 otherwise;
 *                                 the spec makes the check optional; default true
 */
public record BrokerSettings(
        Qos maximumQos,
        boolean retainAvailable,
        boolean wildcardSubscriptionAvailable,
        boolean subscriptionIdentifiersAvailable,
        boolean sharedSubscriptionAvailable,
        int receiveMaximum,
        int maximumPacketSize,
        int topicAliasMaximum,
        int maximumKeepAliveSeconds,
        long maximumSessionExpirySeconds,
        int maximumClientIdLength,
        int outboundInflightMaximum,
        Authenticator authenticator,
        Authorizer authorizer,
        boolean validatePayloadFormat) {

    public BrokerSettings {
        Objects.requireNonNull(maximumQos, "maximumQos");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(authorizer, "authorizer");
        check(receiveMaximum, 1, 65535, "receiveMaximum");
        check(maximumPacketSize, 16, MqttDecoder.LARGEST_PACKET, "maximumPacketSize");
        check(topicAliasMaximum, 0, 65535, "topicAliasMaximum");
        check(maximumKeepAliveSeconds, 0, 65535, "maximumKeepAliveSeconds");
        if (maximumSessionExpirySeconds < 0 || maximumSessionExpirySeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maximumSessionExpirySeconds must be 0..4294967295");
        }
        check(maximumClientIdLength, 23, 65535, "maximumClientIdLength");
        check(outboundInflightMaximum, 1, 65535, "outboundInflightMaximum");
    }

    private static void check(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
    }

    /** Everything available, no limits below the protocol's own, allow-all hooks. */
    public static BrokerSettings defaults() {
        return new BrokerSettings(Qos.EXACTLY_ONCE, true, true, true, true, 65535, MqttDecoder.LARGEST_PACKET, 65535,
                0, 0xFFFF_FFFFL, 65535, 65535, Authenticator.ALLOW_ALL, Authorizer.ALLOW_ALL, true);
    }

    public BrokerSettings withMaximumQos(Qos v) {
        return new BrokerSettings(v, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withRetainAvailable(boolean v) {
        return new BrokerSettings(maximumQos, v, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withWildcardSubscriptionAvailable(boolean v) {
        return new BrokerSettings(maximumQos, retainAvailable, v, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withSubscriptionIdentifiersAvailable(boolean v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, v,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withSharedSubscriptionAvailable(boolean v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                v, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withReceiveMaximum(int v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, v, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withMaximumPacketSize(int v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, v, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withTopicAliasMaximum(int v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, v, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withMaximumKeepAliveSeconds(int v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, v,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withMaximumSessionExpirySeconds(long v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                v, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withMaximumClientIdLength(int v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, v, outboundInflightMaximum, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withOutboundInflightMaximum(int v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, v, authenticator, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withAuthenticator(Authenticator v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, v, authorizer, validatePayloadFormat);
    }

    public BrokerSettings withAuthorizer(Authorizer v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, v, validatePayloadFormat);
    }

    public BrokerSettings withValidatePayloadFormat(boolean v) {
        return new BrokerSettings(maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, receiveMaximum, maximumPacketSize, topicAliasMaximum, maximumKeepAliveSeconds,
                maximumSessionExpirySeconds, maximumClientIdLength, outboundInflightMaximum, authenticator, authorizer, v);
    }
}
