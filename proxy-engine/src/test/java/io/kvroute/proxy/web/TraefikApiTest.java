package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Traefik's {@code page} and {@code per_page}, read as Go's 64-bit {@code strconv.Atoi} reads them. */
class TraefikApiTest {
    @Test
    void pagingParametersAre64BitNumbersAndTheirErrorsNameWhatGoReads() {
        assertThat(TraefikApi.positive("3000000000", 100)).hasValue(3_000_000_000L);
        assertThat(TraefikApi.positive("", 100)).hasValue(100L);
        assertThat(TraefikApi.positive("+7", 100)).hasValue(7L);
        assertThat(TraefikApi.positive("9223372036854775808", 100)).isEmpty();
        assertThat(TraefikApi.positive("0", 100)).isEmpty();
        assertThat(TraefikApi.positive("٣", 100)).as("a non-ASCII digit").isEmpty();

        assertThat(TraefikApi.numberOrZero("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
        assertThat(TraefikApi.numberOrZero("-5")).isEqualTo(-5);
        assertThat(TraefikApi.numberOrZero("abc")).isZero();

        assertThat(TraefikApi.saturatedProduct(1, 3_000_000_000L)).isEqualTo(3_000_000_000L);
        assertThat(TraefikApi.saturatedProduct(4, Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE);
    }
}
