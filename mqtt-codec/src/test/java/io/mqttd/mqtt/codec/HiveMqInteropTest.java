package io.mqttd.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.internal.mqtt.message.publish.MqttPublish;
import com.hivemq.client.internal.mqtt.message.publish.MqttStatefulPublish;
import com.hivemq.client.internal.mqtt.message.subscribe.MqttStatefulSubscribe;
import com.hivemq.client.internal.mqtt.message.subscribe.MqttSubscribe;
import com.hivemq.client.internal.mqtt.message.unsubscribe.MqttUnsubscribe;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import io.mqttd.mqtt.codec.packet.MqttPacket;
import io.netty.buffer.ByteBuf;
import io.mqttd.mqtt.codec.packet.Publish;
import io.mqttd.mqtt.codec.packet.RetainHandling;
import io.mqttd.mqtt.codec.packet.Subscribe;
import io.mqttd.mqtt.codec.packet.Subscription;
import io.mqttd.mqtt.codec.packet.SubscriptionOptions;
import io.mqttd.mqtt.codec.packet.Unsubscribe;
import io.mqttd.mqtt.codec.property.MqttProperties;
import io.mqttd.mqtt.codec.property.MqttProperty;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact agreement with the HiveMQ MQTT client's MQTT 5.0 encoders, a second independent
 * implementation. Its encoders are internal (package-private, wired by Dagger), so they are reached
 * by reflection; the messages are built through its public builders.
 */
class HiveMqInteropTest {

    /** Encodes a HiveMQ stateful message with the named internal encoder. */
    private static byte[] hiveEncode(String encoderClass, Object statefulMessage) throws Exception {
        Object allocator = Class.forName("io.netty.buffer.UnpooledByteBufAllocator").getField("DEFAULT").get(null);
        Class<?> contextClass = Class.forName("com.hivemq.client.internal.mqtt.codec.encoder.MqttEncoderContext");
        Constructor<?> contextConstructor = contextClass.getDeclaredConstructor(Class.forName("io.netty.buffer.ByteBufAllocator"));
        contextConstructor.setAccessible(true);
        Object context = contextConstructor.newInstance(allocator);
        Method setMax = contextClass.getDeclaredMethod("setMaximumPacketSize", int.class);
        setMax.setAccessible(true);
        setMax.invoke(context, MqttDecoder.LARGEST_PACKET);
        Constructor<?> encoderConstructor = Class.forName(encoderClass).getDeclaredConstructor();
        encoderConstructor.setAccessible(true);
        Object encoder = encoderConstructor.newInstance();
        Method encode = Class.forName("com.hivemq.client.internal.mqtt.codec.encoder.MqttMessageEncoder")
                .getDeclaredMethod("castAndEncode", Class.forName("com.hivemq.client.internal.mqtt.message.MqttMessage"), contextClass);
        encode.setAccessible(true);
        // Typed, not reflected on getClass(): Netty's leak detector wraps a sampled buffer in a
        // package-private class whose public methods reflection cannot call.
        ByteBuf buf = (ByteBuf) encode.invoke(encoder, statefulMessage, context);
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    private static void assertSameWire(MqttPacket ours, byte[] hive) throws Exception {
        assertThat(PahoInteropTest.hex(new MqttEncoder(ProtocolVersion.MQTT_5).encode(ours)))
                .isEqualTo(PahoInteropTest.hex(ByteBuffer.wrap(hive)));
        assertThat(MqttDecoder.forClient(ProtocolVersion.MQTT_5, MqttDecoder.LARGEST_PACKET).decode(ByteBuffer.wrap(hive)))
                .isEqualTo(ours);
    }

    @Test
    void publishWithPropertiesMatchesHiveMq() throws Exception {
        byte[] payload = "hello hivemq".getBytes(StandardCharsets.UTF_8);
        MqttPublish hive = (MqttPublish) Mqtt5Publish.builder()
                .topic("a/b/c")
                .qos(MqttQos.EXACTLY_ONCE)
                .retain(true)
                .payload(payload)
                .messageExpiryInterval(3600)
                .contentType("text/plain")
                .responseTopic("reply")
                .correlationData(new byte[] {1, 2})
                .userProperties().add("k", "v").add("k", "w").applyUserProperties()
                .build();
        MqttStatefulPublish stateful = hive.createStateful(321, false, MqttStatefulPublish.DEFAULT_NO_TOPIC_ALIAS,
                MqttStatefulPublish.DEFAULT_NO_SUBSCRIPTION_IDENTIFIERS);
        byte[] wire = hiveEncode("com.hivemq.client.internal.mqtt.codec.encoder.mqtt5.Mqtt5PublishEncoder", stateful);

        MqttProperties props = MqttProperties.builder()
                .put(MqttProperty.MESSAGE_EXPIRY_INTERVAL, 3600)
                .put(MqttProperty.CONTENT_TYPE, "text/plain")
                .put(MqttProperty.RESPONSE_TOPIC, "reply")
                .put(MqttProperty.CORRELATION_DATA, new byte[] {1, 2})
                .addUserProperty("k", "v").addUserProperty("k", "w")
                .build();
        assertSameWire(new Publish(false, Qos.EXACTLY_ONCE, true, "a/b/c", 321, ByteBuffer.wrap(payload), props), wire);
    }

    @Test
    void subscribeWithOptionsMatchesHiveMq() throws Exception {
        MqttSubscribe hive = (MqttSubscribe) Mqtt5Subscribe.builder()
                .addSubscription().topicFilter("x/+/y").qos(MqttQos.AT_LEAST_ONCE).noLocal(true)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).retainAsPublished(true)
                .applySubscription()
                .addSubscription().topicFilter("$share/g/z/#").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .build();
        MqttStatefulSubscribe stateful = hive.createStateful(9, 77);
        byte[] wire = hiveEncode("com.hivemq.client.internal.mqtt.codec.encoder.mqtt5.Mqtt5SubscribeEncoder", stateful);
        assertSameWire(new Subscribe(9, List.of(
                new Subscription("x/+/y", new SubscriptionOptions(Qos.AT_LEAST_ONCE, true, true,
                        RetainHandling.SEND_IF_NEW_SUBSCRIPTION)),
                Subscription.of("$share/g/z/#", Qos.AT_MOST_ONCE)),
                MqttProperties.builder().addSubscriptionIdentifier(77).build()), wire);
    }

    @Test
    void unsubscribeMatchesHiveMq() throws Exception {
        MqttUnsubscribe hive = (MqttUnsubscribe) Mqtt5Unsubscribe.builder()
                .addTopicFilter("a/#").addTopicFilter("é/€/😀").build();
        byte[] wire = hiveEncode("com.hivemq.client.internal.mqtt.codec.encoder.mqtt5.Mqtt5UnsubscribeEncoder",
                hive.createStateful(65535));
        assertSameWire(new Unsubscribe(65535, List.of("a/#", "é/€/😀"), MqttProperties.EMPTY), wire);
    }
}
