/**
 * MQTT 5.0 properties (§2.2.2): the identifier/type/placement table and an immutable, compact
 * property list that costs nothing for the many packets that carry none.
 */
package io.mqttd.mqtt.codec.property;
