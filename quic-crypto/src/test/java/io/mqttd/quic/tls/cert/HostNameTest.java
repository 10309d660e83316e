package io.mqttd.quic.tls.cert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNameTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "example.com, example.com, true",
        "Example.COM, example.com, true",
        "example.com, example.com., true",
        "example.com., EXAMPLE.com, true",
        "example.com, www.example.com, false",
        "*.example.com, www.example.com, true",
        "*.example.com, WWW.Example.Com, true",
        "*.example.com, example.com, false",
        "*.example.com, a.b.example.com, false",
        "*.com, example.com, false",
        "f*.example.com, foo.example.com, false",
        "www.*.com, www.example.com, false",
        "*.*.example.com, a.b.example.com, false",
        "*.example.com, .example.com, false",
        "bücher.example, xn--bcher-kva.example, true",
        "xn--bcher-kva.example, bücher.example, true",
    })
    void matchesDnsNamesPerRfc9525_6_3(String presented, String reference, boolean expected) {
        assertThat(HostName.dnsNameMatches(presented, reference)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "127.0.0.1, true",
        "255.255.255.255, true",
        "256.1.1.1, false",
        "::1, true",
        "[::1], true",
        "2001:db8::8a2e:370:7334, true",
        "::ffff:192.0.2.1, true",
        "example.com, false",
        "1.2.3, false",
        "localhost, false",
        "dead:beef:zz, false",
    })
    void recognisesIpLiteralsWithoutDnsLookups(String name, boolean expected) {
        assertThat(HostName.isIpLiteral(name)).isEqualTo(expected);
    }
}
