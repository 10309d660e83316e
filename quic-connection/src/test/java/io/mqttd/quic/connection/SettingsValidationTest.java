package io.mqttd.quic.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttd.quic.frame.TransportParameters;
import io.mqttd.quic.tls.cert.InsecureVerifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsValidationTest {

    @Test
    void transportSettingsRefuseValuesRfc9000_18_2ForbidsWithTheSettingsName() {
        TransportSettings d = TransportSettings.defaults();
        assertThatThrownBy(() -> d.withAckDelay(21, Duration.ofMillis(25))).hasMessageContaining("ackDelayExponent");
        assertThatThrownBy(() -> d.withAckDelay(3, Duration.ofMillis(1 << 14))).hasMessageContaining("maxAckDelay");
        assertThatThrownBy(() -> d.withActiveConnectionIdLimit(1)).hasMessageContaining("activeConnectionIdLimit");
        assertThatThrownBy(() -> d.withMaxUdpPayloadSize(1199)).hasMessageContaining("maxUdpPayloadSize");
        assertThatThrownBy(() -> d.withMaxData(2 << 20, 1 << 20)).hasMessageContaining("maxDataWindow");
        assertThatThrownBy(() -> d.withMaxStreams(-1, 0)).hasMessageContaining("maxStreams");
        assertThatThrownBy(() -> d.withIdleTimeout(Duration.ofSeconds(-1))).hasMessageContaining("idleTimeout");
    }

    @Test
    void transportSettingsBecomeTheAdvertisedParameters_rfc9000_18_2() {
        TransportSettings s = TransportSettings.defaults().withMaxStreams(7, 3).withIdleTimeout(Duration.ofSeconds(9))
                .withMaxDatagramFrameSize(500);
        TransportParameters p = TransportParameters.decode(java.nio.ByteBuffer.wrap(s.toTransportParameters().build()
                .toBytes()), io.mqttd.quic.frame.EndpointRole.CLIENT);
        assertThat(p.initialMaxStreamsBidi()).isEqualTo(7);
        assertThat(p.initialMaxStreamsUni()).isEqualTo(3);
        assertThat(p.maxIdleTimeoutMs()).isEqualTo(9000);
        assertThat(p.maxDatagramFrameSize()).isEqualTo(500);
        assertThat(p.initialMaxData()).isEqualTo(s.initialMaxData());
    }

    @Test
    void clientSettingsNeedAnAlpnProtocol_rfc9001_8_1() {
        assertThatThrownBy(() -> QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate()).build())
                .hasMessageContaining("ALPN");
        assertThatThrownBy(() -> QuicClientSettings.builder(InsecureVerifier.acceptAnyCertificate()).alpn("h3")
                .cipherSuites(List.of()).build()).hasMessageContaining("cipher suite");
    }

    @Test
    void serverSettingsCheckTheTicketKeyAndAlpn() {
        assertThatThrownBy(() -> QuicServerSettings.builder(ConnectionPair.CERTIFICATE).build())
                .hasMessageContaining("ALPN");
        assertThatThrownBy(() -> QuicServerSettings.builder(ConnectionPair.CERTIFICATE).alpn("h3")
                .ticketKey(new byte[31]).build()).hasMessageContaining("ticket key");
        assertThatThrownBy(() -> QuicServerSettings.randomConnectionIds(0)).hasMessageContaining("1..20");
    }
}
