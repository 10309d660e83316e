package io.mqttd.quic.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a client and a server handshake against each other in one thread, delivering each
 * side's HandshakeData to the other at the same level, and recording every event.
 */
final class Pipe {
    final ClientHandshake client;
    final ServerHandshake server;
    final List<TlsEvent> clientEvents = new ArrayList<>();
    final List<TlsEvent> serverEvents = new ArrayList<>();

    Pipe(ClientHandshake client, ServerHandshake server) {
        this.client = client;
        this.server = server;
    }

    /** Starts the client and runs until neither side has anything more to say. */
    Pipe run() {
        client.start();
        boolean moved = true;
        while (moved) {
            moved = false;
            TlsEvent e;
            while ((e = client.poll()) != null) {
                clientEvents.add(e);
                if (e instanceof TlsEvent.HandshakeData d) {
                    server.handle(d.level(), d.data());
                }
                moved = true;
            }
            while ((e = server.poll()) != null) {
                serverEvents.add(e);
                if (e instanceof TlsEvent.HandshakeData d) {
                    client.handle(d.level(), d.data());
                }
                moved = true;
            }
        }
        return this;
    }

    static <T extends TlsEvent> List<T> of(List<TlsEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends TlsEvent> List<T> client(Class<T> type) {
        return of(clientEvents, type);
    }

    <T extends TlsEvent> List<T> server(Class<T> type) {
        return of(serverEvents, type);
    }
}
