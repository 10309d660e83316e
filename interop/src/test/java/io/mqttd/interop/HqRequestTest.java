package io.mqttd.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HqRequestTest {

    @Test
    void parsesGetLineWithOrWithoutCrLf() {
        assertThat(HqRequest.parse("GET /a/b.bin\r\n".getBytes(StandardCharsets.US_ASCII)).path()).isEqualTo("/a/b.bin");
        assertThat(HqRequest.parse("GET /x".getBytes(StandardCharsets.US_ASCII)).path()).isEqualTo("/x");
    }

    @Test
    void rejectsOtherMethodsAndOversizedRequests() {
        assertThat(HqRequest.parse("POST /x\r\n".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(HqRequest.parse("GET x\r\n".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(HqRequest.parse("GET /x HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(HqRequest.parse(("GET /" + "a".repeat(HqRequest.MAX_LENGTH)).getBytes(StandardCharsets.US_ASCII)))
                .isNull();
    }

    @Test
    void neverResolvesOutsideTheServedDirectory() {
        Path root = Path.of("/srv/www");
        assertThat(new HqRequest("/../etc/passwd").resolveUnder(root)).isNull();
        assertThat(new HqRequest("/a/../../etc/passwd").resolveUnder(root)).isNull();
        assertThat(new HqRequest("/").resolveUnder(root)).isNull();
        assertThat(new HqRequest("/a/../b.txt").resolveUnder(root)).isEqualTo(Path.of("/srv/www/b.txt"));
    }

    @Test
    void encodesTheRequestLine() {
        assertThat(new String(new HqRequest("/f").encode(), StandardCharsets.US_ASCII)).isEqualTo("GET /f\r\n");
    }
}
