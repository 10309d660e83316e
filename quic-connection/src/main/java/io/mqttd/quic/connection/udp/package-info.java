/**
 * The I/O edge: {@link io.mqttd.quic.connection.udp.UdpEventLoop} gives a sans-IO endpoint a real
 * UDP socket and clock on one thread, and is the only way application threads reach it (tasks and
 * futures). Nothing below this package knows about sockets or threads.
 */
package io.mqttd.quic.connection.udp;
