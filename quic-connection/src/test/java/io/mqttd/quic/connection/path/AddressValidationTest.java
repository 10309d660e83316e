package io.mqttd.quic.connection.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttd.quic.packet.ConnectionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AddressValidationTest {
    private final AddressValidationTokens tokens = new AddressValidationTokens(new byte[16], 10_000, 3_600_000);
    private final InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private final ConnectionId odcid = ConnectionId.fromHex("8394c8f03e515708");
    private final ConnectionId rscid = ConnectionId.fromHex("f067a5502a4262b5");

    @Test
    void retryTokenCarriesConnectionIdsForTransportParameterChecks_rfc9000_7_3() {
        byte[] token = tokens.retryToken(client, odcid, rscid, 1000);
        AddressValidationTokens.Validated v = tokens.validate(token, client, 2000);
        assertThat(v).isNotNull();
        assertThat(v.fromRetry()).isTrue();
        assertThat(v.originalDestination()).isEqualTo(odcid);
        assertThat(v.retrySource()).isEqualTo(rscid);
        assertThat(tokens.isRetryToken(token)).isTrue();
    }

    @Test
    void retryTokenBindsAddressAndPort_rfc9000_8_1_4() {
        byte[] token = tokens.retryToken(client, odcid, rscid, 1000);
        assertThat(tokens.validate(token, new InetSocketAddress(client.getAddress(), 40001), 1000)).isNull();
        assertThat(tokens.validate(token, new InetSocketAddress("127.0.0.2", 40000), 1000)).isNull();
    }

    @Test
    void retryTokenExpiresQuickly_rfc9000_8_1_3() {
        byte[] token = tokens.retryToken(client, odcid, rscid, 1000);
        assertThat(tokens.validate(token, client, 11_001)).isNull();
    }

    @Test
    void newTokenIgnoresPortButNotAddress_rfc9000_8_1_3() {
        byte[] token = tokens.newToken(client.getAddress(), 0);
        assertThat(tokens.validate(token, new InetSocketAddress(client.getAddress(), 5555), 60_000).fromRetry()).isFalse();
        assertThat(tokens.validate(token, new InetSocketAddress("127.0.0.2", 5555), 60_000)).isNull();
        assertThat(tokens.validate(token, client, 3_600_001)).as("expired").isNull();
        assertThat(tokens.isRetryToken(token)).isFalse();
    }

    @Test
    void tokenOfAnotherKeyIsRefused() {
        AddressValidationTokens other = AddressValidationTokens.withRandomKey();
        assertThat(tokens.validate(other.newToken(client.getAddress(), 0), client, 0)).isNull();
    }

    @Property(tries = 300)
    void alteredOrRandomTokensNeverValidateNorThrow(@ForAll byte[] garbage, @ForAll int flipAt) {
        assertThat(tokens.validate(garbage, client, 0)).isNull();
        byte[] token = tokens.retryToken(client, odcid, rscid, 0);
        int i = Math.floorMod(flipAt, token.length);
        token[i] ^= 0x01;
        assertThat(tokens.validate(token, client, 0)).isNull();
    }

    @Test
    void serverMaySendThreeTimesWhatItReceivedUntilValidated_rfc9000_8_1() {
        AmplificationLimit limit = new AmplificationLimit();
        assertThat(limit.allowance()).isZero();
        limit.onDatagramReceived(1200);
        assertThat(limit.allowance()).isEqualTo(3600);
        limit.onDatagramSent(3000);
        assertThat(limit.isBlocking(1200)).isTrue();
        assertThat(limit.isBlocking(600)).isFalse();
        limit.onAddressValidated();
        assertThat(limit.isBlocking(100_000)).isFalse();
        assertThat(AmplificationLimit.validatedPath().allowance()).isEqualTo(Long.MAX_VALUE);
    }
}
