package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key range of a watch stream: tight around its prefixes, byte-wise, nested prefixes and the empty one. */
class KeyRangeTest {

    @Test
    void theRangeRunsFromTheFirstPrefixToTheEndOfTheLastOne() {
        KeyRange range = KeyRange.of(List.of("traefik/http/services/m/", "traefik/http/services/a/",
                "traefik/http/services/z/"));

        assertThat(range).hasToString("[\"traefik/http/services/a/\", \"traefik/http/services/z0\")");
        assertThat(decode(range.key())).isEqualTo("traefik/http/services/a/");
        assertThat(decode(range.rangeEnd())).isEqualTo("traefik/http/services/z0");
    }

    @Test
    void aPrefixHoldingAnotherOneEndsTheRange() {
        assertThat(KeyRange.of(List.of("a/", "a/b/"))).hasToString("[\"a/\", \"a0\")");
    }

    @Test
    void theEmptyPrefixCoversEveryKey() {
        KeyRange every = KeyRange.of(List.of("", "a/"));

        assertThat(every).hasToString("[\"\", the last key]");
        assertThat(Base64.getDecoder().decode(every.key())).containsExactly(0);
        assertThat(Base64.getDecoder().decode(every.rangeEnd())).containsExactly(0);
        assertThat(every.covers(KeyRange.of(List.of("z/")))).isTrue();
    }

    @Test
    void aRangeCoversTheRangesInsideItOnly() {
        KeyRange services = KeyRange.of(List.of("s/a/", "s/m/"));

        assertThat(services.covers(KeyRange.of(List.of("s/b/")))).isTrue();
        assertThat(services.covers(KeyRange.of(List.of("s/a/", "s/m/")))).isTrue();
        assertThat(services.covers(KeyRange.of(List.of("s/z/")))).isFalse();
        assertThat(services.covers(KeyRange.of(List.of("s/")))).isFalse();
        assertThat(services.covers(KeyRange.of(List.of("")))).isFalse();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
