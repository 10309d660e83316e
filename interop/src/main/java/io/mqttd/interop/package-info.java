/**
 * HTTP/0.9 over QUIC ({@code hq-interop}, as the QUIC interop runner uses it): a file server and a
 * downloading client on the public API of {@code io.mqttd.quic.connection.api}, and the command line
 * that runs them ({@link io.mqttd.interop.HqInterop}). A request is {@code GET /path\r\n} on a
 * client-initiated bidirectional stream, FIN; the response is the file's bytes, FIN.
 */
package io.mqttd.interop;
