package io.kvroute.kv.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "1s, 1000000000",
        "100ms, 100000000",
        "1m30s, 90000000000",
        "1.5s, 1500000000",
        "1h0m0s, 3600000000000",
        "2h45m0.5s, 9900500000000",
        "1.5µs, 1500",
        "999ns, 999",
        "0s, 0",
        "-1.5s, -1500000000",
    })
    void parsesAndFormatsLikeGo(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        "30, 30s",
        "1h, 1h0m0s",
        "90s, 1m30s",
        "1us, 1µs",
        "0, 0s",
        "1.s, 1s",
        ".5s, 500ms",
        "+2m, 2m0s",
    })
    void acceptsOtherSpellings(String text, String formatted) {
        assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(formatted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-1", "1x", "1s2", "soon", ".s", "1 s", "3000000h"})
    void rejectsNonDurations(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }
}
