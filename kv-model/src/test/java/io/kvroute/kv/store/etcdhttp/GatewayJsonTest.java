package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The gateway's encoding: base64 keys, prefix ranges as etcd's clients compute them, 64-bit integers as strings. */
class GatewayJsonTest {
    @Test
    void aPrefixRangeEndsAtThePrefixWithItsLastByteIncremented() {
        assertThat(decoded(GatewayJson.prefixEnd("traefik/"))).isEqualTo(bytes("traefik0"));
        assertThat(decoded(GatewayJson.prefixStart("traefik/"))).isEqualTo(bytes("traefik/"));
    }

    @Test
    void trailingFfBytesAreDroppedAndAnAllFfOrEmptyPrefixCoversEveryKey() {
        assertThat(decoded(GatewayJson.prefixEnd("a\u00ff"))).as("UTF-8 c3 bf: the bf is incremented")
                .containsExactly('a', (byte) 0xc3, (byte) 0xc0);
        assertThat(decoded(GatewayJson.prefixEnd(""))).containsExactly(0);
        assertThat(decoded(GatewayJson.prefixStart(""))).containsExactly(0);
    }

    @Test
    void int64FieldsAreStringsOrNumbersAndZeroWhenLeftOut() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(GatewayJson.int64(json.readTree("\"9223372036854775807\""))).isEqualTo(Long.MAX_VALUE);
        assertThat(GatewayJson.int64(json.readTree("42"))).isEqualTo(42);
        assertThat(GatewayJson.int64(null)).isZero();
        assertThat(GatewayJson.revision(json.readTree("{\"header\":{\"revision\":\"17\"}}"))).isEqualTo(17);
        assertThat(GatewayJson.text(json.readTree("\"" + GatewayJson.base64("clé") + "\""))).isEqualTo("clé");
        assertThat(GatewayJson.text(null)).isEmpty();
    }

    private static byte[] decoded(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
