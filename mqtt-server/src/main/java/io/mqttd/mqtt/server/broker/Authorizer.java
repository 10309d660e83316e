package io.mqttd.mqtt.server.broker;

/**
 * Access control per topic (MQTT 5.0 §5.4.2): may this client publish to a Topic Name, subscribe
 * to a Topic Filter. A denied PUBLISH is answered with 0x87 Not authorized in PUBACK/PUBREC (5.0)
 * and not forwarded; a denied subscription gets 0x87 in SUBACK (0x80 for 3.1.1). The default
 * allows everything.
 */
public interface Authorizer {
    Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public boolean mayPublish(ClientIdentity client, String topicName) {
            return true;
        }

        @Override
        public boolean maySubscribe(ClientIdentity client, String topicFilter) {
            return true;
        }
    };

    boolean mayPublish(ClientIdentity client, String topicName);

    boolean maySubscribe(ClientIdentity client, String topicFilter);
}
