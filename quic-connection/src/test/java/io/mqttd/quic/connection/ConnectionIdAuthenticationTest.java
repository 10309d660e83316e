package io.mqttd.quic.connection;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.frame.TransportParameters;
import io.mqttd.quic.packet.ConnectionId;
import io.mqttd.quic.packet.TransportError;
import io.mqttd.quic.packet.TransportErrorCode;
import org.junit.jupiter.api.Test;

class ConnectionIdAuthenticationTest {
    private static final ConnectionId SERVER_SCID = ConnectionId.fromHex("aaaaaaaaaaaaaaaa");
    private static final ConnectionId ODCID = ConnectionId.fromHex("0102030405060708");
    private static final ConnectionId RETRY_SCID = ConnectionId.fromHex("bbbbbbbbbbbbbbbb");

    private static TransportParameters.Builder server() {
        return TransportParameters.builder().initialSourceConnectionId(SERVER_SCID).originalDestinationConnectionId(ODCID);
    }

    private static void assertParameterError(Runnable check, String parameter) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(TransportError.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.errorCode())
                    .isEqualTo(TransportErrorCode.TRANSPORT_PARAMETER_ERROR);
            org.assertj.core.api.Assertions.assertThat(e.reason()).contains(parameter);
        });
    }

    @Test
    void acceptsMatchingConnectionIdsWithoutRetry_rfc9000_7_3() {
        assertThatCode(() -> new ConnectionIdAuthentication(SERVER_SCID, ODCID, null).check(server().build(), false))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsMatchingConnectionIdsAfterRetry_rfc9000_7_3() {
        assertThatCode(() -> new ConnectionIdAuthentication(SERVER_SCID, ODCID, RETRY_SCID)
                .check(server().retrySourceConnectionId(RETRY_SCID).build(), false)).doesNotThrowAnyException();
    }

    @Test
    void rejectsAnotherInitialSourceConnectionId_rfc9000_7_3() {
        assertParameterError(() -> new ConnectionIdAuthentication(RETRY_SCID, ODCID, null).check(server().build(), false),
                "initial_source_connection_id");
    }

    @Test
    void rejectsAMissingInitialSourceConnectionId_rfc9000_7_3() {
        assertParameterError(() -> new ConnectionIdAuthentication(SERVER_SCID, ODCID, null)
                .check(TransportParameters.builder().originalDestinationConnectionId(ODCID).build(), false),
                "initial_source_connection_id");
    }

    @Test
    void clientRejectsAnotherOriginalDestinationConnectionId_rfc9000_7_3() {
        assertParameterError(() -> new ConnectionIdAuthentication(SERVER_SCID, RETRY_SCID, null)
                .check(server().build(), false), "original_destination_connection_id");
    }

    @Test
    void clientRejectsRetrySourceWithoutARetry_rfc9000_7_3() {
        assertParameterError(() -> new ConnectionIdAuthentication(SERVER_SCID, ODCID, null)
                .check(server().retrySourceConnectionId(RETRY_SCID).build(), false), "retry_source_connection_id");
    }

    @Test
    void clientRejectsAMissingRetrySourceAfterARetry_rfc9000_7_3() {
        assertParameterError(() -> new ConnectionIdAuthentication(SERVER_SCID, ODCID, RETRY_SCID)
                .check(server().build(), false), "retry_source_connection_id");
    }

    @Test
    void serverChecksOnlyTheClientsInitialSourceConnectionId_rfc9000_7_3() {
        ConnectionId clientScid = ConnectionId.fromHex("cccc");
        TransportParameters client = TransportParameters.builder().initialSourceConnectionId(clientScid).build();
        assertThatCode(() -> new ConnectionIdAuthentication(clientScid, ODCID, null).check(client, true))
                .doesNotThrowAnyException();
        assertParameterError(() -> new ConnectionIdAuthentication(SERVER_SCID, ODCID, null).check(client, true),
                "initial_source_connection_id");
    }
}
