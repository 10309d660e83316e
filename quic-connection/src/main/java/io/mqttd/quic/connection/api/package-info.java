/**
 * The public QUIC API: {@link io.mqttd.quic.connection.api.QuicServer} and
 * {@link io.mqttd.quic.connection.api.QuicClient} open connections
 * ({@link io.mqttd.quic.connection.api.QuicConnectionHandle}) whose streams
 * ({@link io.mqttd.quic.connection.api.QuicStream}) are used asynchronously (futures) or blocking
 * (InputStream/OutputStream), from any thread. Underneath, each connection is a sans-IO
 * {@code QuicConnection} owned by an event loop thread; this package turns its events into completed
 * futures and the application's calls into tasks on that thread. A client that makes many
 * connections shares one socket and loop through a
 * {@link io.mqttd.quic.connection.api.QuicClientEndpoint}.
 */
package io.mqttd.quic.connection.api;
